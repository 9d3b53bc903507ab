// A Redis crash and restart in the middle of `squad run --store redis://...`: with AOF (fsync always) no done task
// is lost, the run carries on once the server is back, and ends with every task done in the store.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from '../run/helpers/plan.js';
import { startSquad, squad, tempDir, until } from '../run/helpers/cli.js';
import { redisInstalled, useRedis } from '../state/redis-server.js';

describe.skipIf(!redisInstalled)('a Redis restart mid-run', { timeout: 180_000 }, () => {
  const redis = useRedis();

  it('loses no done task, and the run finishes once Redis is back', async () => {
    const signals = tempDir('squad-restart-signals-');
    const go = join(signals, 'go');
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'echo a' },
        { id: 'B', run: `touch "${signals}/B-started"; while [ ! -f "${go}" ]; do sleep 0.05; done` },
        { id: 'C', run: 'echo c', deps: ['B'] },
      ]),
    );
    const run = startSquad(['run', '--store', redis.url, '--concurrency', '2'], dir);
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    try {
      // A is done (its end line is printed only once its done entry is durable) and B is running.
      await until(() => /done\s+A\b/.test(out) && existsSync(join(signals, 'B-started')), 120_000, 'A done and B started');
      await redis.restart(); // kill -9 and start again on the same AOF
      writeFileSync(go, '');
      const r = await run.done;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const st = await squad(['status', '--store', redis.url, '--json'], dir);
      const tasks = (JSON.parse(st.stdout) as { tasks: { id: string; state: string; by: { name: string } | null }[] }).tasks;
      expect(tasks.map((t) => [t.id, t.state])).toEqual([['A', 'done'], ['B', 'done'], ['C', 'done']]);
      expect(tasks[0]!.by?.name).toMatch(/^squad-run-/);
    } finally {
      writeFileSync(go, '');
      run.child.kill('SIGKILL');
    }
  });
});
