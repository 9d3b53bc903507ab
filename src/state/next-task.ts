// "What should this session do now?": ready, unclaimed (or stale) tasks, best first. Pure over a snapshot.
import type { Plan } from '../plan/schema.js';
import { doneIds, type Ok, type Store, type TaskView } from './store.js';
import type { Session } from './session.js';
import { rankByRemainingPath, remainingPath } from './priority.js';

export type NextChoice = { id: string; remainingPath: number };

/**
 * Candidates in order: available tasks, and claimed or in-progress tasks whose holder is stale (a claim takes
 * them over), matching `agent` when given; longest remaining critical path first, then plan order.
 */
export function rankNext(plan: Plan, views: readonly TaskView[], agent?: string): NextChoice[] {
  const levels = remainingPath(plan.tasks, doneIds(views));
  const candidates = views
    .filter((v) => v.state === 'available' || ((v.state === 'claimed' || v.state === 'in_progress') && v.stale && v.waitingOn.length === 0))
    .filter((v) => agent === undefined || v.agent === agent)
    .map((v) => v.id);
  return rankByRemainingPath(candidates, levels).map((id) => ({ id, remainingPath: levels.get(id) ?? 0 }));
}

/**
 * Claim the first choice this session can get. Another session may win a choice between the snapshot and the
 * claim (or its dependencies may have changed): then the next best is tried. Null when none could be claimed.
 */
export function claimBest(store: Store, session: Session, choices: readonly NextChoice[]): { choice: NextChoice; result: Ok } | null {
  for (const choice of choices) {
    const result = store.tryClaim(choice.id, session);
    if (result.ok) return { choice, result };
  }
  return null;
}
