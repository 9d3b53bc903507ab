// Claim throughput of the two coordination stores, in one process, one after the other in the same run: each task
// of a flat plan is claimed and marked done (two transitions, the done fsynced / AOF-fsynced).
//   node bench/claim-throughput.mjs redis://127.0.0.1:PORT/0 [tasks]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, planOf } from './run-lib.mjs';

const { openPlanStore } = await import(join(ROOT, 'dist', 'state', 'open-store.js'));
const { currentSession } = await import(join(ROOT, 'dist', 'state', 'index.js'));
const url = process.argv[2];
const n = Number(process.argv[3] ?? 1000);
const plan = planOf(Array.from({ length: n }, (_, i) => ({ id: `c${i}`, deps: [], run: 'true', estimateMinutes: null })));
plan.source = `bench-claims-${Date.now()}.md`;
const me = currentSession('bench', { pid: process.pid });
const dir = mkdtempSync(join(tmpdir(), 'squad-bench-claims-'));
const rate = (store) => {
  const t0 = performance.now();
  for (const t of plan.tasks) {
    if (!store.tryClaim(t.id, me).ok || !store.markDone(t.id, me).ok) throw new Error(`claim/done of ${t.id} failed`);
  }
  return (2 * n) / ((performance.now() - t0) / 1000);
};
try {
  const file = rate(openPlanStore({ repoRoot: dir, plan, config: { claims: { ttlMinutes: 5 } } }));
  const redis = rate(openPlanStore({ repoRoot: dir, plan, config: { store: url, claims: { ttlMinutes: 5 } } }));
  console.log(`claim throughput (${n} claims + ${n} dones, one process): file store ${fmt(file, 0)} transitions/s, Redis store ${fmt(redis, 0)} transitions/s (${fmt(redis / file)}x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
