// Tasks another session holds: waited for, never run twice, and given up when the run stops starting tasks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.js';
import { currentSession, openStore } from '../../src/state/index.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { onlyRecord } from './helpers/record.js';
import { builtCli, sleep, squad, startSquad, tempDir } from './helpers/cli.js';
import { whoFinished } from '../../src/run/launch/claims.js';

describe('a task held by another session', () => {
  it('is not started after a failure halts the run (--continue never), even when the holder lets go', async () => {
    const plan = makePlan([
      { id: 'A', run: 'sleep 0.3; exit 1' },
      { id: 'H', run: 'touch ran-H' },
    ]);
    const dir = repoWith(tempDir(), plan);
    const store = openStore({ repoRoot: dir, plan: Plan.parse(plan), ttlMs: 60_000 });
    const holder = currentSession('someone-else', { pid: process.pid });
    expect(store.tryClaim('H', holder, { skipDepCheck: true }).ok).toBe(true);

    const run = startSquad(['run', '--concurrency', '2', '--continue', 'never'], dir);
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    let exited = false;
    void run.done.then(() => (exited = true));
    const deadline = Date.now() + 10_000;
    while (!/FAIL\s+A/.test(out) && !exited && Date.now() < deadline) await sleep(20);
    // The holder lets go after the failure: a run that stopped starting tasks must not pick H up.
    expect(store.release('H', holder).ok).toBe(true);
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(existsSync(join(dir, 'ran-H'))).toBe(false);
    const rec = onlyRecord(dir);
    expect(rec.tasks.find((t) => t.id === 'H')).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(rec.tasks.find((t) => t.id === 'H')!.reason).toMatch(/not started: A failed/);
  });
});

describe('a task the plan keeps apart from one another session holds', () => {
  it('waits, as a claim by hand would be refused, and runs once the holder finishes theirs', async () => {
    // T1 and T2 are marked [P] and both write src/routes.ts: the plan records an exclusion. The run covers only
    // T2's group, so what keeps T2 waiting is alice's claim on T1, not the run's own scheduler.
    const plan = makePlan(
      [
        { id: 'T1', run: 'touch ran-T1', writes: ['src/routes.ts'], group: 'api' },
        { id: 'T2', run: 'touch ran-T2', writes: ['src/routes.ts'], group: 'web' },
      ],
      { exclusions: [{ path: 'src/routes.ts', tasks: ['T1', 'T2'] }] },
    );
    const dir = repoWith(tempDir(), plan);
    const store = openStore({ repoRoot: dir, plan: Plan.parse(plan), ttlMs: 60_000 });
    const alice = currentSession('alice', { pid: process.pid });
    expect(store.tryClaim('T1', alice).ok).toBe(true);

    const run = startSquad(['run', '--group', 'web'], dir);
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    let exited = false;
    void run.done.then(() => (exited = true));
    const deadline = Date.now() + 30_000;
    while (!/wait\s+T2: held by alice .*\(through T1: both write src\/routes\.ts\)/.test(out) && !exited && Date.now() < deadline) await sleep(20);
    expect(out).toMatch(/wait\s+T2: held by alice .*\(through T1: both write src\/routes\.ts\); it runs here only if they let go/);
    expect(existsSync(join(dir, 'ran-T2'))).toBe(false);
    // alice finishes T1 by hand: T2 runs.
    expect(store.markDone('T1', alice).ok).toBe(true);
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(dir, 'ran-T2'))).toBe(true);
  }, 60_000);
});

describe('a task finished elsewhere', () => {
  it('is reported as done and by whom, saying its id once', () => {
    // What the claim store answers when the task was finished between scheduling and start.
    expect(whoFinished('T001', 'T001 is already done by alice')).toBe('finished by alice');
    expect(whoFinished('T001', 'T001 is already done (in the plan)')).toBe('done in the plan');
  });
});

describe('a task that runs squad done itself and then exits non-zero', () => {
  it('is a conflict line, stays done as the store says, and the record says so', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: `${JSON.stringify(process.execPath)} ${JSON.stringify(builtCli())} done A; exit 3` }]));
    const r = await squad(['run'], dir);
    expect(r.stdout).toMatch(/warning: A: conflict: marked itself done with 'squad done', then ended with exit code 3; kept as done/);
    expect(r.stdout).not.toMatch(/refused/);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const a = onlyRecord(dir).tasks[0]!;
    expect(a).toMatchObject({ status: 'closed', exitCode: 3 });
    expect(a.reason).toMatch(/^conflict: marked itself done/);
  });
});

describe('claiming ahead', () => {
  it('claims no more tasks than there are free slots', async () => {
    const plan = makePlan(['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, run: 'sleep 1' })));
    const dir = repoWith(tempDir(), plan);
    const run = startSquad(['run', '--concurrency', '2'], dir);
    const store = openStore({ repoRoot: dir, plan: Plan.parse(plan), ttlMs: 60_000 });
    // Once both slots run (two tasks in progress), nothing may be claimed for later while they run (1 s each).
    // Sampling starts when both are seen running, so a slow start of the CLI under load cannot blur the window.
    const count = (state: string) => store.snapshot().filter((v) => v.state === state).length;
    const deadline = Date.now() + 10_000;
    while (count('in_progress') < 2 && Date.now() < deadline) await sleep(10);
    expect(count('in_progress')).toBe(2);
    let most = 0;
    const until = Date.now() + 500;
    while (Date.now() < until) {
      most = Math.max(most, count('claimed'));
      await sleep(25);
    }
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(most).toBe(0);
  });
});
