// The real executor: each started task becomes a process group; its end becomes a Completion.
import type { Completion, Executor } from '../schedule/drive.js';
import type { SchedTask } from '../schedule/graph.js';
import { startGroup, type EndReason, type GroupProcess, type GroupResult, type GroupSpec } from './process-group.js';
import { gateFailure, type GateRun } from './gate.js';
import type { Watchdog } from '../monitor/watchdog.js';

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
  /** What to run for a task: argv, env, log path. Called just before launch. */
  prepare(task: SchedTask, slot: number): GroupSpec;
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
      this.push({ id: task.id, ok: true, exitCode: null, signal: null, reason: 'exit', error: null, startedAt: now, endedAt: now, logPath: '', doneBy: gate.doneBy, abandoned: false });
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
      this.push({ id, ok: false, why, exitCode: null, signal: null, reason: 'stopped', error: null, startedAt: now, endedAt: now, logPath: '', doneBy: null, abandoned: true });
    }
    this.waiting.clear();
  }

  private launch(task: SchedTask, slot: number): void {
    const spec = this.options.prepare(task, slot);
    const startedAt = Date.now();
    const launched = this.spawn(task, slot, spec, startedAt);
    this.options.onLaunch?.(launched);
    void launched.group.done.then((r) => {
      const ok = r.reason === 'exit' && r.exitCode === 0;
      const gate = ok ? this.options.gateOf?.(task, spec) ?? null : null;
      if (!gate) return this.end(task, spec, startedAt, r, ok ? undefined : describeEnd(r.reason, r.exitCode, r.signal, r.error));
      // The task passed; it counts as done only if its gate passes too.
      const checked = this.spawn(task, slot, gate.spec, startedAt);
      this.options.onGateLaunch?.(checked);
      void checked.group.done.then((g) => {
        const passed = g.reason === 'exit' && g.exitCode === 0;
        this.end(task, spec, startedAt, g, passed ? undefined : gateFailure(gate.command, describeEnd(g.reason, g.exitCode, g.signal, g.error), spec.logPath));
      });
    });
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
  private end(task: SchedTask, spec: GroupSpec, startedAt: number, r: GroupResult, why: string | undefined): void {
    this.running.delete(task.id);
    this.push({ id: task.id, ok: why === undefined, why, ...r, startedAt, endedAt: Date.now(), logPath: spec.logPath, doneBy: null, abandoned: false });
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
