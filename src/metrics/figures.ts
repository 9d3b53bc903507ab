// The figures `squad metrics` reports, per run and over all runs: how long the run took against the prediction and
// what no schedule could beat, how much of the concurrency was used, how fast ready tasks were claimed, what the
// coordination cost (races, takeovers, exclusion waits), what worktrees caught, and how each agent type did.
// Pure: run records, the plan and the journal are passed in (load.ts reads them).
import type { Plan, PlanTask } from '../plan/schema.js';
import type { RunRecord, RunTask } from '../run/record/schema.js';
import type { CoordEvent } from '../state/events.js';
import { Conflicts, writtenPaths } from '../plan/conflicts.js';
import { runFinished } from '../plan/states.js';

export type Latency = { count: number; p50Ms: number | null; p99Ms: number | null };

export type AgentFigures = {
  agent: string;
  /** Tasks that started and ended (done, failed or conflicting). */
  tasks: number;
  durationMs: number;
  meanMs: number | null;
  failed: number;
  failureRate: number | null;
  /** Mean of actual / estimate over the tasks that ended well and had an estimate; null when none had. */
  estimateAccuracy: number | null;
  estimated: number;
};

export type Figures = {
  tasks: number;
  /** First task start to last task end. */
  makespanMs: number | null;
  /** plan.json's predicted makespan (its estimates and lanes), when the run covered the whole plan. */
  predictedMs: number | null;
  /** The longest dependency chain of the run's tasks, at their actual durations: no schedule could beat it. */
  lowerBoundMs: number | null;
  /** Sum of task durations. */
  workMs: number;
  /** workMs / makespanMs: how many tasks ran at once on average. */
  parallelism: number | null;
  concurrency: number | null;
  /** parallelism / concurrency. */
  efficiency: number | null;
  /** From a task being ready (its last dependency done, or the run's start) to its claim. */
  claimLatency: Latency;
  /** Claims given back because a partner task's claim landed first (store.ts claim()). */
  claimsLostToRaces: number;
  staleTakeovers: number;
  /** Tasks that were ready but waited while a task the plan keeps apart from them (one file) ran. */
  exclusionWaits: { count: number; totalMs: number };
  ownershipViolations: number;
  mergeConflicts: number;
  byAgentType: AgentFigures[];
};

export type RunFigures = Figures & { runId: string; status: RunRecord['status']; createdAt: string };

const ms = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

type Timed = { t: RunTask; start: number; end: number; plan: PlanTask | undefined };

/** Tasks of a record that started and ended (the record keeps each task's last attempt). */
function timedTasks(rec: RunRecord, byId: ReadonlyMap<string, PlanTask>): Timed[] {
  return rec.tasks
    .filter((t) => ['done', 'closed', 'failed', 'conflict'].includes(t.status) && t.startedAt && t.endedAt)
    .map((t) => ({ t, start: ms(t.startedAt)!, end: ms(t.endedAt)!, plan: byId.get(t.id) }));
}

/** Longest path through the dependencies among `timed`, weighted by actual duration. */
function criticalPath(timed: readonly Timed[]): number {
  const byId = new Map(timed.map((x) => [x.t.id, x]));
  const memo = new Map<string, number>();
  const finish = (id: string, depth: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const x = byId.get(id)!;
    // The plan is acyclic (checked on load); the depth bound only keeps a damaged plan from recursing forever.
    const before = depth > timed.length ? 0 : Math.max(0, ...(x.plan?.deps ?? []).filter((d) => byId.has(d)).map((d) => finish(d, depth + 1)));
    const value = before + (x.end - x.start);
    memo.set(id, value);
    return value;
  };
  return Math.max(0, ...timed.map((x) => finish(x.t.id, 0)));
}

/** Ready but waiting while an excluded partner ran: count and time, from the record's start and end times. */
function exclusionWaits(rec: RunRecord, timed: readonly Timed[], plan: Plan | null, runStart: number): { count: number; totalMs: number } {
  if (!plan) return { count: 0, totalMs: 0 };
  const inRun = timed.filter((x) => x.plan);
  const conflicts = new Conflicts(inRun.map((x) => ({ id: x.t.id, writes: writtenPaths(x.plan!.files) })), plan.exclusions, plan.mutexes);
  const endOf = new Map(rec.tasks.map((t) => [t.id, ms(t.endedAt)]));
  let count = 0;
  let totalMs = 0;
  inRun.forEach((x, i) => {
    const ready = Math.max(runStart, ...x.plan!.deps.map((d) => endOf.get(d) ?? runStart));
    if (x.start <= ready) return;
    const spans = conflicts.partners(i).map((p) => [Math.max(ready, inRun[p.index]!.start), Math.min(x.start, inRun[p.index]!.end)] as const).filter(([a, b]) => b > a);
    if (spans.length === 0) return;
    count++;
    totalMs += unionLength(spans);
  });
  return { count, totalMs };
}

