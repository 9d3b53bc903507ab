// Seeded random DAGs for scheduler properties: reproducible, so a failure can be replayed.
import type { SchedTask } from '../../../src/schedule/graph.js';
// The benches' PRNG, so a DAG seen in a test can be regenerated in a bench and the other way round.
import { rng } from '../../../bench/run-lib.mjs';

export { rng };

export interface DagOptions {
  tasks: number;
  /** Chance that task i depends on an earlier task j. */
  edgeChance: number;
  paths?: number;
  writeChance?: number;
}

export function randomDag(seed: number, o: DagOptions): SchedTask[] {
  const r = rng(seed);
  const out: SchedTask[] = [];
  for (let i = 0; i < o.tasks; i++) {
    const deps: string[] = [];
    for (let j = 0; j < i; j++) if (r() < o.edgeChance) deps.push(`T${j}`);
    const writes: string[] = [];
    for (let p = 0; p < (o.paths ?? 0); p++) if (r() < (o.writeChance ?? 0)) writes.push(`src/f${p}.ts`);
    out.push({ id: `T${i}`, deps, weight: 1 + Math.floor(r() * 9), writes });
  }
  return out;
}
