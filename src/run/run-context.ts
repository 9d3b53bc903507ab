// Everything the four phases of one `squad run` share: the plan, the config, the claim store and this
// run's session, the run record, the reporter, and whether the user asked to stop.
import type { RemoteSlots } from '../distributed/remote-spec.js';
import { displayPath } from '../io/display-path.js';
import type { Config } from '../config/schema.js';
import type { Plan, PlanTask } from '../plan/schema.js';
import type { Session, Store } from '../state/index.js';
import { doneIds } from '../state/index.js';
import type { LearnedEstimates } from '../plan/estimates.js';
import type { ContinueMode } from '../schedule/scheduler.js';
import type { StatusView } from './monitor/reporter.js';
import type { OrderedReporter } from './monitor/in-order.js';
import type { TaskRecords } from './record/task-records.js';
import type { Tracker } from '../trackers/types.js';
import type { WorktreeRun } from './worktree/worktree-run.js';
import type { LivePool } from './plan/live-pool.js';

export interface Limits {
  taskMs: number;
  inactivityMs: number;
  graceMs: number;
}

export interface RunContext {
  repoRoot: string;
  /** Absolute path of plan.json. */
  planPath: string;
  plan: Plan;
  /** When plan.json was written: "changed since the plan was compiled" is measured from here. */
  planWrittenMs: number;
  config: Config;
  configFile: string | null;
  store: Store;
  session: Session;
  records: TaskRecords;
  /** Where closing also happens (beads, Task Master, the source markdown), or null for the run state only. */
  tracker: Tracker | null;
  runDir: string;
  /** Task end lines wait there until the end is durable (monitor/in-order.ts). */
  reporter: OrderedReporter;
  concurrency: number;
  continueMode: ContinueMode;
  withDeps: boolean;
  limits: Limits;
  /** The first stop signal received, or null. */
  interrupted(): NodeJS.Signals | null;
  /**
   * An error thrown where nobody awaits it (a deferred write of the run record or the claim store): the
   * pipeline stops every task, finishes the record and exits with one line.
   */
  fail(err: unknown): void;
  /** What the phase now running wants done on Ctrl-C (halt the scheduler, stop waiting for holders). */
  onInterrupt: (() => void) | null;
  /** Worktree isolation (src/run/worktree): each task's worktree, and the merge queue. Null when tasks share the tree. */
  worktrees: WorktreeRun | null;
  /** Tasks sent to `squad worker`s (src/distributed); null when every task runs here. */
  remote: RemoteSlots | null;
  /** What the live view shows, while tasks run. */
  status: (() => StatusView) | null;
  /** Tasks added to the plan while the run goes on (plan/live-pool.ts); ctx.plan and ctx.store grow with them. */
  pool: LivePool | null;
  /** The weight of a task without an estimate, learned from finished tasks (src/plan/estimates.ts); null: the default. */
  learned: LearnedEstimates | null;
}

/**
 * "Is it done?" as of now, for this run's purposes: finished in the claim store (by anyone, or in the
 * plan itself), or by this run. One store snapshot, read at the first question, serves every question asked of
 * the returned function (a caller that may ask none, like the live pool's poll, reads nothing).
 */
export function doneNow(ctx: RunContext): (id: string) => boolean {
  let inStore: Set<string> | undefined;
  return (id) => ctx.records.isFinished(id) || (inStore ??= doneIds(ctx.store.snapshot())).has(id);
}

/** A path as the user should read it: relative to the repository root when it is inside it. */
export function shown(ctx: RunContext, path: string): string {
  return displayPath(ctx.repoRoot, path);
}

/** Environment shared by every process the run starts. */
export function baseEnv(ctx: RunContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SQUAD_PLAN: ctx.planPath,
    SQUAD_RUN_DIR: ctx.runDir,
    // Agents that call `squad done` / `squad claim` act as this run, not as a stranger.
    SQUAD_SESSION: ctx.session.name,
    SQUAD_SESSION_PID: String(ctx.session.pid),
  };
}
