// The b-level of a task: its own weight plus the longest weighted chain of tasks that wait for it, down to the end
// of the plan. The one definition behind the critical path of \`squad allocate\`, the order in which the scheduler
// starts ready tasks (list scheduling: the head of the longest chain first), \`squad next\` and the critical path
// left that status and the dashboard show. Pure.
import { postOrder } from './post-order.js';

/**
 * For each id: weight(id) plus the largest b-level among dependentsOf(id). A task in \`done\` weighs 0 and passes
 * nothing up (what waits on it no longer waits through it). A cycle, which \`squad allocate\` rejects, is cut where
 * it closes (src/graph/post-order.ts), never looped.
 */
export function bLevels(
  ids: Iterable<string>,
  dependentsOf: (id: string) => readonly string[],
  weight: (id: string) => number,
  done: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const level = new Map<string, number>();
  postOrder(ids, dependentsOf, (id) => {
    if (done.has(id)) {
      level.set(id, 0);
      return;
    }
    let below = 0;
    for (const kid of dependentsOf(id)) below = Math.max(below, level.get(kid) ?? 0);
    level.set(id, weight(id) + below);
  });
  return level;
}
