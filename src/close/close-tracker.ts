// Closing in the tracker (beads, Task Master, or the source markdown's checkboxes) once a group's tests
// pass: the same decisions as `squad verify` (src/close/verify-outcome.ts), for the group's tasks.
import type { PlanTask } from '../plan/schema.js';
import { UserError } from '../io/errors.js';
import { openTracker, selectTracker, type TrackerChoice } from '../trackers/select.js';
import type { Tracker } from '../trackers/types.js';
import { countOutcomes, decide, settle, type TaskOutcome } from './verify-outcome.js';
import type { Plan } from '../plan/schema.js';
import type { Store } from '../state/index.js';

export interface RunTracker {
  tracker: Tracker | null;
  /** Which tracker and why, or why none. */
  why: string;
}

/**
 * The tracker for this run, checked by reading where `tasks` stand in it: a tracker that cannot work (bd
 * missing or without a database, a source document that cannot be read) fails here, before anything
 * starts, not after the work. With `auto`, a plan whose source document is not here (a plan built by hand,
 * or copied elsewhere) closes in the run state only; a tracker named explicitly must be there.
 */
export async function chooseTracker(choice: TrackerChoice, plan: Plan, repoRoot: string, tasks: readonly PlanTask[]): Promise<RunTracker> {
  let chosen: RunTracker;
  try {
    const selected = selectTracker(choice, plan, repoRoot);
    if (selected.name === 'none') return { tracker: null, why: selected.why };
    chosen = { tracker: openTracker(selected.name, plan, repoRoot), why: `${selected.name}: ${selected.why}` };
  } catch (err) {
    if (choice === 'auto' && err instanceof UserError) return { tracker: null, why: `none: ${err.message.split(';')[0]}` };
    throw err;
  }
  await chosen.tracker!.status(tasks);
  return chosen;
}

export interface TrackerClose {
  closed: string[];
  /** Done and tested, but the tracker refused it or lost it. */
  notClosed: TaskOutcome[];
  counts: ReturnType<typeof countOutcomes>;
}

/**
 * Close the tasks the run state closed. A tracker that breaks on the way (bd losing its database, the
 * document unwritable) does not end the run: the tasks it did not confirm are "not closed", with its error.
 */
export async function closeInTracker(tracker: Tracker, store: Store, tasks: readonly PlanTask[], reason: string): Promise<TrackerClose> {
  const states = new Map(store.snapshot().map((v) => [v.id, v.state]));
  let settled: TaskOutcome[];
  try {
    const { outcomes, toClose } = decide(tasks, states, await tracker.status(tasks), true);
    settled = toClose.length > 0 ? settle(outcomes, await tracker.close(toClose, reason)) : outcomes;
  } catch (err) {
    const why = `${tracker.name} failed: ${err instanceof Error ? err.message : String(err)}`;
    settled = tasks.map((t) => ({ id: t.id, title: t.title, state: states.get(t.id) ?? 'available', outcome: 'not-closed', where: null, why }));
  }
  return {
    closed: settled.filter((o) => o.outcome === 'closed').map((o) => o.id),
    notClosed: settled.filter((o) => o.outcome === 'not-closed'),
    counts: countOutcomes(settled),
  };
}
