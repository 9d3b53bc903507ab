// What a run of a plan would take, predicted the way `squad run` works: group after group, in the order a run takes
// them, each group's work (src/plan/groups.ts) on the one Scheduler with a virtual clock (simulate.ts). `squad
// allocate` predicts with it (one slot per agent lane) and `squad run --dry-run` shows it (the run's concurrency),
// so the same plan, state and concurrency give the same makespan from both. Pure.
import type { LearnedEstimates } from '../plan/estimates.js';
import { groupWork, selectGroups, type Blocked } from '../plan/groups.js';
import type { Plan } from '../plan/schema.js';
import { toSchedTask } from './graph.js';
import type { ContinueMode } from './scheduler.js';
import { simulate, type SimulatedSlot, type Simulation } from './simulate.js';

export type Predicted = Pick<Plan, 'tasks' | 'groups' | 'exclusions' | 'mutexes'>;

export interface PredictOptions {
  concurrency: number;
  continueMode?: ContinueMode;
  /** Finished before the run starts: the plan's done tasks, the claim store's, bd's closed ones. */
  isDone: (id: string) => boolean;
  /** What finished tasks taught about tasks without an estimate (src/plan/estimates.ts). */
  learned?: LearnedEstimates | null;
  /** --group: only this group. */
  group?: string;
  withDeps?: boolean;
}

export interface GroupPrediction extends Omit<Simulation, 'slots'> {
  name: string;
  /** Minutes after the run starts that this group starts. */
  offset: number;
  /** Its tasks waiting on unfinished tasks outside it: a real run without --with-deps refuses the group. */
  blocked: Blocked[];
}

export interface RunPrediction {
  concurrency: number;
  groups: GroupPrediction[];
  /** Every task's slot, in minutes from the start of the run. */
  slots: (SimulatedSlot & { group: string })[];
  makespan: number;
  /** Sum over the groups of max(critical path, work / concurrency). */
  lowerBound: number;
  totalWork: number;
  efficiency: number;
}

export function predictRun(plan: Predicted, o: PredictOptions): RunPrediction {
  // Finished before the run, or by a group the prediction already ran.
  const ranEarlier = new Set<string>();
  const isDone = (id: string) => o.isDone(id) || ranEarlier.has(id);
  const out: RunPrediction = { concurrency: o.concurrency, groups: [], slots: [], makespan: 0, lowerBound: 0, totalWork: 0, efficiency: 1 };
  let offset = 0;
  for (const group of selectGroups(plan, o.group)) {
    const work = groupWork(plan, group, isDone, o.withDeps ?? false);
    const sim = simulate(work.tasks.map((t) => toSchedTask(t, o.learned ?? null)), {
      concurrency: o.concurrency,
      continueMode: o.continueMode ?? 'never',
      exclusions: plan.exclusions,
      mutexes: plan.mutexes,
      done: work.tasks.filter((t) => isDone(t.id)).map((t) => t.id),
    });
    const { slots, ...figures } = sim;
    out.groups.push({ name: group.name, offset, blocked: work.blocked, ...figures });
    for (const s of slots) out.slots.push({ ...s, start: offset + s.start, end: offset + s.end, group: group.name });
    offset += sim.makespan;
    out.lowerBound += sim.lowerBound;
    out.totalWork += sim.totalWork;
    // What this group runs counts as done for the groups after it.
    for (const t of work.tasks) ranEarlier.add(t.id);
  }
  out.makespan = offset;
  out.efficiency = offset > 0 ? out.totalWork / (offset * o.concurrency) : 1;
  return out;
}
