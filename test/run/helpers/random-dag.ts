// Seeded random DAGs for scheduler properties: reproducible, so a failure can be replayed.
import type { SchedTask } from '../../../src/run/schedule/graph.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