function unionLength(spans: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = sorted[0]!;
  for (const [a, b] of sorted.slice(1)) {
    if (a > to) {
      total += to - from;
      [from, to] = [a, b];
    } else to = Math.max(to, b);
  }
  return total + (to - from);
}

/**
 * Latency of each claim `keep` accepts, from when its task was ready: `readyAt(task, doneAt)` given the done times
 * the journal shows so far, or null when it was not ready (a forced claim) or has no such moment.
 */
function claimLatencies(events: readonly CoordEvent[], keep: (e: CoordEvent) => boolean, readyAt: (task: string, doneAt: ReadonlyMap<string, number>) => number | null): number[] {
  const doneAt = new Map<string, number>();
  const out: number[] = [];
  for (const e of events) {
    const at = Date.parse(e.at);
    if (e.event === 'done') doneAt.set(e.task, at);
    if ((e.event !== 'claim' && e.event !== 'takeover') || !keep(e)) continue;
    const ready = readyAt(e.task, doneAt);
    if (ready !== null) out.push(Math.max(0, at - ready));
  }
  return out;
}

/** The latest of the dependencies' ends, or null when one has none; `floor` when there are none. */
function lastEnd(deps: readonly string[], endOf: (id: string) => number | undefined, floor: number | null): number | null {
  const ends = deps.map(endOf);
  if (ends.some((x) => x === undefined)) return null;
  const ready = Math.max(floor ?? -Infinity, ...(ends as number[]));
  return Number.isFinite(ready) ? ready : null;
}

const lostRace = (e: CoordEvent) => e.event === 'release' && (e.note ?? '').startsWith('gave the claim back');

function byAgentType(timed: readonly Timed[]): AgentFigures[] {
  const groups = new Map<string, Timed[]>();
  for (const x of timed) {
    const agent = x.plan?.agent ?? 'unknown';
    groups.set(agent, [...(groups.get(agent) ?? []), x]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agent, xs]) => {
      const durationMs = xs.reduce((s, x) => s + (x.end - x.start), 0);
      const failed = xs.filter((x) => x.t.status === 'failed').length;
      const ratios = xs.filter((x) => runFinished(x.t.status) && x.plan?.estimateMinutes).map((x) => (x.end - x.start) / (x.plan!.estimateMinutes! * 60_000));
      return {
        agent,
        tasks: xs.length,
        durationMs,
        meanMs: xs.length ? durationMs / xs.length : null,
        failed,
        failureRate: xs.length ? failed / xs.length : null,
        estimateAccuracy: ratios.length ? ratios.reduce((s, r) => s + r, 0) / ratios.length : null,
        estimated: ratios.length,
      };
    });
}

/** One run's figures, and what the figures over all runs are built from. */
export type RunDetail = { figures: RunFigures; timed: Timed[]; latencies: number[]; byRun: (e: CoordEvent) => boolean };

