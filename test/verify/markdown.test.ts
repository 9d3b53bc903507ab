// squad verify with the markdown tracker, on real corpus documents: passing tests tick exactly the done tasks'
// checkboxes and change no other byte; failing tests (or no tests) change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as verifyCmd from '../../src/commands/verify.js';
import { TempRepo, TESTS, differingOffsets, fixture, lineOf, runIn } from './helpers/repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
});
afterEach(() => repo.cleanup());

const verify = (...argv: string[]) => runIn(repo, verifyCmd, argv);

describe('markdown tracker', () => {
  it('ticks exactly the done tasks of the spec-kit template and changes no other byte', async () => {
    const original = fixture('01_speckit_tasks_template.md');
    repo.write('specs/tasks.md', original);
    repo.compile('specs/tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T001', 'T002', 'T004']);
    repo.start('T003');

    const r = await verify();
    expect(r.code).toBe(0);
    const after = repo.read('specs/tasks.md');
    const changed = differingOffsets(original, after);
    // Lines 52, 53 and 66 hold T001, T002 and T004; each changes by one byte, ' ' -> 'x' inside its brackets.
    expect(changed.map((o) => lineOf(after, o))).toEqual([52, 53, 66]);
    for (const o of changed) expect([original[o], after[o], after[o - 1], after[o + 1]]).toEqual([0x20, 0x78, 0x5b, 0x5d]);
    expect(r.out).toMatch(/^closed T001 \(specs\/tasks\.md:52\)$/m);
    expect(r.out).toMatch(/^not done T003: not done in squad's state \(in progress\)$/m);
    expect(r.out).toMatch(/verify: 3 closed, 31 not done; exit 0/);
  });

  it('closes nothing when the tests fail, says which tasks stay open, and exits 4', async () => {
    const original = fixture('01_speckit_tasks_template.md');
    repo.write('specs/tasks.md', original);
    repo.compile('specs/tasks.md');
    repo.config(TESTS.fail);
    repo.markDone(['T001', 'T002']);

    const r = await verify();
    expect(r.code).toBe(4);
    expect(repo.read('specs/tasks.md').equals(original)).toBe(true);
    expect(r.out).toMatch(/^verify: tests failed \(exit code 1\)/m);
    expect(r.out).toMatch(/^held open T001 \(specs\/tasks\.md:52\): the tests did not pass, so nothing was closed$/m);
    expect(r.out).toMatch(/^held open T002 /m);
    expect(r.out).toContain('  | Tests  1 failed | 1 passed (2)');
  });

  it('treats "no tests found" as a failure unless test.allowNoTests is true', async () => {
    const original = fixture('01_speckit_tasks_template.md');
    repo.write('specs/tasks.md', original);
    repo.compile('specs/tasks.md');
    repo.markDone(['T001']);

    repo.config(TESTS.none);
    const refused = await verify();
    expect(refused.code).toBe(4);
    expect(refused.out).toMatch(/found no tests, which is not a pass/);
    expect(repo.read('specs/tasks.md').equals(original)).toBe(true);

    repo.config(TESTS.none, '  allowNoTests: true\n');
    const allowed = await verify();
    expect(allowed.code).toBe(0);
    expect(differingOffsets(original, repo.read('specs/tasks.md')).map((o) => lineOf(original, o))).toEqual([52]);
  });

  it('closes the one open task of a finished spec-kit plan; the 89 ticked ones count as already closed', async () => {
    const original = fixture('07_speckit_worker_placement_001.md');
    repo.write('tasks.md', original);
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T090']);

    const r = await verify('--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.counts).toMatchObject({ closed: 1, 'already-closed': 89, 'not-done': 0 });
    expect(report.tasks.find((t: { id: string }) => t.id === 'T090')).toMatchObject({ outcome: 'closed', where: 'tasks.md:246' });
    const changed = differingOffsets(original, repo.read('tasks.md'));
    expect(changed.map((o) => lineOf(original, o))).toEqual([246]);
  });

  it('ticks paragraph checkboxes without a dash ([ ] TASK-101) back to the corpus bytes', async () => {
    const corpus = fixture('30_tasklist_owner_handles_TASK_ids.md');
    // Reopen two tasks in the copy; verifying them done must give back the corpus file byte for byte.
    const reopened = corpus.toString('utf8').replace('[x] TASK-101', '[ ] TASK-101').replace('[x] TASK-002', '[ ] TASK-002');
    expect(reopened).not.toBe(corpus.toString('utf8'));
    repo.write('docs/tasks.md', reopened);
    repo.compile('docs/tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['TASK-101', 'TASK-002']);

    const r = await verify();
    expect(r.code).toBe(0);
    expect(repo.read('docs/tasks.md').equals(corpus)).toBe(true);
  });

  it('ticks a checkbox in a table cell (| [ ] | T003 |) back to the corpus bytes', async () => {
    const corpus = fixture('08_speckit_alphaforge_table_deps.md');
    const reopened = corpus.toString('utf8').replace('| [x] | T003 |', '| [ ] | T003 |');
    repo.write('tasks.md', reopened);
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T003']);

    const r = await verify();
    expect(r.code).toBe(0);
    expect(repo.read('tasks.md').equals(corpus)).toBe(true);
  });

  it('reports done tasks without a checkbox instead of inventing one, and still exits 0', async () => {
    const original = fixture('21_beads_koupang_plan_bd3sv.md');
    repo.write('plan.md', original);
    const plan = repo.compile('plan.md');
    repo.config(TESTS.pass);
    repo.markDone([plan.tasks[0]!.id]);

    const r = await verify();
    expect(r.code).toBe(0);
    expect(repo.read('plan.md').equals(original)).toBe(true);
    expect(r.out).toMatch(new RegExp(`^untracked ${plan.tasks[0]!.id} \\(plan\\.md:\\d+\\): the task has no checkbox in the source document$`, 'm'));
  });

  it('finds the checkbox by task id when the document changed after compiling, and refuses to guess', async () => {
    const original = fixture('01_speckit_tasks_template.md');
    repo.write('tasks.md', original);
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T001', 'T005']);
    // Someone edits the document after 'squad allocate': two lines on top, and T005 now listed twice.
    const edited = `# Note\n\n${original.toString('utf8')}`.replace('- [ ] T006', '- [ ] T005 duplicate\n- [ ] T006');
    repo.write('tasks.md', edited);

    const r = await verify();
    expect(r.code).toBe(3);
    const after = repo.read('tasks.md');
    const changed = differingOffsets(Buffer.from(edited), after);
    expect(changed.map((o) => lineOf(after, o))).toEqual([54]);
    expect(after.toString('utf8').split('\n')[53]).toBe('- [x] T001 Create project structure per implementation plan');
    expect(r.out).toMatch(/^not closed T005 \(tasks\.md:\d+\): the source changed since 'squad allocate' and 2 checkbox lines name it/m);
  });

  it('is idempotent: a second run finds the tasks already closed and rewrites nothing', async () => {
    repo.write('tasks.md', fixture('01_speckit_tasks_template.md'));
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T001']);
    expect((await verify()).code).toBe(0);
    const once = repo.read('tasks.md');
    const second = await verify('--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out).counts).toMatchObject({ closed: 0, 'already-closed': 1 });
    expect(repo.read('tasks.md').equals(once)).toBe(true);
  });

  it('keeps CRLF line endings and the file mode', async () => {
    const crlf = fixture('01_speckit_tasks_template.md').toString('utf8').replace(/\n/g, '\r\n');
    const path = repo.write('tasks.md', crlf);
    const { chmodSync, statSync } = await import('node:fs');
    chmodSync(path, 0o640);
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T002']);
    expect((await verify()).code).toBe(0);
    const after = repo.read('tasks.md');
    expect(after.toString('utf8')).toBe(crlf.replace('- [ ] T002', '- [x] T002'));
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});
