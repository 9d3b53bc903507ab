// The real executor: each started task becomes a process group; its end becomes a Completion.
import type { Completion, Executor } from '../../schedule/drive.js';
import type { SchedTask } from '../../schedule/graph.js';
import { startGroup, type EndReason, type GroupProcess, type GroupResult, type GroupSpec } from '../../process/process-group.js';
import { gateFailure, type GateRun } from './gate.js';
import type { Watchdog } from '../../process/watchdog.js';

export interface ProcessCompletion extends Completion {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  reason: EndReason;
  error: string | null;
  startedAt: number;
  endedAt: number;
  logPath: string;
  /** Set when someone else finished the task, so this run did not run it. */
  doneBy: string | null;
  /** It was waiting for another holder when the run stopped starting tasks: never started, never ours. */
  abandoned: boolean;
  /** Processes the task (or its gate) left outside its process group, stopped when it ended. */
  escaped: string[];
  /** It passed, but its branch conflicted when merging (worktree isolation): the conflicting paths. */
  conflicts: string[] | null;
}

/** What `settle` found: nothing when the task may count as done; else why not (and the conflicting paths). */
export interface Settled {
  why?: string;
  conflicts?: string[];
  /** Run the task again in the same slot (a conflict under merge.onConflict: rerun) instead of ending it. */
  rerun?: boolean;
}

export interface Launched {
  task: SchedTask;
  slot: number;
  group: GroupProcess;
  startedAt: number;
}

/** May this run start the task now? Another run or a person may hold it, or have finished it. */
export type Gate = { go: true } | { go: false; doneBy: string } | { go: false; heldBy: string };

export interface ProcessExecutorOptions {
  /** Claim the task (the atomic claim shared with `squad claim`); called before every launch. */
  gate(task: SchedTask): Gate;
  /** How often to look again at a task someone else holds. */
  pollMs: number;
  /**
   * What to run for a task: argv, env, log path. Called just before launch. A promise (a worktree being
   * created) delays the launch; if it rejects, the task fails with the reason.
   */
  prepare(task: SchedTask, slot: number): GroupSpec | Promise<GroupSpec>;
  /** After an asynchronous prepare: has the run been told to stop? Then the task ends stopped, never spawned. */
  stopped?(): boolean;
  /**
   * After the task (and its gate) passed: what must still happen before it counts as done (worktree isolation:
   * commit, ownership check, merge). A `why` fails the task.
   */
  settle?(task: SchedTask): Promise<Settled>;
  /** A task is waiting for another holder to let go (for the reporter). */
  onHeld?(task: SchedTask, heldBy: string): void;
  graceMs: number;
  watchdog: Watchdog;
  /** Called right after spawn, with the pid, so the run state can record it. */
  onLaunch?(launched: Launched): void;
  /** The task's gate (gate.ts): run after the task exits 0; its failure fails the task. Null when it has none. */
  gateOf?(task: SchedTask, ran: GroupSpec): GateRun | null;
  /** The gate was spawned: the run state records its pid instead of the task's (Ctrl-C, --resume). */
  onGateLaunch?(launched: Launched): void;
}

