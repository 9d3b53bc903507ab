// The ready-queue scheduler: pure bookkeeping, no clock and no processes. A task becomes ready the
// moment its own dependencies are done (no waves); among ready tasks the one with the longest
// remaining critical path starts first; a task never starts while a task it may not run beside runs (one
// that writes one of its files, or that the plan's exclusions or mutexes keep apart from it: the rule of
// src/plan/conflicts.ts, which claims follow too); at most `concurrency` tasks run at once.
// The same object drives the real run and the dry run; only the executor differs (see drive.ts).
import { buildSchedGraph, type SchedGraph, type SchedTask } from './graph.js';
import { MinHeap } from '../graph/min-heap.js';
import { bLevels } from '../graph/b-level.js';
import type { ScheduleState } from '../plan/states.js';
import type { Exclusion, Mutex } from '../plan/schema.js';

export type ContinueMode = 'never' | 'dependencies-successful' | 'always';
export const CONTINUE_MODES: readonly ContinueMode[] = ['never', 'dependencies-successful', 'always'];


export interface SchedulerOptions {
  concurrency: number;
  continueMode: ContinueMode;
  /** The plan's pairs that must never overlap and its sets of which one runs at a time, on top of shared written files. */
  exclusions?: readonly Exclusion[];
  mutexes?: readonly Mutex[];
  /** Tasks finished before this run (plan status done, or a resumed run). */
  done?: Iterable<string>;
}

export interface Start {
  task: SchedTask;
  /** 0-based slot number, lowest free one; a slot is a place in the concurrency budget. */
  slot: number;
}

export interface Counts {
  waiting: number;
  running: number;
  done: number;
  failed: number;
  skipped: number;
}

export class Scheduler {
  // Not readonly: tasks added to the plan during a run join the graph (add()).
  graph: SchedGraph;
  priority: readonly number[];
  private readonly state: ScheduleState[];
  private readonly reason: (string | null)[];
  private readonly pendingDeps: number[];
  private ready: MinHeap<number>;
  private readonly running = new Map<number, number>(); // task -> slot
  private readonly freeSlots: MinHeap<number>;
  private readonly heldLocks = new Set<string>(); // locks of the running tasks (see graph.ts)
  private haltReason: string | null = null;

  constructor(tasks: readonly SchedTask[], private readonly options: SchedulerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error('concurrency must be a positive integer');
    this.graph = buildSchedGraph(tasks, options.exclusions, options.mutexes);
    const done = new Set(options.done ?? []);
    this.priority = this.bLevels(done);
    this.ready = this.readyQueue();
    this.freeSlots = new MinHeap<number>((a, b) => a - b);
    for (let s = 0; s < options.concurrency; s++) this.freeSlots.push(s);
    const n = tasks.length;
    this.state = new Array<ScheduleState>(n).fill('waiting');
    this.reason = new Array<string | null>(n).fill(null);
    this.pendingDeps = this.graph.deps.map((d) => d.length);
    // Mark every finished task first, then count what is left to wait for: releasing dependents one
    // finished task at a time would queue a task that is itself finished.
    const finished = [...done].map((id) => this.graph.indexOf.get(id)).filter((i): i is number => i !== undefined);
    for (const i of finished) this.state[i] = 'done';
    for (const i of new Set(finished)) for (const d of this.graph.dependents[i]!) this.pendingDeps[d]!--;
    for (let i = 0; i < n; i++) if (this.state[i] === 'waiting' && this.pendingDeps[i] === 0) this.makeReady(i);
  }

  /**
   * Tasks added to the plan while the run goes on (`squad add`) join as if they had been there from the start:
   * priorities are computed again over all tasks, and `exclusions` and `mutexes` (the new plan's) keep them apart
   * from running work as any task is. Dependencies outside the graph count as satisfied, as in the constructor:
   * the caller adds only tasks whose outside dependencies are done. A dependency that failed or was skipped
   * decides as --continue does: the task is skipped, or (always) runs anyway. Returns the ids skipped.
   */
  add(tasks: readonly SchedTask[], exclusions: readonly Exclusion[] = [], mutexes: readonly Mutex[] = []): string[] {
    const fresh = tasks.filter((t) => !this.graph.indexOf.has(t.id));
    if (fresh.length === 0) return [];
    const all = [...this.graph.tasks, ...fresh];
    // Existing tasks keep their indices (new ones are appended), so the running tasks' lock keys stay valid.
    this.graph = buildSchedGraph(all, exclusions, mutexes);
    this.priority = this.bLevels(new Set(all.filter((_, i) => this.state[i] === 'done').map((t) => t.id)));
    const queued: number[] = [];
    while (this.ready.size > 0) queued.push(this.ready.pop()!);
    this.ready = this.readyQueue();
    for (const i of queued) this.ready.push(i);
    this.heldLocks.clear();
    for (const i of this.running.keys()) for (const l of this.graph.locks[i]!) this.heldLocks.add(l.key);
    const skipped: string[] = [];
    const ended = (d: number) => this.state[d] === 'failed' || this.state[d] === 'skipped';
    for (const t of fresh) {
      const i = this.graph.indexOf.get(t.id)!;
      const deps = this.graph.deps[i]!;
      const lost = deps.find(ended);
      this.reason[i] = null;
      if (lost !== undefined && this.options.continueMode !== 'always') {
        this.state[i] = 'skipped';
        this.reason[i] = `dependency ${this.graph.tasks[lost]!.id} ${this.state[lost] === 'failed' ? 'failed' : 'was skipped'}`;
        skipped.push(t.id);
        continue;
      }
      // Under --continue=always a dependency that ended badly released its dependents already: it counts as over.
      this.state[i] = 'waiting';
      this.pendingDeps[i] = deps.filter((d) => this.state[d] !== 'done' && !ended(d)).length;
      if (this.pendingDeps[i] === 0) this.makeReady(i);
    }
    return skipped;
  }

