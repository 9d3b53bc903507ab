// Which ready task first: the one with the longest remaining path to the end of the plan (its "b-level"), as in
// list scheduling: starting the head of the longest chain first shortens the whole run most. Pure.
import { bLevels } from './b-level.js';
import { estimatedMinutes } from '../plan/estimates.js';

export type PriorityTask = { id: string; deps: readonly string[]; estimateMinutes: number | null };

/** A task's weight: the one rule of src/plan/estimates.ts (its estimate, else the default), so chain length still ranks. */
export function taskWeight(t: PriorityTask): number {
  return estimatedMinutes(t.estimateMinutes);
}

/**
 * For every task not in `done`: its weight plus the longest weighted chain of not-done tasks that depend on it.
 * Done tasks get 0. A dependency cycle (which `squad allocate` rejects) is cut where it closes, never looped.
 */
export function remainingPath(tasks: readonly PriorityTask[], done: ReadonlySet<string>): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const t of tasks) {
    for (const d of t.deps) {
      const list = dependents.get(d);
      if (list) list.push(t.id);
      else dependents.set(d, [t.id]);
    }
  }
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return bLevels(
    tasks.map((t) => t.id),
    (id) => dependents.get(id) ?? [],
    (id) => taskWeight(byId.get(id)!),
    done,
  );
}

/** Length of the longest remaining chain: what is left of the critical path. */
export function criticalPathLeft(tasks: readonly PriorityTask[], done: ReadonlySet<string>): number {
  let max = 0;
  for (const v of remainingPath(tasks, done).values()) max = Math.max(max, v);
  return max;
}

/** Ids sorted best first: longest remaining path, then plan order (stable). */
export function rankByRemainingPath(candidates: readonly string[], levels: ReadonlyMap<string, number>): string[] {
  return candidates
    .map((id, index) => ({ id, index, level: levels.get(id) ?? 0 }))
    .sort((a, b) => b.level - a.level || a.index - b.index)
    .map((c) => c.id);
}
