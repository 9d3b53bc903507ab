// The real command, as a user runs it: files written, what goes to stdout and stderr, exit codes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';

const CLI = resolve('dist/cli.js'); // `npm test` builds first (pretest)
const PRD = resolve('examples/ai-agent-hub/feature-prd.md');

function squad(args: string[], cwd = mkdtempSync(join(tmpdir(), 'squad-cli-'))) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('squad allocate', () => {
  it('writes plan.json, one plan per agent, the report and the graph', () => {
    const r = squad(['allocate', PRD]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.cwd, 'plans')).sort()).toEqual(['agent-1.md', 'agent-2.md', 'agent-3.md', 'allocation-report.md', 'graph.mmd', 'plan.json']);
    expect(r.stdout).toMatch(/^4 tasks, 3 agents, explicit order/);
    const plan = Plan.parse(JSON.parse(readFileSync(join(r.cwd, 'plans/plan.json'), 'utf8')));
    expect(plan.version).toBe(1);
    expect(readFileSync(join(r.cwd, 'plans/graph.mmd'), 'utf8')).toMatch(/^flowchart TD\n/);
  });

  it('prints only the plan on stdout with --json, and writes byte-identical files every time', () => {
    const a = squad(['allocate', PRD, '--json', '--out', 'out']);
    const b = squad(['allocate', PRD, '--json', '--out', 'out']);
    expect(a.code).toBe(0);
    expect(Plan.parse(JSON.parse(a.stdout)).tasks).toHaveLength(4);
    expect(a.stdout).toBe(readFileSync(join(a.cwd, 'out/plan.json'), 'utf8'));
    for (const name of readdirSync(join(a.cwd, 'out'))) {
      expect(readFileSync(join(a.cwd, 'out', name), 'utf8'), name).toBe(readFileSync(join(b.cwd, 'out', name), 'utf8'));
    }
  });

  it('removes agent plans left by an earlier compile with more agents', () => {
    const first = squad(['allocate', PRD]);
    const again = squad(['allocate', PRD, '--agents', '1'], first.cwd);
    expect(again.code).toBe(0);
    expect(readdirSync(join(first.cwd, 'plans')).filter((f) => f.startsWith('agent-'))).toEqual(['agent-1.md']);
  });

  it('answers bad input with one line naming the file and line, exit 1, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-cli-'));
    writeFileSync(join(dir, 'cycle.md'), '- [ ] T001 a [after: T002]\n- [ ] T002 b [after: T001]\n');
    const r = squad(['allocate', 'cycle.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cycle.md:1: dependency cycle: T001 waits for T002 (line 1), T002 waits for T001 (line 2); remove one of these dependencies\n');
    expect(existsSync(join(dir, 'plans'))).toBe(false);
    const missing = squad(['allocate', 'nope.md'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('nope.md: no such file\n');
  });

  it('exits 2 on usage errors', () => {
    for (const args of [['allocate'], ['allocate', PRD, '--order', 'random'], ['allocate', PRD, '--agents', '0'], ['allocate', PRD, '--frobnicate'], ['frobnicate']]) {
      const r = squad(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('prints warnings as file:line lines on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-cli-'));
    writeFileSync(join(dir, 'tasks.md'), '- [ ] T001 a\n- [ ] T002 b (depends on T000)\n');
    const r = squad(['allocate', 'tasks.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toContain('tasks.md:2: warning: T002 depend(s) on T000, which this document does not define: kept as an external dependency (squad run checks it before starting)');
  });
});

describe('squad explain', () => {
  const doc = (cwd: string): string => {
    writeFileSync(join(cwd, 'tasks.md'), '## Tasks\n- [ ] T1 Schema in `db/schema.sql`\n- [ ] T2 API (depends on T1)\n  - Gate: `npm test`\n- **FR-001**: users log in\n');
    writeFileSync(join(cwd, 'squad.config.yaml'), 'reader:\n  fields:\n    deps: [wartet auf]\n');
    return 'tasks.md';
  };

  it('prints each task with its facts, then the lines not taken, and writes nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'squad-cli-'));
    const r = squad(['explain', doc(cwd)], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('T2  API\n  line 3: list item with a checkbox');
    expect(r.stdout).toContain("dep      T1  (line 3: declared by the task)");
    expect(r.stdout).toContain("gate     npm test  (line 4: field 'gate:')");
    expect(r.stdout).toMatch(/Not taken \(1 line\(s\)[^\n]*\n  line 5: "FR-001: users log in" -- FR-001 reads as a requirement id/);
    expect(existsSync(join(cwd, 'plans'))).toBe(false);
  });

  it('gives JSON with --json and one task with --task; an unknown task is one line, exit 1', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'squad-cli-'));
    const j = squad(['explain', doc(cwd), '--json', '--task', 'T1'], cwd);
    expect(j.code).toBe(0);
    const e = JSON.parse(j.stdout);
    expect(e.tasks.map((t: { id: string }) => t.id)).toEqual(['T1']);
    expect(e.tasks[0].facts).toContainEqual({ fact: 'file', value: 'db/schema.sql (modify)', line: 2, rule: 'a path in the task text' });
    const bad = squad(['explain', 'tasks.md', '--task', 'T9'], cwd);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^tasks\.md: no task T9 in this document/);
  });

  it('allocate points to explain when it warns', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'squad-cli-'));
    writeFileSync(join(cwd, 'a.md'), '## Tasks\n- [ ] T1 a (depends on T9)\n');
    const r = squad(['allocate', 'a.md'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/T9, which this document does not define[\s\S]*squad explain a\.md shows how/);
  });
});

describe('input limits', () => {
  const nested = (depth: number): string => Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- [ ] T${String(i + 1).padStart(3, '0')} level ${i}`).join('\n') + '\n';

  it('refuses lists nested past the limit with the line and exit 1 (400 levels would take the parser seconds)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-limits-'));
    writeFileSync(join(dir, 'deep.md'), nested(400));
    const r = squad(['allocate', 'deep.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/deep\.md:33: lists or quotes nested 33 levels deep, over squad's limit of 32; flatten them/);
    expect(existsSync(join(dir, 'plans'))).toBe(false);
  });

  it('compiles lists nested up to the limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-limits-'));
    writeFileSync(join(dir, 'ok.md'), nested(32));
    const r = squad(['allocate', 'ok.md', '--json'], dir);
    expect(r.code).toBe(0);
    expect(Plan.parse(JSON.parse(r.stdout)).tasks).toHaveLength(32);
  });

  it('refuses a document over the size limit with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'squad-limits-'));
    const line = '- [ ] T0001 a task line that is long enough to fill the file quickly with text\n';
    writeFileSync(join(dir, 'huge.md'), line.repeat(Math.ceil((17 * 1024 * 1024) / line.length)));
    const r = squad(['allocate', 'huge.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/huge\.md: 17\.0 MiB is over squad's limit of 16 MiB for one document; split the plan/);
  });
});
