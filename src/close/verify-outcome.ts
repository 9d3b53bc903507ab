// What `squad verify` does with each task, decided from three facts: its state in squad's coordination store,
// where it stands in the tracker, and whether the tests passed. Pure.
import type { PlanTask } from '../plan/schema.js';
import type { TaskState } from '../state/index.js';
import type { CloseResult, TrackerStatus } from '../trackers/types.js';

export const OUTCOMES = ['closed', 'already-closed', 'not-closed', 'untracked', 'held-open', 'not-done', 'no-tracker'] as const;
/**
 * closed: closed now. already-closed: the tracker had it closed. not-closed: done and tested, but the tracker
 * refused it or lost it (fails verify). untracked: done, but the tracker has no place for it (reported only).
 * held-open: done, but the tests did not pass. not-done: not done in squad's state. no-tracker: --tracker none.
 */
export type Outcome = (typeof OUTCOMES)[number];

export interface TaskOutcome {
  id: string;
  title: string;
  /** The task's state in squad's coordination store. */
  state: TaskState;
  outcome: Outcome;
  where: string | null;
  why: string | null;
}

const STATE_WORDS: Record<TaskState, string> = {
  available: 'available, not started',
  waiting: 'waiting on dependencies',
  claimed: 'claimed, not started',
  in_progress: 'in progress',
  done: 'done',
  failed: 'failed',
};

/**
 * Outcomes before closing, and the tasks to close. `statuses` is null with no tracker. Tasks to close: done in
 * squad's state, open in the tracker, and only when the tests passed.
 */
export function decide(
  tasks: readonly PlanTask[],
  states: ReadonlyMap<string, TaskState>,
  statuses: ReadonlyMap<string, TrackerStatus> | null,
  testsPassed: boolean,
): { outcomes: TaskOutcome[]; toClose: PlanTask[] } {
  const toClose: PlanTask[] = [];
  const outcomes = tasks.map((t): TaskOutcome => {
    const state = states.get(t.id) ?? 'available';
    const base = { id: t.id, title: t.title, state };
    if (state !== 'done') return { ...base, outcome: 'not-done', where: null, why: `not done in squad's state (${STATE_WORDS[state]})` };
    if (!statuses) return { ...base, outcome: 'no-tracker', where: null, why: 'no tracker to close it in (--tracker none)' };
    const s = statuses.get(t.id) ?? { state: 'missing', where: null, why: 'the tracker did not report it' };
    switch (s.state) {
      case 'closed':
        return { ...base, outcome: 'already-closed', where: s.where, why: null };
      case 'untracked':
        return { ...base, outcome: 'untracked', where: s.where, why: s.why };
      case 'missing':
        return { ...base, outcome: 'not-closed', where: s.where, why: s.why };
      case 'open':
        if (!testsPassed) return { ...base, outcome: 'held-open', where: s.where, why: 'the tests did not pass, so nothing was closed' };
        toClose.push(t);
        return { ...base, outcome: 'closed', where: s.where, why: null };
    }
  });
  return { outcomes, toClose };
}

/** Fold the tracker's close results into the outcomes. */
export function settle(outcomes: readonly TaskOutcome[], results: ReadonlyMap<string, CloseResult>): TaskOutcome[] {
  return outcomes.map((o) => {
    const r = results.get(o.id);
    if (!r) return o;
    return r.closed ? { ...o, outcome: 'closed', where: r.where ?? o.where, why: null } : { ...o, outcome: 'not-closed', where: r.where ?? o.where, why: r.why };
  });
}

export function countOutcomes(outcomes: readonly TaskOutcome[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((k) => [k, 0])) as Record<Outcome, number>;
  for (const o of outcomes) counts[o.outcome]++;
  return counts;
}
