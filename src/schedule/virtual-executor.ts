// An executor on a virtual clock: a task "runs" for its weight and ends when the clock gets there.
// Used by every prediction (squad allocate, --dry-run: simulate.ts) to run the real scheduler without running
// anything, synchronously, so the compiler stays a pure function; drive.ts can use it too (tests).
import type { Completion, Executor } from './drive.js';
import type { SchedTask } from './graph.js';
import { MinHeap } from '../graph/min-heap.js';

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

  /** The next task to end, at once: the clock jumps to its end. Null when nothing runs. */
  nextNow(): VirtualCompletion | null {
    const e = this.events.pop();
    if (!e) return null;
    this.clock = e.end;
    const ok = !this.fails(e.task);
    return { id: e.task.id, ok, why: ok ? undefined : 'failed (simulated)', start: e.start, end: e.end, slot: e.slot };
  }

  next(): Promise<VirtualCompletion> {
    const c = this.nextNow();
    return c ? Promise.resolve(c) : Promise.reject(new Error('virtual executor: nothing is running'));
  }
}
