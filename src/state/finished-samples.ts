// The durations the coordination store keeps (start, or claim, to done, in each task's log): what learned estimates
// (src/plan/estimates.ts) are made from. Only tasks a session finished count: a task ticked in the document
// itself has no duration.
import type { FinishedSample } from '../plan/estimates.js';
import type { TaskView } from './store.js';

export function finishedSamples(views: readonly TaskView[]): FinishedSample[] {
  return views.flatMap((v) => (v.state === 'done' && v.by && v.durationMs !== null ? [{ agent: v.agent, minutes: v.durationMs / 60_000 }] : []));
}
