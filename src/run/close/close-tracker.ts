// Closing in the tracker (beads, Task Master, or the source markdown's checkboxes) once a group's tests
// pass: the same decisions as `squad verify` (src/trackers/verify/outcome.ts), for the group's tasks.
import type { PlanTask } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';
import { openTracker, selectTracker, type TrackerChoice } from '../../trackers/select.js';
import type { Tracker } from '../../trackers/types.js';
import { countOutcomes, decide, settle, type TaskOutcome } from '../../trackers/verify/outcome.js';
import type { Plan } from '../../plan/schema.js';
import type { Store } from '../../state/index.js';

export interface RunTracker {
  tracker: Tracker | null;
  /** Which tracker and why, or why none. */
  why: string;
}

/**
 * The tracker for this run. With `auto`, a plan whose source document is not here (a plan built by
 * hand, or copied elsewhere) closes in the run state only; a tracker named explicitly must be there.
 */
export function chooseTracker(choice: TrackerChoice, plan: Plan, repoRoot: string): RunTracker {
  try {
    const selected = selectTracker(choice, plan, repoRoot);
    if (selected.name === 'none') return { tracker: null, why: selected.why };
    return { tracker: openTracker(selected.name, plan, repoRoot), why: `${selected.name}: ${selected.why}` };
  } catch (err) {
    if (choice === 'auto' && err instanceof UserError) return { tracker: null, why: `none: ${err.message.split(';')[0]}` };
    throw err;
  }
}

export interface TrackerClose {
  closed: string[];
  /** Done and tested, but the tracker refused it or lost it. */
  notClosed: TaskOutcome[];
  counts: ReturnType<typeof countOutcomes>;
}

export async function closeInTracker(tracker: Tracker, store: Store, tasks: readonly PlanTask[], reason: string): Promise<TrackerClose> {
  const states = new Map(store.snapshot().map((v) => [v.id, v.state]));
  const statuses = await tracker.status(tasks);
  const { outcomes, toClose } = decide(tasks, states, statuses, true);
  const settled = toClose.length > 0 ? settle(outcomes, await tracker.close(toClose, reason)) : outcomes;
  return {
    closed: settled.filter((o) => o.outcome === 'closed').map((o) => o.id),
    notClosed: settled.filter((o) => o.outcome === 'not-closed'),
    counts: countOutcomes(settled),
  };
}
