// Numbers about a DAG: a deterministic topological order, b-levels (longest remaining path), the critical path,
// and the width (most tasks on one level), which sizes the default number of agents.
import { bLevels } from './b-level.js';
import { MinHeap } from './min-heap.js';

export interface DagView {
  ids: string[];
  /** id -> ids it waits for */
  deps: Map<string, Iterable<string>>;
  weight: (id: string) => number;
}

export interface Analysis {
  topo: string[];
  position: Map<string, number>;
  dependents: Map<string, string[]>;
  /** Longest weighted path from the task to a sink, the task included. */
  blevel: Map<string, number>;
  criticalPath: string[];
  criticalMinutes: number;
  width: number;
  /** Longest-path level of each task (0 for tasks that wait for nothing). */
  level: Map<string, number>;
}

export function analyze(view: DagView): Analysis {
  const dependents = new Map<string, string[]>(view.ids.map((id) => [id, []]));
  const indegree = new Map<string, number>(view.ids.map((id) => [id, 0]));
  for (const id of view.ids) {
    for (const d of view.deps.get(id) ?? []) {
      if (!dependents.has(d)) continue;
      dependents.get(d)!.push(id);
      indegree.set(id, indegree.get(id)! + 1);
    }
  }
  // Kahn's algorithm; ties keep document order so the output is stable.
  const rank = new Map(view.ids.map((id, i) => [id, i]));
  const ready = new MinHeap<string>((a, b) => rank.get(a)! - rank.get(b)!);
  for (const id of view.ids) if (indegree.get(id) === 0) ready.push(id);
  const topo: string[] = [];
  const level = new Map<string, number>();
  while (ready.size) {
    const id = ready.pop()!;
    topo.push(id);
    const l = level.get(id) ?? 0;
    for (const next of dependents.get(id)!) {
      level.set(next, Math.max(level.get(next) ?? 0, l + 1));
      const n = indegree.get(next)! - 1;
      indegree.set(next, n);
      if (n === 0) ready.push(next);
    }
  }
  const position = new Map(topo.map((id, i) => [id, i]));
  const blevel = bLevels(topo, (id) => dependents.get(id)!, view.weight);
  const criticalPath: string[] = [];
  let cur: string | undefined = topo.filter((id) => [...(view.deps.get(id) ?? [])].length === 0).sort((a, b) => blevel.get(b)! - blevel.get(a)! || rank.get(a)! - rank.get(b)!)[0];
  while (cur !== undefined) {
    criticalPath.push(cur);
    const nexts = dependents.get(cur)!;
    cur = nexts.length ? nexts.reduce((a, b) => (blevel.get(b)! > blevel.get(a)! || (blevel.get(b) === blevel.get(a) && rank.get(b)! < rank.get(a)!) ? b : a)) : undefined;
  }
  const perLevel = new Map<number, number>();
  for (const id of topo) perLevel.set(level.get(id) ?? 0, (perLevel.get(level.get(id) ?? 0) ?? 0) + 1);
  return {
    topo,
    position,
    dependents,
    blevel,
    criticalPath,
    criticalMinutes: criticalPath.length ? blevel.get(criticalPath[0]!)! : 0,
    width: Math.max(0, ...perLevel.values()),
    level,
  };
}
