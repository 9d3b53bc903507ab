// The claim race against Redis: 32 processes, each with its own connection, claim one task at the same moment, 50
// rounds: exactly one winner each round, and Redis holds exactly one claim entry per task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanStore } from '../../src/state/open-store.js';
import { SyncRedis } from '../../src/state/redis/sync-redis.js';
import { planKey } from '../../src/state/paths.js';
import { flatPlan, tempRepo } from './plan-fixture.js';
import { startWorkers, workerBundle, type Worker } from './workers.js';
import { redisInstalled, useRedis } from './redis-server.js';

const PROCESSES = 32;
const ROUNDS = 50;

describe.skipIf(!redisInstalled)('claim race on Redis', () => {
  const plan = flatPlan(ROUNDS);
  const repo = tempRepo(plan);
  const bundle = workerBundle();
  const redis = useRedis();
  let workers: Worker[] = [];

  beforeAll(async () => {
    workers = await startWorkers(bundle.root, PROCESSES, { repoRoot: repo.root, plan, ttlMs: 600_000, name: (i) => `r${i}`, storeUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    bundle.cleanup();
    repo.cleanup();
  });

  it(`${PROCESSES} processes claim one task at once, ${ROUNDS} rounds: exactly one winner each round`, async () => {
    const store = openPlanStore({ repoRoot: repo.root, plan, config: { store: redis.url, claims: { ttlMinutes: 10 } } });
    const raw = new SyncRedis(redis.url);
    const wins = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const task = `t${round}`;
      await Promise.all(workers.map((w) => w.ask({ op: 'arm', task })));
      const replies = await Promise.all(workers.map((w) => w.send({ op: 'go' })));
      const winners = replies.filter((r) => r.ok === true);
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = workers[replies.indexOf(winners[0]!)]!.session;
      wins.set(winner.name, (wins.get(winner.name) ?? 0) + 1);
      for (const r of replies.filter((x) => x.ok !== true)) expect(r).toMatchObject({ reason: 'held', holder: winner });
      // In Redis: the task's log holds one entry, the winner's claim.
      const log = raw.call('LRANGE', `squad:${planKey(plan.source, repo.root)}:log:${task}`, 0, -1) as string[];
      expect(log.map((e) => JSON.parse(e) as { kind: string; by: unknown })).toEqual([expect.objectContaining({ kind: 'claim', by: winner })]);
      expect(store.task(task)).toMatchObject({ state: 'claimed', holder: winner });
    }
    raw.close();
    expect(wins.size).toBeGreaterThan(1);
  }, 120_000);
});
