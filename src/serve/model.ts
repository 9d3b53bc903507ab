// What the dashboard page shows, as one JSON document: the plan's DAG picture, every task with its state, holder and
// elapsed time, the lanes and the sessions working them, progress with an ETA, and (filled when squad has them) notes
// and metrics. Pure: the store's snapshot, the sessions, the layout and the clock come in; the page only draws it.
import type { Plan, PlanTask } from '../plan/schema.js';
import type { TaskState, TaskView } from '../state/store.js';
import type { Beat } from '../state/heartbeats.js';
import { sameSession } from '../state/session.js';
import { doneIds } from '../state/store.js';
import { criticalPathLeft } from '../graph/priority.js';
import { progress } from '../state/progress.js';
import { estimatedMinutes, learnEstimates, type LearnedEstimates } from '../plan/estimates.js';
import { finishedSamples } from '../state/finished-samples.js';
import { boxOf, type Layout } from './layout.js';

export type DashboardTask = {
  id: string;
  title: string;
  state: TaskState;
  agent: string;
  lane: string;
  box: string | null;
  deps: string[];
  waitingOn: string[];
  /** Name of the session holding it (claimed or in progress). */
  holder: string | null;
  /** Who finished or failed it. */
  by: string | null;
  since: string | null;
  /** done/failed: how long it took; claimed/in progress: so far (the page keeps counting from `at`). */
  elapsedMs: number | null;
  estimateMinutes: number | null;
  stale: boolean;
  critical: boolean;
  note: string | null;
  error: string | null;
};

export type DashboardLane = { id: string; type: string; tasks: string[]; done: number; active: string[]; loadMinutes: number };
export type DashboardSession = { name: string; host: string; pid: number; live: boolean; lastSeen: string; holding: string[] };

/**
 * A note on a task (issue 11, "Notes and handoffs"; written by `squad note`, built separately). The page lists them
 * under their task and in the notes panel. Empty until the store has notes.
 */
export type DashboardNote = { task: string; by: string; at: string; text: string };

export type Eta = {
  /** Minutes until the plan is done, by the estimates: the longer of the critical path left and the work left over the lanes. */
  minutes: number;
  /** When that is, from `at`. */
  at: string;
  criticalPathMinutes: number;
  workLeftMinutes: number;
  lanes: number;
  /** Open tasks without an estimate, counted at the learned estimate, else the default (README "Estimates"). */
  defaulted: number;
  /** How many finished tasks the learned estimates come from (0: the default weighs the tasks without one). */
  learnedFrom: number;
};

export type DashboardData = {
  /** Server time of this snapshot (ISO): the page counts elapsed times on from it. */
  at: string;
  plan: { source: string; criticalPath: string[] };
  progress: { total: number; done: number; counts: Record<TaskState, number>; percent: number; eta: Eta | null };
  tasks: DashboardTask[];
  layout: Layout;
  lanes: DashboardLane[];
  sessions: DashboardSession[];
  /** Filled by the notes feature when present; [] until then. */
  notes: DashboardNote[];
  /** `squad metrics --json` of the plan when present; null until then. The page shows its figures as a table. */
  metrics: Record<string, unknown> | null;
};

export type Extras = { notes?: DashboardNote[]; metrics?: Record<string, unknown> | null };

/** The one weight rule (src/plan/estimates.ts): a task without an estimate weighs what finished tasks took, else the default. */
const weigher = (learned: LearnedEstimates | null) => (t: PlanTask) => estimatedMinutes(t.estimateMinutes, t.agent, learned);

export function eta(plan: Plan, views: readonly TaskView[], nowMs: number): Eta | null {
  const done = doneIds(views);
  const open = plan.tasks.filter((t) => !done.has(t.id));
  if (open.length === 0) return null;
  const learned = learnEstimates(finishedSamples(views));
  const minutesOf = weigher(learned);
  const byId = new Map(views.map((v) => [v.id, v]));
  // Work already spent on a held task comes off its estimate (never below zero: an overrun is not negative work).
  const left = (t: PlanTask) => Math.max(0, minutesOf(t) - (byId.get(t.id)?.holder ? (byId.get(t.id)!.durationMs ?? 0) / 60_000 : 0));
  const workLeftMinutes = open.reduce((sum, t) => sum + left(t), 0);
  const criticalPathMinutes = criticalPathLeft(
    plan.tasks.map((t) => ({ id: t.id, deps: t.deps, estimateMinutes: done.has(t.id) ? 0 : left(t) })),
    done,
  );
  const lanes = Math.max(1, plan.schedule.agents, plan.agents.length);
  const minutes = Math.max(criticalPathMinutes, workLeftMinutes / lanes);
  return {
    minutes,
    at: new Date(nowMs + minutes * 60_000).toISOString(),
    criticalPathMinutes,
    workLeftMinutes,
    lanes,
    defaulted: open.filter((t) => t.estimateMinutes === null).length,
    learnedFrom: learned?.from ?? 0,
  };
}

export function dashboardData(
  plan: Plan,
  views: readonly TaskView[],
  beats: ReadonlyArray<Beat & { live: boolean }>,
  layout: Layout,
  nowMs: number,
  extras: Extras = {},
): DashboardData {
  const critical = new Set(plan.criticalPath.tasks);
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const tasks: DashboardTask[] = views.map((v) => {
    const t = byId.get(v.id)!;
    return {
      id: v.id,
      title: v.title,
      state: v.state,
      agent: v.agent,
      lane: t.agentId,
      box: boxOf(t),
      deps: t.deps.filter((d) => byId.has(d)),
      waitingOn: v.waitingOn,
      holder: v.holder?.name ?? null,
      by: v.by?.name ?? null,
      since: v.since,
      elapsedMs: v.durationMs,
      estimateMinutes: t.estimateMinutes,
      stale: v.stale !== null,
      critical: critical.has(v.id),
      note: v.note,
      error: v.error,
    };
  });
  const p = progress(plan, views, nowMs);
  const stateOf = new Map(tasks.map((t) => [t.id, t]));
  const done = doneIds(views);
  const minutesOf = weigher(learnEstimates(finishedSamples(views)));
  const doneMinutes = plan.tasks.filter((t) => done.has(t.id)).reduce((s, t) => s + minutesOf(t), 0);
  const allMinutes = plan.tasks.reduce((s, t) => s + minutesOf(t), 0);
  const lanes: DashboardLane[] = plan.agents.map((a) => ({
    id: a.id,
    type: a.type,
    tasks: a.tasks,
    done: a.tasks.filter((id) => stateOf.get(id)?.state === 'done').length,
    active: a.tasks.filter((id) => (stateOf.get(id)?.holder ?? null) !== null),
    loadMinutes: a.loadMinutes,
  }));
  const sessions: DashboardSession[] = beats.map((b) => ({
    name: b.session.name,
    host: b.session.host,
    pid: b.session.pid,
    live: b.live,
    lastSeen: b.at,
    holding: views.filter((v) => v.holder !== null && sameSession(v.holder, b.session)).map((v) => v.id),
  }));
  return {
    at: new Date(nowMs).toISOString(),
    plan: { source: plan.source, criticalPath: plan.criticalPath.tasks },
    progress: {
      total: p.total,
      done: p.counts.done,
      counts: p.counts,
      // By estimated minutes, so a long task done counts for more than a short one.
      percent: allMinutes > 0 ? Math.round((doneMinutes / allMinutes) * 1000) / 10 : 0,
      eta: eta(plan, views, nowMs),
    },
    tasks,
    layout,
    lanes,
    sessions,
    notes: extras.notes ?? [],
    metrics: extras.metrics ?? null,
  };
}
