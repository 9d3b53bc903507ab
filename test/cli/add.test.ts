// A live task pool: `squad add` while work goes on, and `squad allocate` again on an edited document, on a real
// spec-kit task list (corpus 01): tasks keep their state, added tasks survive, running or done work keeps its place.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { nextId } from '../../src/commands/add.js';

const CLI = resolve('dist/cli.js'); // `npm test` builds first (pretest)
const DOC = resolve('test/fixtures/corpus/01_speckit_tasks_template.md');

let cwd: string;
function squad(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true', SQUAD_SESSION: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const plan = () => Plan.parse(JSON.parse(readFileSync(join(cwd, 'plans/plan.json'), 'utf8')));
const planText = () => readFileSync(join(cwd, 'plans/plan.json'), 'utf8');
const doc = () => readFileSync(join(cwd, 'tasks.md'), 'utf8');
const editDoc = (edit: (text: string) => string) => writeFileSync(join(cwd, 'tasks.md'), edit(doc()));

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'squad-add-'));
  copyFileSync(DOC, join(cwd, 'tasks.md'));
  expect(squad('allocate', 'tasks.md').code).toBe(0);
});

describe('squad add', () => {
  it('adds a task that waits only for what it names, routed by --agent, as a new revision', () => {
    const before = plan();
    expect(before.revision).toBeUndefined();
    const r = squad('add', 'Write the migration guide', '--after', 'T003,T004', '--agent', 'docs-writer', '--files', 'docs/migrate.md', '--estimate', '45m', '--as', 'alice');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^added T029: Write the migration guide \(docs-writer on agent-\d+, after T003, T004\); plans\/plan\.json revision 2\n$/);
    const after = plan();
    expect(after.revision).toBe(2);
    const t = after.tasks.find((x) => x.id === 'T029')!;
    // Not chained into the document order: only its --after dependencies.
    expect(t).toMatchObject({ deps: ['T003', 'T004'], agent: 'docs-writer', estimateMinutes: 45, files: [{ path: 'docs/migrate.md', access: 'create' }], added: { by: 'alice' } });
    expect(t.routing.source).toBe('explicit');
    // Every task of the document is still there, unchanged.
    for (const old of before.tasks) expect(after.tasks.find((x) => x.id === old.id)).toMatchObject({ deps: old.deps, title: old.title });
    // It is untracked: no checkbox was invented in the document.
    expect(doc()).not.toContain('migration guide');
  });

  it('is offered by squad next at once when nothing holds it back', () => {
    expect(squad('add', 'Audit the logging', '--id', 'AUDIT-1', '--estimate', '10d').code).toBe(0);
    // The longest remaining path goes first: 10 days beats the document's chain.
    expect(squad('next', '--as', 'bob').stdout).toMatch(/^AUDIT-1 /);
  });

  it('records an ownership conflict as allocate does: an exclusion with the document task writing the same file', () => {
    const writer = plan().tasks.find((t) => t.files.some((f) => f.access !== 'read'))!;
    const path = writer.files.find((f) => f.access !== 'read')!.path;
    const r = squad('add', 'Touch the same file', '--files', path);
    expect(r.code).toBe(0);
    const p = plan();
    const added = p.tasks.find((t) => t.added)!;
    // The document's task creates it first, so the added task modifies it (allocate's rule for later writers).
    expect(added.files).toEqual([{ path, access: 'modify' }]);
    const kept = [...p.exclusions.map((e) => e.tasks), ...p.mutexes.map((m) => m.tasks)].some((ids) => ids.includes(added.id) && ids.includes(writer.id));
    expect(kept, JSON.stringify({ exclusions: p.exclusions, mutexes: p.mutexes })).toBe(true);
  });

  it('refuses, in one line and exit 1, an id taken, an unknown --after, a path outside the repository; nothing written', () => {
    const before = planText();
    const cases: [string[], RegExp][] = [
      [['--id', 'T003'], /^plans\/plan\.json: task T003 is already in the plan; pick another --id\n$/],
      [['--after', 'T999'], /^plans\/plan\.json: --after T999: no such task in the plan; 'squad status' lists them\n$/],
      [['--files', '../../etc/passwd'], /^plans\/plan\.json: --files \.\.\/\.\.\/etc\/passwd leaves the repository.*; squad only plans files inside the repository\n$/],
    ];
    for (const [flags, line] of cases) {
      const r = squad('add', 'x', ...flags);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.stderr).toMatch(line);
    }
    expect(squad('add', 'x', '--id', '../evil').code).toBe(2);
    expect(squad('add', 'x', '--estimate', 'soon').code).toBe(2);
    expect(planText()).toBe(before);
  });
});

