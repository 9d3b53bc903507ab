// The scheduler's view of a plan: tasks by index, dependency edges both ways, weights, and which
// tasks may never run at the same time (they write the same file, or the plan says so).
import { posix } from 'node:path';

export interface SchedTask {
  id: string;
  /** Direct dependencies. Ids outside the graph are treated as satisfied (the caller checked them). */
  deps: readonly string[];
  /** Estimated duration; unit weight when the task has no estimate. */
  weight: number;
  /** Paths the task creates or modifies. */
  writes: readonly string[];
}

export interface SchedGraph {
  tasks: readonly SchedTask[];
  indexOf: ReadonlyMap<string, number>;
  /** deps[i]: indices of the tasks i waits for (inside the graph only). */
  deps: readonly number[][];
  /** dependents[i]: indices of the tasks that wait for i. */
  dependents: readonly number[][];
  /** writes[i]: normalized paths task i writes. */
  writes: readonly string[][];
  /** excluded[i]: tasks the plan says must never overlap with i (beyond shared writes). */
  excluded: readonly Set<number>[];
}

/** `./src//a.ts` and `src/a.ts` are the same file; trailing slashes do not make a different directory. */
export function normalizePath(path: string): string {
  const norm = posix.normalize(path.replace(/\\/g, '/'));
  return norm.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

export function buildGraph(tasks: readonly SchedTask[], exclusions: readonly (readonly [string, string])[] = []): SchedGraph {
  const indexOf = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (indexOf.has(t.id)) throw new Error(`duplicate task id ${t.id}`);
    indexOf.set(t.id, i);
  });
  const deps = tasks.map((t) => [...new Set(t.deps)].flatMap((d) => (indexOf.has(d) ? [indexOf.get(d)!] : [])));
  const dependents: number[][] = tasks.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependents[d]!.push(i)));
  const writes = tasks.map((t) => [...new Set(t.writes.map(normalizePath))]);
  const excluded = tasks.map(() => new Set<number>());
  for (const [a, b] of exclusions) {
    const ia = indexOf.get(a);
    const ib = indexOf.get(b);
    if (ia === undefined || ib === undefined || ia === ib) continue;
    excluded[ia]!.add(ib);
    excluded[ib]!.add(ia);
  }
  return { tasks, indexOf, deps, dependents, writes, excluded };
}
