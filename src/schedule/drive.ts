// The one loop that turns a Scheduler into a run: start what may start, wait for the next task to
// end, tell the scheduler, repeat. The executor decides what "start" and "wait" mean: real
// processes and wall time for `squad run`, a virtual clock and the estimates for `--dry-run`.
import type { Scheduler, Start } from './scheduler.js';
import type { SchedTask } from './graph.js';

export interface Completion {
  id: string;
  ok: boolean;
  /** Why it failed, in a few words (exit code, timeout, ...). */
  why?: string;
}

export interface Executor<C extends Completion = Completion> {
  /** Begin running a task in a slot. Must not throw for a task that fails to launch: report it via next(). */
  start(task: SchedTask, slot: number): void;
  /** The next task to end (resolves once per started task). */
  next(): Promise<C>;
}

export interface DriveHooks<C extends Completion> {
  onStart?(start: Start): void;
  /** `skipped` are the tasks given up because this one failed (dependencies-successful mode). */
  onFinish?(completion: C, skipped: string[]): void;
  /**
   * Resolves when the scheduler was given new tasks (`squad add` during a run): the loop then starts what may start
   * without waiting for a running task to end. The pending end is kept, never dropped.
   */
  added?(): Promise<void>;
}

export async function drive<C extends Completion>(scheduler: Scheduler, executor: Executor<C>, hooks: DriveHooks<C> = {}): Promise<void> {
  let pending: Promise<C> | null = null;
  for (;;) {
    for (const start of scheduler.takeStartable()) {
      hooks.onStart?.(start);
      executor.start(start.task, start.slot);
    }
    if (!scheduler.hasRunning()) return;
    pending ??= executor.next();
    const completion = hooks.added ? await Promise.race([pending, hooks.added().then(() => null)]) : await pending;
    if (completion === null) continue;
    pending = null;
    const skipped = scheduler.finish(completion.id, completion.ok, completion.why);
    hooks.onFinish?.(completion, skipped);
  }
}
