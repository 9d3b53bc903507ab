// Claims, heartbeats and a run writing at once never leave a state file that fails to load, and every task's
// log stays a valid history (each transition by the holder of the moment, unless forced or a takeover).
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { openStore, sameSession, type Entry, type Session } from '../../src/state/index.js';
import { buildPlan, tempRepo } from './plan-fixture.js';
import { startWorkers, workerBundle } from './workers.js';

const bundle = workerBundle();
afterAll(() => bundle.cleanup());

/** Parse every state file under `root`; throws on the first that does not load. Returns how many were read. */
function loadEverything(root: string): number {
  let n = 0;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // not created yet
    }
    for (const name of names) {
      const full = join(dir, name);
      let isDir: boolean;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue; // a temp file renamed or removed between readdir and stat
      }
      if (isDir) walk(full);
      else if (name.startsWith('.')) continue; // writers' temp files, never read by the store
      else if (name.endsWith('.json')) {
        JSON.parse(readFileSync(full, 'utf8'));
        n++;
      } else if (name.endsWith('.jsonl')) {
        const text = readFileSync(full, 'utf8');
        for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean)) JSON.parse(line);
        n++;
      }
    }
  };
  walk(root);
  return n;
}

/** Replay a log checking the rules: contiguous seqs; start/done/failed/release only by the holder unless forced. */
function checkHistory(entries: Entry[]): void {
  let holder: Session | null = null;
  let done = false;
  entries.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(done, `entry ${e.seq} after done`).toBe(false);
    if (e.kind === 'claim') {
      if (holder && !sameSession(holder, e.by)) expect(e.takeover ?? e.force, `claim ${e.seq} over a live holder`).toBeTruthy();
      holder = e.by;
    } else {
      if (!e.force) expect(holder && sameSession(holder, e.by), `${e.kind} ${e.seq} by a non-holder`).toBe(true);
      holder = e.kind === 'start' ? e.by : null;
      done = e.kind === 'done';
    }
  });
}

describe('concurrent writers', () => {
  it('claims, heartbeats, done/failed/release and a run at once: every state file loads throughout', async () => {
    const specs = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, deps: i >= 4 ? [`t${i - 4}`] : [] }));
    const plan = buildPlan(specs);
    const repo = tempRepo(plan);
    const workers = await startWorkers(bundle.root, 6, { repoRoot: repo.root, plan, ttlMs: 60_000, name: (i) => (i === 0 ? 'run' : `s${i}`) });
    const tasks = specs.map((s) => s.id);
    const store = openStore({ repoRoot: repo.root, plan, ttlMs: 60_000 });
    try {
      const hammering = Promise.all(workers.map((w, i) => w.ask({ op: 'hammer', ms: 1500, tasks, run: i === 0 })));
      let finished = false;
      void hammering.then(() => (finished = true));
      let scans = 0;
      while (!finished) {
        loadEverything(store.paths.root);
        // A fresh store each time, as a new `squad status` would open it.
        expect(openStore({ repoRoot: repo.root, plan, ttlMs: 60_000 }).snapshot()).toHaveLength(tasks.length);
        scans++;
        await tick();
      }
      const results = await hammering;
      expect(scans).toBeGreaterThan(5);
      expect(results.reduce((n, r) => n + (r.won as number), 0)).toBeGreaterThan(20); // the writers really wrote
      expect(loadEverything(store.paths.root)).toBeGreaterThan(tasks.length);
      for (const id of tasks) {
        const dir = join(store.paths.tasks, id);
        const entries = readdirSync(dir, { withFileTypes: true })
          .filter((d) => /^\d+\.json$/.test(d.name))
          .map((d) => JSON.parse(readFileSync(join(dir, d.name), 'utf8')) as Entry)
          .sort((a, b) => a.seq - b.seq);
        checkHistory(entries);
      }
      // The journal has one line per log entry: nothing lost, nothing torn.
      const logged = tasks.reduce((n, id) => n + readdirSync(join(store.paths.tasks, id)).filter((f) => /^\d+\.json$/.test(f)).length, 0);
      expect(store.events()).toHaveLength(logged);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      repo.cleanup();
    }
  }, 30_000);
});
