// An executor on a virtual clock: a task "runs" for its weight and ends when the clock gets there.
// Used by --dry-run (and tests) to run the real scheduler without running anything.
import type { Completion, Executor } from './drive.js';
import type { SchedTask } from './graph.js';
import { MinHeap } from '../../graph/analyze.js';

export interface VirtualCompletion extends Completion {
  start: number;
  end: number;
  slot: number;
}

interface Pending {
  task: SchedTask;
  slot: number;
  start: number;
  end: number;
  seq: number;
}

export class VirtualExecutor implements Executor<VirtualCompletion> {
  private clock = 0;
  private seq = 0;
  private readonly events = new MinHeap<Pending>((a, b) => a.end - b.end || a.seq - b.seq);

  /** `duration` defaults to the task's weight; `fails` lets tests and what-ifs mark a task as failing. */
  constructor(
    private readonly duration: (task: SchedTask) => number = (t) => t.weight,
    private readonly fails: (task: SchedTask) => boolean = () => false,
  ) {}

  start(task: SchedTask, slot: number): void {
    this.events.push({ task, slot, start: this.clock, end: this.clock + this.duration(task), seq: this.seq++ });
  }

  next(): Promise<VirtualCompletion> {
    const e = this.events.pop();
    if (!e) return Promise.reject(new Error('virtual executor: nothing is running'));
    this.clock = e.end;
    const ok = !this.fails(e.task);
    return Promise.resolve({ id: e.task.id, ok, why: ok ? undefined : 'failed (simulated)', start: e.start, end: e.end, slot: e.slot });
  }
}
