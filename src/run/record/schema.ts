// .squad/runs/<run-id>/state.json: what one `squad run` did, task by task. Written whole and atomically at
// every transition, so it always loads; `--resume` reads it back.
import { z } from 'zod';
import { TRACKER_CHOICES } from '../../trackers/select.js';
import { TestOutcome } from '../../close/test-outcome.js';
import { ISOLATIONS } from '../../config/schema.js';
import { RUN_TASK_STATUSES } from '../../plan/states.js';

export const RUN_RECORD_VERSION = 1;

/**
 * pending: not started (or to be run again); done: ended well (and, in a worktree, merged), tests not yet passed;
 * closed: tests passed; conflict: ended well in its worktree but its branch did not merge (the branch is kept).
 */
export const RunTaskStatus = z.enum(RUN_TASK_STATUSES);
export type RunTaskStatus = z.infer<typeof RunTaskStatus>;

/**
 * A task's own worktree and branch (isolation: worktree). created: the task runs in it; finished: it passed,
 * its leftovers are committed (`tip`) and it waits for its merge; merged: merged into the integration branch
 * (`merge` is the merge commit); kept: failed, rejected by the ownership check, or conflicting, so its branch
 * is kept for inspection.
 */
export const TaskWorktree = z.object({
  path: z.string(),
  branch: z.string(),
  /** The integration head the branch started from. */
  base: z.string(),
  stage: z.enum(['created', 'finished', 'merged', 'kept']),
  tip: z.string().nullable(),
  merge: z.string().nullable(),
  /** Paths the branch changed against `base`. */
  files: z.array(z.string()),
  /** One line per path the plan gives to someone else (`T002 wrote x, owned by agent-2 (T005)`). */
  violations: z.array(z.string()),
  /** Paths written that no task declares. */
  undeclared: z.array(z.string()),
  /** Paths that conflicted when merging. */
  conflicts: z.array(z.string()),
  /** The worktree directory is gone (the branch may remain). */
  removed: z.boolean(),
  finishedAt: z.string().nullable(),
});
export type TaskWorktree = z.infer<typeof TaskWorktree>;

export const RunTask = z.object({
  id: z.string(),
  group: z.string(),
  status: RunTaskStatus,
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Why it failed or was skipped, or who else finished it. */
  reason: z.string().nullable(),
  log: z.string().nullable(),
  /** Process group of the current attempt, so a resumed run can stop what a crashed one left running. */
  pid: z.number().int().nullable(),
  /** Start time of that process (Linux), to tell it from a later process with the same pid. */
  pidStart: z.string().nullable(),
  /** Host whose squad started that process: --resume signals nothing another host started (records from before it was kept have none, and are never signalled). */
  host: z.string().nullable().default(null),
  slot: z.number().int().nullable(),
  /** Its worktree in a worktree run; null in a shared run (and in records from before worktrees). */
  worktree: TaskWorktree.nullable().default(null),
}).superRefine((t, ctx) => {
  // A running task's pid is only ever signalled when its start time proves it is still the process squad started.
  if (t.status === 'running' && t.pid !== null && t.pidStart === null) {
    ctx.addIssue({ code: 'custom', path: ['pidStart'], message: 'is missing for a running task (squad signals only a process whose start time it recorded)' });
  }
});
export type RunTask = z.infer<typeof RunTask>;

export const RunGroupStatus = z.enum(['pending', 'refreshing', 'running', 'testing', 'closed', 'failed', 'blocked', 'interrupted']);
export type RunGroupStatus = z.infer<typeof RunGroupStatus>;

export const RunGroupRecord = z.object({
  name: z.string(),
  status: RunGroupStatus,
  message: z.string().nullable(),
  context: z.string().nullable(),
  test: TestOutcome.nullable(),
});
export type RunGroupRecord = z.infer<typeof RunGroupRecord>;

export const RunStatus = z.enum(['running', 'succeeded', 'failed', 'interrupted', 'blocked']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunRecord = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  runId: z.string(),
  /** Absolute path of plan.json: how `--resume` finds the last run of a plan. */
  plan: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The squad process that runs (or ran) it; startedAt tells it from a later process with the same pid. */
  runner: z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string() }),
  options: z.object({
    groups: z.array(z.string()).nullable(),
    concurrency: z.number().int(),
    continue: z.enum(['never', 'dependencies-successful', 'always']),
    withDeps: z.boolean(),
    /** `--tracker` as given (records from before it was kept have none: auto). */
    tracker: z.enum(TRACKER_CHOICES).default('auto'),
    /** Where tasks run (records from before worktrees ran every task in the one working tree: shared). */
    isolation: z.enum(ISOLATIONS).default('shared'),
    /** The branch finished tasks merge into (worktree isolation). */
    into: z.string().nullable().default(null),
  }),
  status: RunStatus,
  exitCode: z.number().int().nullable(),
  groups: z.array(RunGroupRecord),
  tasks: z.array(RunTask),
});
export type RunRecord = z.infer<typeof RunRecord>;
