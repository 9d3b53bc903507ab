// The transitive reduction of a plan's dependencies: a dependency a task also has through another of its
// dependencies (T3 needs T1 and T2, and T2 already needs T1) is left out. The dashboard draws only what remains:
// the picture says the same (every path is still there), has far fewer crossing lines, and dagre lays it out in a
// fraction of the time (corpus 07: 700 dependencies, most of them implied). Pure.

export type DepTask = { id: string; deps: readonly string[] };

/** Each task's dependencies that no other of its dependencies implies, in their order; unknown ids are dropped. */
export function directDeps(tasks: readonly DepTask[]): Map<string, string[]> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const deps = (id: string) => (byId.get(id)?.deps ?? []).filter((d) => byId.has(d) && d !== id);
  // Everything a task waits for, directly or not. Iterative post-order, so a deep chain cannot overflow the stack;
  // a cycle (which `squad allocate` rejects) is cut where it closes.
  const ancestors = new Map<string, Set<string>>();
  const onStack = new Set<string>();
  for (const root of tasks) {
    if (ancestors.has(root.id)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: root.id, next: 0 }];
    onStack.add(root.id);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const ds = deps(frame.id);
      if (frame.next < ds.length) {
        const d = ds[frame.next++]!;
        if (!ancestors.has(d) && !onStack.has(d)) {
          onStack.add(d);
          stack.push({ id: d, next: 0 });
        }
        continue;
      }
      stack.pop();
      onStack.delete(frame.id);
      const all = new Set<string>();
      for (const d of ds) {
        all.add(d);
        for (const a of ancestors.get(d) ?? []) all.add(a);
      }
      ancestors.set(frame.id, all);
    }
  }
  const out = new Map<string, string[]>();
  for (const t of tasks) {
    const ds = [...new Set(deps(t.id))];
    out.set(t.id, ds.filter((d) => !ds.some((e) => e !== d && ancestors.get(e)!.has(d))));
  }
  return out;
}