  /** Each task's b-level over the graph (src/graph/b-level.ts): own weight plus the longest chain waiting on it. */
  private bLevels(done: ReadonlySet<string>): number[] {
    const g = this.graph;
    const levels = bLevels(
      g.tasks.map((t) => t.id),
      (id) => g.dependents[g.indexOf.get(id)!]!.map((d) => g.tasks[d]!.id),
      (id) => g.tasks[g.indexOf.get(id)!]!.weight,
      done,
    );
    return g.tasks.map((t) => levels.get(t.id) ?? t.weight);
  }

  /** Longest remaining critical path first; plan order breaks ties so runs are reproducible. */
  private readyQueue(): MinHeap<number> {
    return new MinHeap<number>((a, b) => this.priority[b]! - this.priority[a]! || a - b);
  }

  /** Start every task that may start now, and say where. Empty once halted. */
  takeStartable(): Start[] {
    const started: Start[] = [];
    if (this.haltReason !== null) return started;
    const blocked: number[] = [];
    while (this.running.size < this.options.concurrency && this.ready.size > 0) {
      const i = this.ready.pop()!;
      if (this.conflictsWithRunning(i)) {
        blocked.push(i);
        continue;
      }
      const slot = this.freeSlots.pop()!;
      this.state[i] = 'running';
      this.running.set(i, slot);
      for (const l of this.graph.locks[i]!) this.heldLocks.add(l.key);
      started.push({ task: this.graph.tasks[i]!, slot });
    }
    for (const i of blocked) this.ready.push(i);
    return started;
  }

  /** The ids of up to `k` ready tasks, best first, as takeStartable would consider them (nothing changes). */
  upcoming(k: number): string[] {
    const top: number[] = [];
    while (top.length < k && this.ready.size > 0) top.push(this.ready.pop()!);
    for (const i of top) this.ready.push(i);
    return this.haltReason === null ? top.map((i) => this.graph.tasks[i]!.id) : [];
  }

  /** A running task ended. Returns the ids skipped because of it (dependencies-successful mode). */
  finish(id: string, ok: boolean, why?: string): string[] {
    const i = this.indexOf(id);
    const slot = this.running.get(i);
    if (slot === undefined) throw new Error(`task ${id} is not running`);
    this.running.delete(i);
    this.freeSlots.push(slot);
    // Nothing holding a lock of i runs beside i, so each of i's locks was i's alone.
    for (const l of this.graph.locks[i]!) this.heldLocks.delete(l.key);
    if (ok) {
      this.state[i] = 'done';
      this.releaseDependents(i);
      return [];
    }
    this.state[i] = 'failed';
    this.reason[i] = why ?? null;
    switch (this.options.continueMode) {
      case 'never':
        this.halt(`${id} failed and --continue=never`);
        return [];
      case 'dependencies-successful':
        return this.skipDependents(i, `dependency ${id} failed`);
      case 'always':
        // Dependents run anyway: the user asked for everything that can be tried.
        this.releaseDependents(i);
        return [];
    }
  }

  /** Start nothing more (Ctrl-C, or a failure under --continue=never). Running tasks are left to the caller. */
  halt(reason: string): void {
    if (this.haltReason === null) this.haltReason = reason;
  }

  get halted(): string | null {
    return this.haltReason;
  }

  /** Slots no task holds: how many more tasks could start now, conflicts aside. */
  freeSlotCount(): number {
    return this.options.concurrency - this.running.size;
  }

  hasRunning(): boolean {
    return this.running.size > 0;
  }

  stateOf(id: string): ScheduleState {
    return this.state[this.indexOf(id)]!;
  }

  reasonOf(id: string): string | null {
    return this.reason[this.indexOf(id)]!;
  }

  counts(): Counts {
    const c: Counts = { waiting: 0, running: 0, done: 0, failed: 0, skipped: 0 };
    for (const s of this.state) {
      if (s === 'ready' || s === 'waiting') c.waiting++;
      else c[s]++;
    }
    return c;
  }

  /** True when a running task holds one of i's locks: i may not run beside it. */
  private conflictsWithRunning(i: number): boolean {
    return this.graph.locks[i]!.some((l) => this.heldLocks.has(l.key));
  }


  private releaseDependents(i: number): void {
    for (const d of this.graph.dependents[i]!) {
      if (--this.pendingDeps[d]! === 0 && this.state[d] === 'waiting') this.makeReady(d);
    }
  }

  private makeReady(i: number): void {
    this.state[i] = 'ready';
    this.ready.push(i);
  }

  private skipDependents(i: number, why: string): string[] {
    const skipped: string[] = [];
    const stack = [...this.graph.dependents[i]!];
    while (stack.length > 0) {
      const d = stack.pop()!;
      // Only a waiting task can depend on an unfinished one; anything else was decided already.
      if (this.state[d] !== 'waiting') continue;
      this.state[d] = 'skipped';
      this.reason[d] = why;
      skipped.push(this.graph.tasks[d]!.id);
      stack.push(...this.graph.dependents[d]!);
    }
    return skipped;
  }

  private indexOf(id: string): number {
    const i = this.graph.indexOf.get(id);
    if (i === undefined) throw new Error(`unknown task ${id}`);
    return i;
  }
}
