// "What should this session do now?": ready, unclaimed (or stale) tasks, best first. Pure over a snapshot.
import type { Plan } from '../plan/schema.js';
import { doneIds, type Ok, type Store, type TaskView } from './store.js';
import { sameSession, type Session } from './session.js';
import type { HeldPartner } from './transitions.js';
import { rankByRemainingPath, remainingPath } from '../graph/priority.js';

export type NextChoice = { id: string; remainingPath: number };

/**
 * Candidates in order: available tasks, and claimed or in-progress tasks whose holder is stale (a claim takes
 * them over), matching `agent` when given; longest remaining critical path first, then plan order. A task the plan
 * keeps apart from one held by another live session (`excludedBy`) is skipped, as the claim would refuse it.
 */
export function rankNext(plan: Plan, views: readonly TaskView[], agent?: string, session?: Session): NextChoice[] {
  const levels = remainingPath(plan.tasks, doneIds(views));
  const candidates = views
    .filter((v) => v.state === 'available' || ((v.state === 'claimed' || v.state === 'in_progress') && v.stale && v.waitingOn.length === 0))
    .filter((v) => agent === undefined || v.agent === agent)
    .filter((v) => !keptOutBy(v, session))
    .map((v) => v.id);
  return rankByRemainingPath(candidates, levels).map((id) => ({ id, remainingPath: levels.get(id) ?? 0 }));
}

/** The partner held by another session that keeps the task out, if any. A session is never kept out by its own claims. */
export function keptOutBy(v: TaskView, session?: Session): HeldPartner | undefined {
  return v.excludedBy.find((x) => !session || !sameSession(x.holder, session));
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
