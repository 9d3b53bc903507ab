// Document mode: the author's order is the order of work. Tasks form steps; each step waits for the one before.
// - an unmarked task is a step of its own;
// - consecutive `[P]` tasks share a step;
// - tasks of one named group share a step, standing where the group's first member stands;
// - a phase heading is a barrier: no step spans two phases.
// Parent tasks are left out (they wait for their sub-tasks instead).
import type { RawTask } from '../model/types.js';

/**
 * The steps, in order. `parallelSets` are the document's own statements that some tasks may run together
 * ("T015, T016 can run in parallel"): each set is a group without a name.
 */
export function documentSteps(tasks: RawTask[], children: Map<string, string[]>, parallelSets: string[][] = []): RawTask[][] {
  const steps: RawTask[][] = [];
  const groupStep = new Map<string, RawTask[]>();
  const setOf = new Map<string, number>();
  parallelSets.forEach((ids, i) => ids.forEach((id) => setOf.has(id) || setOf.set(id, i)));
  let last: { step: RawTask[]; parallelRun: boolean; phase: number; section: number } | null = null;
  for (const t of treeOrder(tasks, children)) {
    if (children.has(t.id)) continue;
    const group = t.group ?? (setOf.has(t.id) ? `\u0001set${setOf.get(t.id)}` : null);
    if (group) {
      const key = `${t.phaseIndex}\u0000${group}`;
      const step = groupStep.get(key);
      if (step) {
        step.push(t);
        continue;
      }
      const fresh = [t];
      groupStep.set(key, fresh);
      steps.push(fresh);
      last = { step: fresh, parallelRun: false, phase: t.phaseIndex, section: t.sectionIndex };
      continue;
    }
    // Consecutive [P] tasks of one section run together; a heading in between ("### Implementation" after
    // "### Tests") ends the run.
    if (t.parallel && last && last.parallelRun && last.phase === t.phaseIndex && last.section === t.sectionIndex) {
      last.step.push(t);
      continue;
    }
    const fresh = [t];
    steps.push(fresh);
    last = { step: fresh, parallelRun: t.parallel, phase: t.phaseIndex, section: t.sectionIndex };
  }
  return steps;
}

/**
 * The tasks with every sub-task standing where its parent stands: a roadmap that lists its phases first and details
 * each phase's plans further down is worked phase by phase, not all phases and then all plans.
 */
function treeOrder(tasks: RawTask[], children: Map<string, string[]>): RawTask[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out: RawTask[] = [];
  const seen = new Set<RawTask>();
  const visit = (t: RawTask): void => {
    if (seen.has(t)) return;
    seen.add(t);
    out.push(t);
    for (const kid of children.get(t.id) ?? []) {
      const k = byId.get(kid);
      if (k) visit(k);
    }
  };
  for (const t of tasks) if (!t.parentId || !byId.has(t.parentId)) visit(t);
  for (const t of tasks) visit(t);
  return out;
}

/**
 * Edges `[task, waitsFor]` chaining the steps. Tasks in `floating` (declared to wait for work the document puts
 * at or after them) are left out of the chain: their declarations order them instead.
 */
export function documentOrderEdges(steps: RawTask[][], floating: Set<string>): [string, string][] {
  const chained = steps.map((s) => s.filter((t) => !floating.has(t.id))).filter((s) => s.length > 0);
  const edges: [string, string][] = [];
  // Optional work (`- [ ]* 4.3`) waits for the step before it, but nothing waits for it: it is not a link of the
  // chain, so work left optional never holds up the rest.
  let prev: RawTask[] | null = null;
  for (const step of chained) {
    const required = step.filter((t) => !t.optional);
    if (prev) for (const t of step) for (const before of prev) edges.push([t.id, before.id]);
    if (required.length) prev = required;
  }
  return edges;
}
