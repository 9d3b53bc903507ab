// Document mode: the author's order is the order of work. Tasks form steps; each step waits for the one before.
// - an unmarked task is a step of its own;
// - consecutive `[P]` tasks share a step;
// - tasks of one named group share a step, standing where the group's first member stands;
// - a phase heading is a barrier: no step spans two phases.
// Parent tasks are left out (they wait for their sub-tasks instead).
import type { RawTask } from '../model/types.js';

/** Edges `[task, waitsFor]` that put the leaf tasks in document order. */
export function documentOrderEdges(tasks: RawTask[], children: Map<string, string[]>): [string, string][] {
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
  const edges: [string, string][] = [];
  for (let i = 1; i < steps.length; i++) {
    for (const t of steps[i]!) for (const before of steps[i - 1]!) edges.push([t.id, before.id]);
  }
  return edges;
}
