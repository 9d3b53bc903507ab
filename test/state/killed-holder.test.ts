// A holder that dies (kill -9) or goes silent loses its claim to the next claimer; the journal names both.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentSession, openStore } from '../../src/state/index.js';
import { buildPlan, tempRepo } from './plan-fixture.js';
import { startWorkers, workerBundle, type Worker } from './workers.js';

const bundle = workerBundle();
const plan = buildPlan([{ id: 'a' }, { id: 'b' }]);
let cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});
afterAll(() => bundle.cleanup());

async function holderOf(task: string, ttlMs: number): Promise<{ worker: Worker; repoRoot: string }> {
  const repo = tempRepo(plan);
  const [worker] = await startWorkers(bundle.root, 1, { repoRoot: repo.root, plan, ttlMs, name: () => 'holder' });
  cleanups.push(() => worker!.close(), repo.cleanup);
  expect(await worker!.ask({ op: 'claim', task })).toMatchObject({ ok: true });
  return { worker: worker!, repoRoot: repo.root };
}

describe('stale claims', () => {
  it('takes over the claim of a holder killed with SIGKILL on this host, logging both holders', async () => {
    const { worker, repoRoot } = await holderOf('a', 600_000);
    const store = openStore({ repoRoot, plan, ttlMs: 600_000 });
    const me = currentSession('rescuer', { pid: process.pid });
    expect(store.tryClaim('a', me)).toMatchObject({ ok: false, reason: 'held', holder: worker.session });

    await worker.kill9();
    expect(store.task('a').stale).toMatchObject({ why: 'pid-dead' });
    const taken = store.tryClaim('a', me);
    expect(taken).toMatchObject({ ok: true, task: { state: 'claimed', holder: me }, entry: { takeover: { from: worker.session, why: 'pid-dead' } } });
    expect(store.events().filter((e) => e.event === 'takeover')).toEqual([
      expect.objectContaining({ task: 'a', by: me, from: worker.session, why: 'pid-dead' }),
    ]);
  });

  it('takes over the claim of a live holder whose last heartbeat is older than the TTL', async () => {
    const ttlMs = 300;
    const { worker, repoRoot } = await holderOf('a', ttlMs);
    const store = openStore({ repoRoot, plan, ttlMs });
    const me = currentSession('rescuer', { pid: process.pid });
    expect(store.tryClaim('a', me)).toMatchObject({ ok: false, reason: 'held' });
    await sleep(ttlMs + 150);
    expect(worker.proc.exitCode).toBeNull(); // still running: only the silence makes it stale
    expect(store.tryClaim('a', me)).toMatchObject({ ok: true, entry: { takeover: { from: worker.session, why: 'ttl' } } });
  });

  it('keeps the claim of a holder that keeps heartbeating past the TTL', async () => {
    const ttlMs = 300;
    const { worker, repoRoot } = await holderOf('b', ttlMs);
    await worker.ask({ op: 'keepAlive', intervalMs: 50 });
    const store = openStore({ repoRoot, plan, ttlMs });
    await sleep(ttlMs * 3);
    expect(store.tryClaim('b', currentSession('rescuer', { pid: process.pid }))).toMatchObject({ ok: false, reason: 'held', holder: worker.session });
  });
});
