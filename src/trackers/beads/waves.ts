// Close order for bd. bd refuses to close an issue whose blockers are open, and checks every id of one
// `bd close` call against the state before the call, so a task and its dependency cannot close in the same
// call: tasks go in waves, each wave after the waves holding its dependencies. Pure.
import type { PlanTask } from '../../plan/schema.js';

/** Waves of the given tasks: wave n holds the tasks whose dependencies among them are in waves before n. */
export function closeWaves(tasks: readonly PlanTask[]): PlanTask[][] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (t: PlanTask): number => {
    const known = level.get(t.id);
    if (known !== undefined) return known;
    // A cycle cannot come from a compiled plan; if one does, cut it here rather than recurse forever.
    if (visiting.has(t.id)) return 0;
    visiting.add(t.id);
    let l = 0;
    for (const d of t.deps) {
      const dep = byId.get(d);
      if (dep) l = Math.max(l, levelOf(dep) + 1);
    }
    visiting.delete(t.id);
    level.set(t.id, l);
    return l;
  };
  const waves: PlanTask[][] = [];
  for (const t of tasks) (waves[levelOf(t)] ??= []).push(t);
  return waves.filter((w) => w !== undefined);
}
