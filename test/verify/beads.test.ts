// squad verify with beads, against the fake bd (test/fixtures/bd), which reproduces the bd behaviours squad
// relies on: array output of show, partial close exiting 0, refusal to close with open blockers, the JSON
// envelope, one writer at a time.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as verifyCmd from '../../src/commands/verify.js';
import { beadsTracker, closedInBeads } from '../../src/trackers/beads/tracker.js';
import { TempRepo, TESTS, runIn } from './helpers/repo.js';
import { bdCalls, bdEnv, beadsIssues, seedBeads, serialised } from './helpers/beads.js';

const DOC = `# Plan

- [ ] bd-a1b2 Set up the schema
- [ ] bd-c3d4 Build the API on the schema (depends on bd-a1b2)
- [ ] bd-e5f6 Build the UI on the API (depends on bd-c3d4)
- [ ] bd-0789 Write the docs
`;

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
  repo.write('plan.md', DOC);
  const plan = repo.compile('plan.md', null, 'explicit');
  expect(plan.tasks.map((t) => [t.id, t.beadsId, t.deps])).toEqual([
    ['bd-a1b2', 'bd-a1b2', []],
    ['bd-c3d4', 'bd-c3d4', ['bd-a1b2']],
    ['bd-e5f6', 'bd-e5f6', ['bd-c3d4']],
    ['bd-0789', 'bd-0789', []],
  ]);
  seedBeads(repo, [{ id: 'bd-a1b2' }, { id: 'bd-c3d4', deps: ['bd-a1b2'] }, { id: 'bd-e5f6', deps: ['bd-c3d4'] }, { id: 'bd-0789' }]);
  repo.config(TESTS.pass);
});
afterEach(() => repo.cleanup());

const verify = (argv: string[] = [], env: Record<string, string> = {}) => runIn(repo, verifyCmd, argv, bdEnv(repo, env));
const statuses = () => Object.fromEntries(Object.values(beadsIssues(repo)).map((i) => [i.id, i.status]));