/** The figures of one run. `events`: the plan's journal; `plan`: the current plan.json, or null when the run is of another. */
export function runFigures(rec: RunRecord, plan: Plan | null, events: readonly CoordEvent[]): RunDetail {
  const byId = new Map((plan?.tasks ?? []).map((t) => [t.id, t]));
  const timed = timedTasks(rec, byId);
  const start = timed.length ? Math.min(...timed.map((x) => x.start)) : null;
  const end = timed.length ? Math.max(...timed.map((x) => x.end)) : null;
  const makespanMs = start !== null && end !== null ? end - start : null;
  const workMs = timed.reduce((s, x) => s + (x.end - x.start), 0);
  const parallelism = makespanMs ? workMs / makespanMs : null;
  const concurrency = rec.options.concurrency;
  const from = Date.parse(rec.createdAt);
  const to = Date.parse(rec.updatedAt);
  const inWindow = (e: CoordEvent) => {
    const at = Date.parse(e.at);
    return at >= from && at <= to;
  };
  const byRun = (e: CoordEvent) => inWindow(e) && e.by.pid === rec.runner.pid && e.by.host === rec.runner.host;
  const runIds = new Set(rec.tasks.map((t) => t.id));
  const covered = plan !== null && plan.tasks.every((t) => t.status === 'done' || runIds.has(t.id));
  // A run writes a task's end to its record at once and its done entry to the journal a moment later (and claims
  // the next task in between), so its tasks' readiness comes from the record, else from the journal.
  const endOf = new Map(rec.tasks.map((t) => [t.id, ms(t.endedAt)]));
  const latencies = claimLatencies(events, (e) => byRun(e) && runIds.has(e.task), (task, doneAt) =>
    lastEnd(byId.get(task)?.deps ?? [], (d) => endOf.get(d) ?? doneAt.get(d), from));
  const figures: RunFigures = {
    runId: rec.runId,
    status: rec.status,
    createdAt: rec.createdAt,
    tasks: timed.length,
    makespanMs,
    predictedMs: covered && plan!.schedule.makespanMinutes > 0 ? plan!.schedule.makespanMinutes * 60_000 : null,
    lowerBoundMs: timed.length ? criticalPath(timed) : null,
    workMs,
    parallelism,
    concurrency,
    efficiency: parallelism !== null ? parallelism / concurrency : null,
    claimLatency: latency(latencies),
    claimsLostToRaces: events.filter((e) => inWindow(e) && lostRace(e)).length,
    staleTakeovers: events.filter((e) => inWindow(e) && e.event === 'takeover').length,
    exclusionWaits: exclusionWaits(rec, timed, plan, start ?? from),
    ownershipViolations: rec.tasks.reduce((s, t) => s + (t.worktree?.violations.length ?? 0), 0),
    mergeConflicts: rec.tasks.filter((t) => t.status === 'conflict' || (t.worktree?.conflicts.length ?? 0) > 0).length,
    byAgentType: byAgentType(timed),
  };
  return { figures, timed, latencies, byRun };
}

/**
 * Over all runs: times and counts added up, parallelism as total work over total makespan, efficiency against
 * the concurrency each run had; claim latency, races and takeovers from the whole journal (claims made by hand
 * between runs included, measured from their dependencies' last done).
 */
export function overallFigures(details: readonly RunDetail[], plan: Plan | null, events: readonly CoordEvent[]): Figures {
  const runs = details.map((d) => d.figures);
  const sum = (f: (r: RunFigures) => number | null) => runs.reduce((s, r) => s + (f(r) ?? 0), 0);
  const makespanMs = runs.some((r) => r.makespanMs !== null) ? sum((r) => r.makespanMs) : null;
  const workMs = sum((r) => r.workMs);
  const capacity = sum((r) => (r.makespanMs ?? 0) * (r.concurrency ?? 0));
  const byId = new Map((plan?.tasks ?? []).map((t) => [t.id, t]));
  // Claims no run made, of tasks with dependencies (a task without any has no moment it became ready outside a run).
  const outside = claimLatencies(events, (e) => !details.some((d) => d.byRun(e)), (task, doneAt) => lastEnd(byId.get(task)?.deps ?? [], (d) => doneAt.get(d), null));
  return {
    tasks: sum((r) => r.tasks),
    makespanMs,
    predictedMs: null,
    lowerBoundMs: runs.some((r) => r.lowerBoundMs !== null) ? sum((r) => r.lowerBoundMs) : null,
    workMs,
    parallelism: makespanMs ? workMs / makespanMs : null,
    concurrency: null,
    efficiency: capacity ? workMs / capacity : null,
    claimLatency: latency([...details.flatMap((d) => d.latencies), ...outside]),
    claimsLostToRaces: events.filter(lostRace).length,
    staleTakeovers: events.filter((e) => e.event === 'takeover').length,
    exclusionWaits: { count: sum((r) => r.exclusionWaits.count), totalMs: sum((r) => r.exclusionWaits.totalMs) },
    ownershipViolations: sum((r) => r.ownershipViolations),
    mergeConflicts: sum((r) => r.mergeConflicts),
    byAgentType: byAgentType(details.flatMap((d) => d.timed)),
  };
}
