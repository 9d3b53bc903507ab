// Document mode: the author's order is the order of work. Tasks form steps; each step waits for the one before.
// - an unmarked task is a step of its own;
// - consecutive `[P]` tasks share a step;
// - tasks of one named group share a step, standing where the group's first member stands;
// - a phase heading is a barrier: no step spans two phases.
// Parent tasks are left out (they wait for their sub-tasks instead).
import type { RawTask } from '../model/types.js';

/** The steps, in order. */
export function documentSteps(tasks: RawTask[], children: Map<string, string[]>): RawTask[][] {
  const steps: RawTask[][] = [];
  const groupStep = new Map<string, RawTask[]>();
  let last: { step: RawTask[]; parallelRun: boolean; phase: number } | null = null;
  for (const t of tasks) {
    if (children.has(t.id)) continue;
    if (t.group) {
      const key = `${t.phaseIndex}\u0000${t.group}`;
      const step = groupStep.get(key);
      if (step) {
        step.push(t);
        continue;
      }
      const fresh = [t];
      groupStep.set(key, fresh);
      steps.push(fresh);
      last = { step: fresh, parallelRun: false, phase: t.phaseIndex };
      continue;
    }
    if (t.parallel && last && last.parallelRun && last.phase === t.phaseIndex) {
      last.step.push(t);
      continue;
    }
    const fresh = [t];
    steps.push(fresh);
    last = { step: fresh, parallelRun: t.parallel, phase: t.phaseIndex };
  }
  return steps;
}

/**
 * Edges `[task, waitsFor]` chaining the steps. Tasks in `floating` (declared to wait for work the document puts
 * at or after them) are left out of the chain: their declarations order them instead.
 */
export function documentOrderEdges(steps: RawTask[][], floating: Set<string>): [string, string][] {
  const chained = steps.map((s) => s.filter((t) => !floating.has(t.id))).filter((s) => s.length > 0);
  const edges: [string, string][] = [];
  for (let i = 1; i < chained.length; i++) {
    for (const t of chained[i]!) for (const before of chained[i - 1]!) edges.push([t.id, before.id]);
  }
  return edges;
}