export class ProcessExecutor implements Executor<ProcessCompletion> {
  private readonly finished: ProcessCompletion[] = [];
  private waiter: ((c: ProcessCompletion) => void) | null = null;
  readonly running = new Map<string, Launched>();
  private readonly waiting = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ProcessExecutorOptions) {}

  start(task: SchedTask, slot: number): void {
    const gate = this.options.gate(task);
    if (!gate.go && 'doneBy' in gate) {
      const now = Date.now();
      this.push({ id: task.id, ok: true, exitCode: null, signal: null, reason: 'exit', error: null, startedAt: now, endedAt: now, logPath: '', doneBy: gate.doneBy, abandoned: false, conflicts: null, escaped: [] });
      return;
    }
    if (!gate.go) {
      // Someone else is on it: look again later, keeping the slot, so the task runs at most once at a time.
      this.options.onHeld?.(task, gate.heldBy);
      const timer = setTimeout(() => this.start(task, slot), this.options.pollMs);
      this.waiting.set(task.id, timer);
      return;
    }
    this.waiting.delete(task.id);
    this.launch(task, slot);
  }

  /** Stop looking at tasks held elsewhere (an interrupt, or a halt after a failure): they end as not run. */
  abandonWaiting(why: string): void {
    for (const [id, timer] of this.waiting) {
      clearTimeout(timer);
      const now = Date.now();
      this.push({ id, ok: false, why, exitCode: null, signal: null, reason: 'stopped', error: null, startedAt: now, endedAt: now, logPath: '', doneBy: null, abandoned: true, conflicts: null, escaped: [] });
    }
    this.waiting.clear();
  }

  private launch(task: SchedTask, slot: number): void {
    const prepared = this.options.prepare(task, slot);
    if (!(prepared instanceof Promise)) return this.run(task, slot, prepared);
    // The scheduler keeps the task's slot meanwhile; a stop signal that came meanwhile found nothing to stop.
    void prepared.then(
      (spec) => {
        if (!this.options.stopped?.()) return this.run(task, slot, spec);
        const now = Date.now();
        this.push({ id: task.id, ok: false, why: describeEnd('stopped', null, null, null), exitCode: null, signal: null, reason: 'stopped', error: null, startedAt: now, endedAt: now, logPath: '', doneBy: null, abandoned: false, conflicts: null, escaped: [] });
      },
      (err: unknown) => {
        const now = Date.now();
        const error = err instanceof Error ? err.message : String(err);
        this.push({ id: task.id, ok: false, why: `could not prepare: ${error}`, exitCode: null, signal: null, reason: 'spawn-error', error, startedAt: now, endedAt: now, logPath: '', doneBy: null, abandoned: false, conflicts: null, escaped: [] });
      },
    );
  }

  private run(task: SchedTask, slot: number, spec: GroupSpec): void {
    const startedAt = Date.now();
    const launched = this.spawn(task, slot, spec, startedAt);
    this.options.onLaunch?.(launched);
    void launched.group.done.then((r) => {
      const ok = r.reason === 'exit' && r.exitCode === 0;
      const gate = ok ? this.options.gateOf?.(task, spec) ?? null : null;
      if (!gate) return ok ? this.settle(task, slot, spec, startedAt, r) : this.end(task, spec, startedAt, r, describeEnd(r.reason, r.exitCode, r.signal, r.error));
      // The task passed; it counts as done only if its gate passes too.
      const checked = this.spawn(task, slot, gate.spec, startedAt);
      this.options.onGateLaunch?.(checked);
      void checked.group.done.then((g) => {
        const passed = g.reason === 'exit' && g.exitCode === 0;
        const both = { ...g, escaped: [...r.escaped, ...g.escaped] };
        if (passed) return this.settle(task, slot, spec, startedAt, both);
        this.end(task, spec, startedAt, both, gateFailure(gate.command, describeEnd(g.reason, g.exitCode, g.signal, g.error), spec.logPath));
      });
    });
  }

  /** The task passed: it ends once `settle` (when there is one) says it may count as done. */
  private settle(task: SchedTask, slot: number, spec: GroupSpec, startedAt: number, r: GroupResult): void {
    if (!this.options.settle) return this.end(task, spec, startedAt, r, undefined);
    this.options.settle(task).then(
      (s) => (s.rerun ? this.launch(task, slot) : this.end(task, spec, startedAt, r, s.why, s.conflicts ?? null)),
      (err: unknown) => this.end(task, spec, startedAt, r, `could not merge: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** Start one process group for the task (the task itself, or its gate), watched by the watchdog. */
  private spawn(task: SchedTask, slot: number, spec: GroupSpec, startedAt: number): Launched {
    const group = startGroup(spec, this.options.graceMs);
    const launched: Launched = { task, slot, group, startedAt };
    this.running.set(task.id, launched);
    if (group.pid !== null) this.options.watchdog.watch(group);
    return launched;
  }

  /** `why` undefined: it passed. */
  private end(task: SchedTask, spec: GroupSpec, startedAt: number, r: GroupResult, why: string | undefined, conflicts: string[] | null = null): void {
    this.running.delete(task.id);
    this.push({ id: task.id, ok: why === undefined, why, ...r, startedAt, endedAt: Date.now(), logPath: spec.logPath, doneBy: null, abandoned: false, conflicts });
  }

  next(): Promise<ProcessCompletion> {
    const c = this.finished.shift();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private push(c: ProcessCompletion): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(c);
    } else this.finished.push(c);
  }
}

export function describeEnd(reason: EndReason, exitCode: number | null, signal: string | null, error: string | null): string {
  switch (reason) {
    case 'spawn-error':
      return `could not start: ${error ?? 'unknown error'}`;
    case 'timeout':
      return 'stopped: task timeout';
    case 'inactivity':
      return 'stopped: no output within the inactivity timeout';
    case 'stopped':
      return 'stopped: interrupted';
    case 'exit':
      return signal ? `killed by ${signal}` : `exit code ${exitCode}`;
  }
}
