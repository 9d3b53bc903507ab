// The transitive reduction of a plan's dependencies: a dependency a task also has through another of its
// dependencies (T3 needs T1 and T2, and T2 already needs T1) is left out. The dashboard draws only what remains:
// the picture says the same (every path is still there), has far fewer crossing lines, and dagre lays it out in a
// fraction of the time (corpus 07: 700 dependencies, most of them implied). Pure.
import { postOrder } from './post-order.js';

export type DepTask = { id: string; deps: readonly string[] };

/** Each task's dependencies that no other of its dependencies implies, in their order; unknown ids are dropped. */
export function directDeps(tasks: readonly DepTask[]): Map<string, string[]> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const deps = (id: string) => (byId.get(id)?.deps ?? []).filter((d) => byId.has(d) && d !== id);
  // Everything a task waits for, directly or not: each task after its dependencies (src/graph/post-order.ts).
  const ancestors = new Map<string, Set<string>>();
  postOrder(
    tasks.map((t) => t.id),
    deps,
    (id) => {
      const all = new Set<string>();
      for (const d of deps(id)) {
        all.add(d);
        for (const a of ancestors.get(d) ?? []) all.add(a);
      }
      ancestors.set(id, all);
    },
  );
  const out = new Map<string, string[]>();
  for (const t of tasks) {
    const ds = [...new Set(deps(t.id))];
    out.set(t.id, ds.filter((d) => !ds.some((e) => e !== d && ancestors.get(e)!.has(d))));
  }
  return out;
}
