// Find one dependency cycle, whole, so the error can name every edge of it.

/** Returns the edges of one cycle (`from` waits for `to`), or null when the graph is acyclic. */
export function findCycle(ids: string[], deps: Map<string, Map<string, unknown>>): { from: string; to: string }[] | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = finished
  for (const root of ids) {
    if (state.has(root)) continue;
    // Iterative DFS: documents with thousands of chained tasks must not overflow the call stack.
    const stack: { id: string; it: Iterator<string> }[] = [{ id: root, it: deps.get(root)!.keys() }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = top.it.next();
      if (next.done) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const to = next.value;
      const s = state.get(to);
      if (s === 2 || !deps.has(to)) continue;
      if (s === 1) {
        const start = stack.findIndex((f) => f.id === to);
        const path = stack.slice(start).map((f) => f.id);
        return path.map((from, i) => ({ from, to: path[i + 1] ?? to }));
      }
      state.set(to, 1);
      stack.push({ id: to, it: deps.get(to)!.keys() });
    }
  }
  return null;
}