describe('beads tracker', () => {
  it('closes exactly the done tasks, a chain in dependency waves, with serialised bd calls', async () => {
    repo.markDone(['bd-a1b2', 'bd-c3d4', 'bd-e5f6']);
    const r = await verify();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verify: tracker beads \(4 of 4 task\(s\) carry bd ids and the repository has \.beads\/\)$/m);
    expect(statuses()).toEqual({ 'bd-a1b2': 'closed', 'bd-c3d4': 'closed', 'bd-e5f6': 'closed', 'bd-0789': 'open' });
    expect(beadsIssues(repo)['bd-a1b2']!.close_reason).toBe(`squad verify: tests passed: node -e "console.log('Tests  2 passed (2)')"`);
    const calls = bdCalls(repo);
    // bd checks blockers against the state before a call, so each link of the chain needs its own call.
    expect(calls.filter((c) => c.argv[0] === 'close').map((c) => c.argv.filter((a) => a.startsWith('bd-')))).toEqual([['bd-a1b2'], ['bd-c3d4'], ['bd-e5f6']]);
    expect(serialised(calls)).toBe(true);
    expect(repo.read('plan.md').toString()).toBe(DOC);
  });

  it('passes --reason to bd', async () => {
    repo.markDone(['bd-0789']);
    expect((await verify(['--reason', 'shipped in #42'])).code).toBe(0);
    expect(beadsIssues(repo)['bd-0789']).toMatchObject({ status: 'closed', close_reason: 'shipped in #42' });
  });

  it('passes the reason to bd as one argument, so a reason that starts with a dash is not read as a flag', async () => {
    repo.markDone(['bd-0789']);
    expect((await verify(['--reason=--force'])).code).toBe(0);
    const close = bdCalls(repo).find((c) => c.argv[0] === 'close')!;
    expect(close.argv).toEqual(['close', 'bd-0789', '--reason=--force', '--json']);
    expect(beadsIssues(repo)['bd-0789']).toMatchObject({ status: 'closed', close_reason: '--force' });
  });

  it('closes nothing when the tests fail', async () => {
    repo.config(TESTS.fail);
    repo.markDone(['bd-a1b2', 'bd-0789']);
    const db = readFileSync(join(repo.root, '.beads', 'fake-db.json'));
    const r = await verify();
    expect(r.code).toBe(4);
    expect(readFileSync(join(repo.root, '.beads', 'fake-db.json')).equals(db)).toBe(true);
    expect(bdCalls(repo).some((c) => c.argv[0] === 'close')).toBe(false);
    expect(r.out).toMatch(/^held open bd-0789 \(bd-0789\): the tests did not pass/m);
  });

  it('detects a partial close (bd exits 0) and reports the id that stayed open with bd\'s reason', async () => {
    // bd-0789 also waits on an issue outside the plan that is still open.
    seedBeads(repo, [{ id: 'bd-a1b2' }, { id: 'bd-c3d4', deps: ['bd-a1b2'] }, { id: 'bd-e5f6', deps: ['bd-c3d4'] }, { id: 'bd-0789', deps: ['bd-ext9'] }, { id: 'bd-ext9' }]);
    repo.markDone(['bd-a1b2', 'bd-0789']);
    const r = await verify();
    const close = bdCalls(repo).find((c) => c.argv[0] === 'close')!;
    expect(close.argv.filter((a) => a.startsWith('bd-'))).toEqual(['bd-a1b2', 'bd-0789']);
    expect(close.code).toBe(0);
    expect(r.code).toBe(3);
    expect(statuses()).toMatchObject({ 'bd-a1b2': 'closed', 'bd-0789': 'open' });
    expect(r.out).toMatch(/^closed bd-a1b2 \(bd-a1b2\)$/m);
    expect(r.out).toMatch(/^not closed bd-0789 \(bd-0789\): bd did not close it: cannot close blocked issue: bd-0789 is blocked by \[bd-ext9\]/m);
  });

  it("reads bd's JSON failure report and the envelope (BD_JSON_ENVELOPE=1) the same way", async () => {
    seedBeads(repo, [{ id: 'bd-a1b2' }, { id: 'bd-c3d4', deps: ['bd-a1b2'] }, { id: 'bd-e5f6', deps: ['bd-c3d4'] }, { id: 'bd-0789', status: 'pinned' }]);
    repo.markDone(['bd-a1b2', 'bd-0789']);
    const r = await verify(['--json'], { BD_JSON_ENVELOPE: '1', BD_FAKE_CLOSE_JSON_FAILURES: '1' });
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.tasks.find((t: { id: string }) => t.id === 'bd-a1b2')).toMatchObject({ outcome: 'closed' });
    expect(report.tasks.find((t: { id: string }) => t.id === 'bd-0789')).toMatchObject({
      outcome: 'not-closed',
      why: 'bd did not close it: cannot close pinned issue bd-0789 (use --force to override)',
    });
  });

  it('reads show output as an array, a single object, or an envelope', async () => {
    const plan = repo.plan();
    for (const env of [{}, { BD_FAKE_SHOW_OBJECT: '1' }, { BD_JSON_ENVELOPE: '1' }, { BD_JSON_ENVELOPE: '1', BD_FAKE_SHOW_OBJECT: '1' }]) {
      const t = beadsTracker(plan, repo.root, { ...process.env, ...bdEnv(repo, env) });
      const one = await t.status([plan.tasks[0]!]);
      expect(one.get('bd-a1b2'), JSON.stringify(env)).toEqual({ state: 'open', where: 'bd-a1b2', why: null });
      const all = await t.status(plan.tasks);
      expect([...all.values()].map((s) => s.state)).toEqual(['open', 'open', 'open', 'open']);
    }
  });

  it('reports a task without a bd id as untracked and a bd id bd does not know as not closed', async () => {
    repo.write('plan.md', `${DOC}- [ ] T001 A task squad made up\n- [ ] bd-ffff Gone from beads\n`);
    repo.compile('plan.md', null, 'explicit');
    repo.markDone(['T001', 'bd-ffff', 'bd-0789']);
    const r = await verify();
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^untracked T001: the task has no beads id; 'squad allocate --beads' creates/m);
    expect(r.out).toMatch(/^not closed bd-ffff \(bd-ffff\): bd show bd-ffff: Error fetching bd-ffff: no issue found matching "bd-ffff"$/m);
    expect(r.out).toMatch(/^closed bd-0789 /m);
  });

  it('says in one line how to install bd when it is missing, and closes nothing', async () => {
    repo.markDone(['bd-0789']);
    const r = runIn(repo, verifyCmd, [], { PATH: '/nonexistent' });
    await expect(r).rejects.toThrow(/^bd \(beads\) is not installed or not on PATH: install it with 'npm install -g @beads\/bd'[^\n]*$/);
    expect(statuses()['bd-0789']).toBe('open');
  });

  it('stops with bd\'s own error (exit 1) before running the tests when bd cannot read its database', async () => {
    rmSync(join(repo.root, '.beads', 'fake-db.json'));
    repo.markDone(['bd-0789']);
    await expect(verify()).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/^'bd show' failed: no beads database found; run 'bd init'/) });
    expect(existsSync(join(repo.root, '.squad', 'verify', 'test.log'))).toBe(false);
  });

  it('keeps bd calls serialised when several callers use bd at once', async () => {
    const env = { ...process.env, ...bdEnv(repo, { BD_FAKE_DELAY_MS: '150' }) };
    // Control: two bd processes at once collide on the lock, so the fake can tell overlap from order.
    const raw = await Promise.all([0, 1].map(() => execa('bd', ['show', 'bd-a1b2', '--json'], { cwd: repo.root, env, reject: false })));
    expect(raw.map((x) => x.exitCode).sort()).toEqual([0, 1]);
    expect(raw.map((x) => x.stderr).join('')).toMatch(/locked by another bd process/);

    const plan = repo.plan();
    const t = beadsTracker(plan, repo.root, env);
    const [a, b, closed] = await Promise.all([t.status(plan.tasks), t.status(plan.tasks), closedInBeads(plan, repo.root, env)]);
    expect([...a.values(), ...b.values()].every((s) => s.state === 'open')).toBe(true);
    expect(closed.size).toBe(0);
    const calls = bdCalls(repo).slice(2);
    expect(calls).toHaveLength(3);
    expect(serialised(calls)).toBe(true);
  });

  it('tells squad run which plan tasks are closed in beads', async () => {
    seedBeads(repo, [{ id: 'bd-a1b2', status: 'closed' }, { id: 'bd-c3d4', status: 'in_progress' }, { id: 'bd-e5f6' }, { id: 'bd-0789', status: 'closed' }]);
    const closed = await closedInBeads(repo.plan(), repo.root, { ...process.env, ...bdEnv(repo) });
    expect([...closed].sort()).toEqual(['bd-0789', 'bd-a1b2']);
  });
});
