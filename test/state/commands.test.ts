// The commands, called in-process in a temp repo: exit codes, messages, JSON, and the ownership rules.
import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan-fixture.js';
import * as claim from '../../src/commands/claim.js';
import * as next from '../../src/commands/next.js';
import * as start from '../../src/commands/start.js';
import * as done from '../../src/commands/done.js';
import * as release from '../../src/commands/release.js';
import * as heartbeat from '../../src/commands/heartbeat.js';
import * as status from '../../src/commands/status.js';
import { commands } from '../../src/commands/index.js';
import { eachInTempRepo, sq } from './in-process.js';

// a(10) -> b(30) -> d(10); c(5, frontend) -> d.
const plan = buildPlan([
  { id: 'a', estimateMinutes: 10 },
  { id: 'b', deps: ['a'], estimateMinutes: 30 },
  { id: 'c', estimateMinutes: 5, agent: 'frontend-developer' },
  { id: 'd', deps: ['b', 'c'], estimateMinutes: 10 },
]);

const current = eachInTempRepo(plan);

describe('squad claim / start / done / release', () => {
  it('registers every coordination command in the command table', () => {
    for (const name of ['claim', 'next', 'start', 'done', 'release', 'heartbeat', 'status']) expect(commands[name], name).toBeTypeOf('function');
  });

  it('claims once; a second session is told who holds it (exit 3)', async () => {
    expect(await sq(claim, 'a', '--as', 'alice')).toMatchObject({ code: 0, out: 'claimed a as alice (token 1)\n' });
    const second = await sq(claim, 'a', '--as', 'bob');
    expect(second.code).toBe(3);
    expect(second.err).toMatch(/^squad: a is held by alice \(pid \d+ on .+\) since \d{4}-\d\d-\d\dT/);
    const json = JSON.parse((await sq(claim, 'a', '--as', 'bob', '--json')).out);
    expect(json).toMatchObject({ ok: false, reason: 'held', holder: { name: 'alice' } });
  });

  it('refuses a task waiting on dependencies (exit 5) unless forced with a reason', async () => {
    const waiting = await sq(claim, 'b', '--as', 'alice');
    expect(waiting.code).toBe(5);
    expect(waiting.err).toContain('b waits for a');
    expect(await sq(claim, 'b', '--as', 'alice', '--force', 'a landed on main')).toMatchObject({ code: 0, out: 'claimed b as alice (token 1) (forced: a landed on main)\n' });
  });

  it('lets only the holder finish or release (exit 6), records the duration, and refuses claiming a done task (exit 4)', async () => {
    await sq(start, 'a', '--as', 'alice');
    const notHolder = await sq(done, 'a', '--as', 'bob');
    expect(notHolder.code).toBe(6);
    expect(notHolder.err).toContain('held by alice');
    expect((await sq(release, 'a', '--as', 'bob')).code).toBe(6);
    const finished = await sq(done, 'a', '--as', 'alice', '--note', 'merged', '--json');
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.out)).toMatchObject({ ok: true, task: { state: 'done', note: 'merged', by: { name: 'alice' } } });
    expect(JSON.parse(finished.out).task.durationMs).toBeGreaterThanOrEqual(0);
    expect((await sq(claim, 'a', '--as', 'bob')).code).toBe(4);
  });

  it('forced finish by a non-holder records the reason and whom it overrode', async () => {
    await sq(claim, 'a', '--as', 'alice');
    expect((await sq(done, 'a', '--as', 'bob', '--force', 'alice is on leave')).code).toBe(0);
    expect((await sq(status, '--json')).out).toContain('"state": "done"');
    const { openStore } = await import('../../src/state/index.js');
    const events = openStore({ repoRoot: current().root, plan, ttlMs: 60_000 }).events();
    expect(events.at(-1)).toMatchObject({ event: 'done', by: { name: 'bob' }, from: { name: 'alice' }, force: 'alice is on leave' });
  });

  it('release gives the task back to the pool', async () => {
    await sq(claim, 'a', '--as', 'alice');
    expect(await sq(release, 'a', '--as', 'alice')).toMatchObject({ code: 0, out: 'released a\n' });
    expect((await sq(claim, 'a', '--as', 'bob')).code).toBe(0);
  });

  it('rejects bad usage with exit 2 and a missing plan with a clear error', async () => {
    await expect(claim.run([])).rejects.toMatchObject({ exitCode: 2 });
    await expect(claim.run(['a', '--nope'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(claim.run(['a', '--plan', 'missing.json'])).rejects.toThrow(/plan not found/);
    await expect(claim.run(['zz', '--as', 'x'])).rejects.toThrow(/unknown task 'zz'/);
  });
});

describe('squad next', () => {
  it('offers the ready task with the longest remaining critical path, or one of the agent type', async () => {
    expect((await sq(next)).out).toMatch(/^a Task a .*remaining path 50; not claimed/);
    expect((await sq(next, '--agent', 'frontend-developer')).out).toMatch(/^c /);
  });

  it('--claim takes the best free task; the next session gets the next best; then nothing ready (7); then all done (8)', async () => {
    expect((await sq(next, '--claim', '--as', 'alice')).out).toMatch(/^a .*claimed as alice/);
    expect((await sq(next, '--claim', '--as', 'bob')).out).toMatch(/^c .*claimed as bob/);
    const none = await sq(next, '--claim', '--as', 'carol');
    expect(none.code).toBe(7);
    expect(none.err).toContain('2 held (a: alice, c: bob), 2 waiting on dependencies');
    for (const [id, who] of [['a', 'alice'], ['c', 'bob']]) await sq(done, id!, '--as', who!);
    expect((await sq(next, '--claim', '--as', 'carol')).out).toMatch(/^b /);
    await sq(done, 'b', '--as', 'carol');
    await sq(start, 'd', '--as', 'carol');
    await sq(done, 'd', '--as', 'carol');
    expect((await sq(next, '--as', 'carol'))).toMatchObject({ code: 8, err: 'squad: all 4 tasks are done\n' });
  });

  it('skips a choice another session won after the snapshot and claims the next best', async () => {
    const { openStore, currentSession } = await import('../../src/state/index.js');
    const { claimBest, rankNext } = await import('../../src/state/next-task.js');
    const store = openStore({ repoRoot: current().root, plan, ttlMs: 60_000 });
    const choices = rankNext(plan, store.snapshot());
    expect(choices.map((c) => c.id)).toEqual(['a', 'c']);
    store.tryClaim('a', currentSession('fast', { pid: process.pid })); // wins 'a' after the ranking was made
    expect(claimBest(store, currentSession('slow', { pid: process.pid }), choices)?.choice.id).toBe('c');
  });
});

describe('squad heartbeat / status', () => {
  it('heartbeat lists what the session holds; a second live session with the same name is warned', async () => {
    await sq(claim, 'a', '--as', 'alice');
    expect((await sq(heartbeat, '--as', 'alice')).out).toBe('heartbeat: alice holds a\n');
    process.env.SQUAD_SESSION_PID = String(process.pid); // another live process, same name
    const twin = await sq(heartbeat, '--as', 'alice');
    expect(twin.err).toMatch(/another live session also uses the name 'alice'/);
    expect(twin.out).toBe('heartbeat: alice holds nothing\n');
  });

  it('without --as, a terminal keeps the name it used last', async () => {
    await sq(claim, 'a', '--as', 'alice');
    expect(await sq(done, 'a')).toMatchObject({ code: 0 });
  });

  it('status shows tasks by state with holders and progress; --watch without a TTY prints once', async () => {
    await sq(start, 'a', '--as', 'alice');
    await sq(claim, 'c', '--as', 'bob');
    const text = (await sq(status, '--watch')).out;
    expect(text).toMatch(/^docs\/PRD\.md: 0 of 4 done; critical path left 50 min \(estimated\); parallelism/);
    expect(text).toMatch(/waiting on dependencies \(2\)\n {2}b {4}.*waits for a\n {2}d .*waits for b, c/);
    expect(text).toMatch(/claimed \(1\)\n {2}c .*bob \(pid \d+@.+\) since/);
    expect(text).toMatch(/in progress \(1\)\n {2}a .*alice/);
    const json = JSON.parse((await sq(status, '--json')).out);
    expect(json.progress).toMatchObject({ total: 4, counts: { in_progress: 1, claimed: 1, waiting: 2, done: 0 }, criticalPathLeft: 50 });
    expect(json.tasks.find((t: { id: string }) => t.id === 'a')).toMatchObject({ state: 'in_progress', holder: { name: 'alice' } });
  });
});
