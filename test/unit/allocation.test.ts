// Routing, lanes, ownership and exclusions on small documents.
import { describe, expect, it } from 'vitest';
import { compile, defaultRouting } from '../../src/compile.js';
import { routingFromConfig } from '../../src/commands/source-input.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/io/errors.js';

const task = (p: ReturnType<typeof compile>, id: string) => p.tasks.find((t) => t.id === id)!;

describe('routing', () => {
  const p = compile(
    [
      '- [ ] T001 Fix the build script',
      '- [ ] T002 Update the author field',
      '- [ ] T003 Add the settings screen in `src/settings/Panel.tsx`',
      '- [ ] T004 Add JWT authentication middleware',
      '- [ ] T005 Write the migration for the orders table',
      '- [ ] T006 Tidy up @docs-writer',
    ].join('\n'),
    { file: 'doc.md' },
  );

  it('matches whole words only: no "ui" inside "build", no "auth" inside "author"', () => {
    expect(task(p, 'T001').agent).toBe('backend-architect');
    expect(task(p, 'T001').routing.source).toBe('default');
    expect(task(p, 'T002').agent).not.toBe('security-auditor');
  });

  it('counts a .tsx path as frontend evidence and records score and runner-up', () => {
    expect(task(p, 'T003').agent).toBe('frontend-developer');
    expect(task(p, 'T003').routing.matched).toContain('.tsx');
    expect(task(p, 'T004').agent).toBe('security-auditor');
    expect(task(p, 'T004').routing.runnerUp).toEqual({ agent: 'backend-architect', score: expect.any(Number) });
    expect(task(p, 'T005').agent).toBe('database-architect');
  });

  it('lets an explicit @agent win over scoring', () => {
    expect(task(p, 'T006').agent).toBe('docs-writer');
    expect(task(p, 'T006').routing.source).toBe('explicit');
  });

  it('takes overrides from squad.config.yaml', () => {
    const config = parseConfig('routing:\n  default: devops-engineer\n  keywords:\n    frontend-developer: [settings]\n', 'squad.config.yaml');
    const q = compile('- [ ] T001 Fix the build script\n- [ ] T002 Tweak settings\n', { file: 'doc.md', routing: routingFromConfig(config) });
    expect(task(q, 'T001').agent).toBe('devops-engineer');
    expect(task(q, 'T002').agent).toBe('frontend-developer');
    expect(defaultRouting().defaultAgent).toBe('backend-architect');
  });

  it('names the key and line of a bad config', () => {
    expect(() => parseConfig('concurrency: 4\nrouting:\n  defualt: x\n', 'squad.config.yaml')).toThrow(UserError);
    try {
      parseConfig('concurrency: 4\nrouting:\n  defualt: x\n', 'squad.config.yaml');
    } catch (err) {
      expect((err as UserError).format()).toBe(`squad.config.yaml:3: unknown config key 'routing.defualt'; see README "Configuration" for the keys`);
    }
    try {
      parseConfig('concurrency: many\n', 'squad.config.yaml');
    } catch (err) {
      expect((err as UserError).format()).toMatch(/^squad\.config\.yaml:1: config key 'concurrency'/);
    }
  });
});

describe('ownership', () => {
  const doc = [
    '- [ ] T001 [P] Build the page in `web/pages/home.tsx` and add a dependency to `package.json`',
    '- [ ] T002 [P] Add the orders endpoint in `api/orders.py` and its dependency to `package.json`',
    '- [ ] T003 [P] Add the users endpoint in `api/users.py`',
    '- [ ] T004 Style the page in `web/styles/home.css` reading `config/theme.json`',
  ].join('\n');
  const p = compile(doc, { file: 'doc.md' });
  const mode = (path: string) => p.ownership.find((o) => o.path === path)!;

  it('gives each directory one owner where the tasks allow', () => {
    const web = p.agents.find((a) => a.owns.includes('web/'))!;
    const api = p.agents.find((a) => a.owns.includes('api/'))!;
    expect(web.type).toBe('frontend-developer');
    expect(api.type).toBe('backend-architect');
    expect(mode('web/pages/home.tsx')).toMatchObject({ mode: 'exclusive', owner: web.id });
    expect(mode('config/theme.json')).toMatchObject({ mode: 'read-only', readers: ['T004'] });
  });

  it('makes package.json SEQUENTIAL and records that two unordered writers never overlap', () => {
    expect(mode('package.json')).toMatchObject({ mode: 'sequential', order: ['T001', 'T002'] });
    expect(p.exclusions).toEqual([{ path: 'package.json', tasks: ['T001', 'T002'] }]);
    expect(p.warnings.some((w) => w.line === 2 && /T001 and T002 both write package\.json/.test(w.message))).toBe(true);
  });

  it('fits the number of agents to --agents N', () => {
    expect(compile(doc, { file: 'doc.md', agents: 1 }).agents).toHaveLength(1);
    const two = compile(doc, { file: 'doc.md', agents: 2 });
    expect(two.agents).toHaveLength(2);
    expect(two.agents.flatMap((a) => a.tasks).sort()).toEqual(['T001', 'T002', 'T003', 'T004']);
  });

  it('predicts a makespan no longer than one agent alone, and not shorter than the critical path', () => {
    expect(p.schedule.makespanMinutes).toBeLessThanOrEqual(p.schedule.soloMinutes);
    expect(p.schedule.makespanMinutes).toBeGreaterThanOrEqual(p.criticalPath.minutes);
  });
});

describe('refusals', () => {
  const fail = (text: string): string => {
    try {
      compile(text, { file: 'plan.md' });
    } catch (err) {
      if (err instanceof UserError) return err.format();
      throw err;
    }
    throw new Error('compiled');
  };

  it('reports a cycle whole, with each edge and its line', () => {
    const msg = fail(['- [ ] T001 a [after: T003]', '- [ ] T002 b [after: T001]', '- [ ] T003 c [after: T002]'].join('\n'));
    expect(msg).toBe('plan.md:1: dependency cycle: T001 waits for T003 (line 1), T003 waits for T002 (line 3), T002 waits for T001 (line 2); remove one of these dependencies');
  });

  it('reports duplicate ids with both lines', () => {
    expect(fail('- [ ] T001 a\n- [ ] T002 b\n- [ ] T001 c\n')).toBe('plan.md:3: duplicate task id T001: also defined at line 1; give one of them another id');
  });

  it('refuses written paths that leave the repository', () => {
    expect(fail('- [ ] T001 a\n  - Files: ../elsewhere/x.ts\n')).toBe('plan.md:2: task T001: file ../elsewhere/x.ts leaves the repository (`..`); squad only plans files inside the repository');
    expect(fail('- [ ] T001 a\n  - Modify: /etc/hosts\n')).toMatch(/^plan\.md:2: task T001: file \/etc\/hosts is an absolute path outside the repository/);
  });

  it('says so when a document has no tasks', () => {
    expect(fail('# Vision\n\nWe will build great things.\n')).toMatch(/^plan\.md:1: no tasks found/);
  });
});
