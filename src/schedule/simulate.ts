// The real scheduler on a virtual clock, plus the figures that say how good the schedule is: what `squad allocate`
// predicts and `squad run --dry-run` shows (predict.ts runs it group by group). Synchronous: the loop of drive.ts
// without its waiting, since a virtual task ends the moment it is asked for.
import type { SchedTask } from './graph.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { VirtualExecutor } from './virtual-executor.js';

export interface SimulatedSlot {
  task: string;
  start: number;
  end: number;
  slot: number;
}

export interface Simulation {
  slots: SimulatedSlot[];
  makespan: number;
  criticalPath: number;
  totalWork: number;
  concurrency: number;
  /** max(critical path, total work / concurrency): no schedule can beat it. */
  lowerBound: number;
  /** Speed-up over one slot, divided by the slots: 1 means every slot busy all the time. */
  efficiency: number;
}

export function simulate(tasks: readonly SchedTask[], options: SchedulerOptions): Simulation {
  const scheduler = new Scheduler(tasks, options);
  const executor = new VirtualExecutor();
  const slots: SimulatedSlot[] = [];
  for (;;) {
    for (const start of scheduler.takeStartable()) executor.start(start.task, start.slot);
    const c = executor.nextNow();
    if (!c) break;
    scheduler.finish(c.id, c.ok, c.why);
    slots.push({ task: c.id, start: c.start, end: c.end, slot: c.slot });
  }
  slots.sort((a, b) => a.start - b.start || a.slot - b.slot);
  const done = new Set(options.done ?? []);
  const todo = tasks.filter((t) => !done.has(t.id));
  const totalWork = todo.reduce((sum, t) => sum + t.weight, 0);
  const makespan = slots.reduce((m, s) => Math.max(m, s.end), 0);
  const criticalPath = todo.length === 0 ? 0 : Math.max(...todo.map((t) => scheduler.priority[scheduler.graph.indexOf.get(t.id)!]!));
  const lowerBound = Math.max(criticalPath, totalWork / options.concurrency);
  const efficiency = makespan > 0 ? totalWork / (makespan * options.concurrency) : 1;
  return { slots, makespan, criticalPath, totalWork, concurrency: options.concurrency, lowerBound, efficiency };
}