describe('squad allocate again, while work goes on', () => {
  it('keeps added tasks and the state of every unchanged task; the same document twice is the same revision', () => {
    expect(squad('add', 'Write the migration guide', '--after', 'T003').code).toBe(0);
    expect(squad('claim', 'T001', '--as', 'bob').code).toBe(0);
    expect(squad('done', 'T001', '--as', 'bob').code).toBe(0);
    expect(squad('claim', 'T002', '--as', 'carol').code).toBe(0);
    // A new task appended to the document's last phase.
    editDoc((t) => t.replace(/(- \[ \] T028[^\n]*\n)/, '$1- [ ] T030 Document the new endpoints\n'));
    const r = squad('allocate', 'tasks.md');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^36 tasks, .* \(revision 3\)\n/);
    const p = plan();
    expect(p.tasks.map((t) => t.id)).toEqual(expect.arrayContaining(['T029', 'T030']));
    const status = JSON.parse(squad('status', '--json').stdout);
    const state = (id: string) => status.tasks.find((t: { id: string }) => t.id === id);
    expect(state('T001')).toMatchObject({ state: 'done', by: { name: 'bob' } });
    expect(state('T002')).toMatchObject({ state: 'claimed', holder: { name: 'carol' } });
    const same = planText();
    expect(squad('allocate', 'tasks.md').code).toBe(0);
    expect(planText()).toBe(same);
  });

  it('refuses to drop a done task or a running one, and to make running work wait for open work: one line each, exit 1, nothing written', () => {
    expect(squad('claim', 'T001', '--as', 'bob').code).toBe(0);
    expect(squad('done', 'T001', '--as', 'bob').code).toBe(0);
    expect(squad('claim', 'T002', '--as', 'carol').code).toBe(0);
    const before = planText();
    editDoc((t) => t.replace(/^- \[ \] T001 .*\n/m, '').replace(/^(- \[ \] T002 .*)$/m, '$1 (depends on T010)'));
    const r = squad('allocate', 'tasks.md');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'tasks.md: task T001 is done and the new plan drops it; keep it in the document',
      'tasks.md: task T002 is running (held by carol) and the new plan makes it wait for T010, not done yet; keep its dependencies as they were',
      'tasks.md: the new plan would drop or reorder 2 tasks that are running or done (above); nothing written',
    ]);
    expect(planText()).toBe(before);
    // Open tasks are the author's to change: dropping one is fine.
    editDoc(() => readFileSync(DOC, 'utf8').replace(/^- \[ \] T020 .*\n/m, ''));
    expect(squad('allocate', 'tasks.md').code).toBe(0);
    expect(plan().tasks.map((t) => t.id)).not.toContain('T020');
  });
});

describe('nextId', () => {
  it('continues the plan\'s own id style, padded as the plan pads, and falls back to A1', () => {
    expect(nextId(['T001', 'T002', 'T010'])).toBe('T011');
    expect(nextId(['TASK-7', 'TASK-12', 'x'])).toBe('TASK-13');
    expect(nextId(['setup', 'build'])).toBe('A1');
    expect(nextId(['A1', 'foo'])).toBe('A2');
  });
});
