// One small interface for every tracker squad closes tasks in: read where each task stands, close some with a
// reason. Adapters: beads (bd), Task Master (tasks.json), markdown (the source document's checkboxes).
import type { PlanTask } from '../plan/schema.js';

export const TRACKER_NAMES = ['beads', 'taskmaster', 'markdown'] as const;
export type TrackerName = (typeof TRACKER_NAMES)[number];

/**
 * Where a task stands in the tracker.
 * - open / closed: the tracker holds it.
 * - untracked: the tracker has no place for it by design (a task without a checkbox, a task with no bd id);
 *   reported, never invented.
 * - missing: it should be there and is not (deleted from tasks.json, unknown to bd, checkbox line gone).
 */
export type TrackerState = 'open' | 'closed' | 'untracked' | 'missing';

export interface TrackerStatus {
  state: TrackerState;
  /** Where the tracker keeps it, for people: `docs/tasks.md:12`, `bd-a1b2`, `tasks.json master#3.2`. */
  where: string | null;
  /** Why, for untracked and missing. */
  why: string | null;
}

export interface CloseResult {
  closed: boolean;
  where: string | null;
  /** Why it did not close, in the tracker's own words when it gave some. */
  why: string | null;
}

export interface Tracker {
  readonly name: TrackerName;
  /** Where each task stands, keyed by plan task id. */
  status(tasks: readonly PlanTask[]): Promise<Map<string, TrackerStatus>>;
  /** Close these tasks; every task gets a result. `reason` goes to trackers that keep one (beads). */
  close(tasks: readonly PlanTask[], reason: string): Promise<Map<string, CloseResult>>;
}
