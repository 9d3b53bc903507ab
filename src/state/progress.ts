// Progress figures for `squad status`: counts by state, what is left of the critical path, and how well the
// sessions have been kept busy. Pure: takes the snapshot and the clock.
import type { Plan } from '../plan/schema.js';
import { doneIds, type TaskState, type TaskView } from './store.js';
import { criticalPathLeft } from '../graph/priority.js';

export type Interval = { start: number; end: number };

export type Efficiency = {
  /** Sum of the time tasks were held (start, or claim, to end or now). */
  busyMs: number;
  /** First start to last end (or now). */
  spanMs: number;
  /** Most tasks held at one moment. */
  peak: number;
  /** busy / span: how many tasks ran side by side on average. */
  average: number;
  /** average / peak: 1 means every session that was used stayed busy the whole time. */
  efficiency: number;
};

export function parallelEfficiency(intervals: readonly Interval[]): Efficiency | null {
  const valid = intervals.filter((i) => i.end > i.start);
  if (valid.length === 0) return null;
  const busyMs = valid.reduce((sum, i) => sum + (i.end - i.start), 0);
  const spanMs = Math.max(...valid.map((i) => i.end)) - Math.min(...valid.map((i) => i.start));
  // Sweep: +1 at each start, -1 at each end; ends sort before starts at the same instant (back-to-back is not overlap).
  const edges = valid.flatMap((i) => [{ t: i.start, d: 1 }, { t: i.end, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
  let peak = 0;
  let open = 0;
  for (const e of edges) peak = Math.max(peak, (open += e.d));
  const average = busyMs / spanMs;
  return { busyMs, spanMs, peak, average, efficiency: average / peak };
}

export type Progress = {
  total: number;
  counts: Record<TaskState, number>;
  /** Longest remaining chain, weighted by estimateMinutes (1 per unestimated task). */
  criticalPathLeft: number;
  efficiency: Efficiency | null;
};

export function progress(plan: Plan, views: readonly TaskView[], nowMs: number): Progress {
  const counts: Record<TaskState, number> = { available: 0, waiting: 0, claimed: 0, in_progress: 0, done: 0, failed: 0 };
  for (const v of views) counts[v.state]++;
  const done = doneIds(views);
  const intervals: Interval[] = [];
  for (const v of views) {
    const from = v.startedAt ?? v.claimedAt;
    if (!from) continue;
    const end = v.endedAt ?? (v.holder ? new Date(nowMs).toISOString() : null);
    if (end) intervals.push({ start: Date.parse(from), end: Date.parse(end) });
  }
  // The plan's count, not the views': a task whose log is damaged has no view (status shows it apart) but is in the plan.
  return { total: plan.tasks.length, counts, criticalPathLeft: criticalPathLeft(plan.tasks, done), efficiency: parallelEfficiency(intervals) };
}
