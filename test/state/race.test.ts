// Exactly one winner when many real processes claim one task at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { openStore } from '../../src/state/index.js';
import { flatPlan, tempRepo } from './plan-fixture.js';
import { startWorkers, workerBundle, type Worker } from './workers.js';

const PROCESSES = 32;
const ROUNDS = 50;

describe('claim race', () => {
  const plan = flatPlan(ROUNDS);
  const repo = tempRepo(plan);
  const bundle = workerBundle();
  let workers: Worker[] = [];

  beforeAll(async () => {
    workers = await startWorkers(bundle.root, PROCESSES, { repoRoot: repo.root, plan, ttlMs: 600_000, name: (i) => `s${i}` });
  }, 30_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    bundle.cleanup();
    repo.cleanup();
  });

  it(`${PROCESSES} processes claim one task at once, ${ROUNDS} rounds: exactly one winner each round`, async () => {
    const store = openStore({ repoRoot: repo.root, plan, ttlMs: 600_000 });
    const winsPerWorker = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const task = `t${round}`;
      // Barrier: every worker has read the task's state and waits; then 'go' reaches all of them together.
      await Promise.all(workers.map((w) => w.ask({ op: 'arm', task })));
      const replies = await Promise.all(workers.map((w) => w.send({ op: 'go' })));
      const winners = replies.filter((r) => r.ok === true);
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = workers[replies.indexOf(winners[0]!)]!.session;
      winsPerWorker.set(winner.name, (winsPerWorker.get(winner.name) ?? 0) + 1);
      // Every loser is told who holds it.
      for (const r of replies.filter((x) => x.ok !== true)) expect(r).toMatchObject({ reason: 'held', holder: winner });
      // On disk: one claim entry, held by the winner.
      const dir = join(store.paths.tasks, task);
      const entries = readdirSync(dir).filter((n) => n.endsWith('.json'));
      expect(entries).toEqual(['000001.json']);
      expect(JSON.parse(readFileSync(join(dir, entries[0]!), 'utf8'))).toMatchObject({ kind: 'claim', by: winner });
      expect(store.task(task)).toMatchObject({ state: 'claimed', holder: winner });
    }
    // Not a test of fairness, only a sanity check that the race was real: more than one process ever won.
    expect(winsPerWorker.size).toBeGreaterThan(1);
  }, 30_000);
});
