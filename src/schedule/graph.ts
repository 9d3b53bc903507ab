// The scheduler's view of a plan: tasks by index, dependency edges both ways, weights, and the locks each task
// holds while it runs (src/plan/conflicts.ts: the rule claims follow too).
import { Conflicts, writtenPaths, type Lock } from '../plan/conflicts.js';
import { estimatedMinutes, type LearnedEstimates } from '../plan/estimates.js';
import type { Exclusion, Mutex, PlanTask } from '../plan/schema.js';

export interface SchedTask {
  id: string;
  /** Direct dependencies. Ids outside the graph are treated as satisfied (the caller checked them). */
  deps: readonly string[];
  /** Estimated duration: estimatedMinutes() of src/plan/estimates.ts (the default when the task has no estimate). */
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
  /** locks[i]: what task i holds while it runs; tasks holding a lock in common never overlap. */
  locks: readonly Lock[][];
}

export function buildSchedGraph(tasks: readonly SchedTask[], exclusions: readonly Exclusion[] = [], mutexes: readonly Mutex[] = []): SchedGraph {
  const conflicts = new Conflicts(tasks, exclusions, mutexes);
  const { indexOf } = conflicts;
  const deps = tasks.map((t) => [...new Set(t.deps)].flatMap((d) => (indexOf.has(d) ? [indexOf.get(d)!] : [])));
  const dependents: number[][] = tasks.map(() => []);
  deps.forEach((ds, i) => ds.forEach((d) => dependents[d]!.push(i)));
  return { tasks, indexOf, deps, dependents, locks: conflicts.locks };
}

/** A plan task as the scheduler sees it: its weight is the one rule of src/plan/estimates.ts. */
export function toSchedTask(t: PlanTask, learned: LearnedEstimates | null = null): SchedTask {
  return { id: t.id, deps: t.deps, weight: estimatedMinutes(t.estimateMinutes, t.agent, learned), writes: writtenPaths(t.files) };
}
