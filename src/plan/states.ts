// The states of a task, everywhere squad keeps one, and how they line up: one file, so "done" means one thing.
//
// Four places hold a task's state, each for its own reader:
//   plan      plans/plan.json, from the source document (a ticked box, `status: done`, a closed bd issue)
//   claim     the coordination store's log, folded per task (src/state/fold.ts): the last transition
//   store     what claim/next/status show (src/state/store.ts): the claim state plus what the plan and the graph add
//   schedule  one run's scheduler (src/schedule/scheduler.ts), in memory
//   run       a run record's task (src/run/record/schema.ts), on disk, for --resume, metrics and doctor
//
// One task through one `squad run`:
//
//   what happened                     plan   claim        store        schedule   run
//   a dependency is not done yet      open   open         waiting      waiting    pending
//   every dependency done             open   open         available    ready      pending
//   started                           open   in_progress  in_progress  running    running
//   passed (its gate too)             open   done         done         done       done
//   the group's tests passed, closed  done*  done         done         -          closed
//   failed or timed out               open   failed       failed       failed     failed
//   merge conflict (worktrees)        open   failed       failed       failed     conflict
//   a dependency failed               open   open         waiting      skipped    skipped
//
//   * in the tracker (beads, Task Master, the source's checkbox); plan.json says so when it is compiled again.
// A task `claim`ed by hand is `claimed` in the claim log and the store before it is started.
//
// Finished means: done in the store (whoever did it), done or closed in a run record, done in the plan, or closed in
// beads. Every "is it finished?" question goes through the predicates below.

/** plans/plan.json: what the source document says. */
export const PLAN_STATUSES = ['open', 'done'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The claim log folded per task: its last transition. */
export type ClaimStatus = 'open' | 'claimed' | 'in_progress' | 'done' | 'failed';

/** What the store shows: `open` split by the dependencies into available and waiting. */
export const STORE_STATES = ['available', 'waiting', 'claimed', 'in_progress', 'done', 'failed'] as const;
export type StoreState = (typeof STORE_STATES)[number];

/** One run's scheduler. */
export type ScheduleState = 'waiting' | 'ready' | 'running' | 'done' | 'failed' | 'skipped';

/** A run record's task. */
export const RUN_TASK_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped', 'closed', 'conflict'] as const;
export type RunTaskStatus = (typeof RUN_TASK_STATUSES)[number];

/** A run record's task is finished: it passed (done), and maybe its group closed it (closed). */
export function runFinished(status: RunTaskStatus | undefined): boolean {
  return status === 'done' || status === 'closed';
}

/** A task the store shows as finished, by anyone (or done in the plan itself). */
export function storeFinished(state: StoreState): boolean {
  return state === 'done';
}
