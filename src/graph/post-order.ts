// Visit every node reachable from the roots after all the nodes it leads to: the order in which values that depend
// on a node's successors (a task's remaining path, everything it waits for) can be computed in one pass. Iterative,
// so a chain thousands of tasks long cannot overflow the stack; a cycle (which `squad allocate` rejects) is cut
// where it closes, never looped. Pure.

/** Calls `visit(id)` once per node, each after every node `next` leads to from it (unless a cycle cuts it). */
export function postOrder(roots: Iterable<string>, next: (id: string) => readonly string[], visit: (id: string) => void): void {
  const visited = new Set<string>();
  const onStack = new Set<string>();
  for (const root of roots) {
    if (visited.has(root)) continue;
    const stack: Array<{ id: string; kids: readonly string[]; next: number }> = [{ id: root, kids: next(root), next: 0 }];
    onStack.add(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.kids.length) {
        const kid = frame.kids[frame.next++]!;
        if (!visited.has(kid) && !onStack.has(kid)) {
          onStack.add(kid);
          stack.push({ id: kid, kids: next(kid), next: 0 });
        }
        continue;
      }
      stack.pop();
      onStack.delete(frame.id);
      visited.add(frame.id);
      visit(frame.id);
    }
  }
}
