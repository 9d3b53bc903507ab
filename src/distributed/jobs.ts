// What a coordinator and its workers say to each other through BullMQ on the shared Redis: the queue, the job
// (one task attempt), the result, the lease that fences late results out, and the workers' heartbeats.
//
// Why BullMQ: a job a worker took is locked while the worker renews the lock; a worker that dies (kill -9, a lost
// machine) stops renewing, and BullMQ's stalled-job check puts the job back for another worker. A late result from
// a worker whose lock expired is refused by BullMQ itself; the lease (a per-task counter, bumped by each worker
// that takes the task) refuses it a second time on the coordinator's side, before anything is fetched or merged.
import type { PlanTask } from '../plan/schema.js';
import { taskDirName } from '../state/paths.js';

export const QUEUE = 'squad-tasks';

/** One attempt of one task, as the coordinator enqueues it. */
export interface TaskJob {
  run: string;
  /** The store's plan key (claims and leases live under it). */
  planKey: string;
  task: PlanTask;
  attempt: number;
  /** The branch the worker fetches (its base, pushed by the coordinator) and pushes its result to. */
  branch: string;
  base: string;
  /** The agent's prompt (null for a `run:` task) and the group's context file, as the coordinator wrote them. */
  prompt: string | null;
  context: string | null;
  /** The agent's plan file text (agent-N.md), when the plan has one. */
  agentPlan: string | null;
  limits: { taskMs: number | null; inactivityMs: number | null; graceMs: number };
}

export interface TaskJobResult {
  worker: string;
  host: string;
  lease: number;
  ok: boolean;
  /** Why it did not pass (exit code, timeout, gate), when it did not. */
  why: string | null;
  exitCode: number | null;
  /** The commit pushed to `branch` (null when it did not pass). */
  tip: string | null;
  /** The end of the task's log on the worker. */
  log: string;
  startedAt: number;
  endedAt: number;
}

/** `squad:<run>:<task>.<attempt>`: one job per attempt, so enqueueing an attempt twice is harmless. */
export function jobId(run: string, taskId: string, attempt: number): string {
  return `squad:${run}:${taskDirName(taskId)}.${attempt}`;
}

/** The counter each worker bumps when it takes the task: the value it got is its lease. */
export function leaseKey(planKey: string, run: string, taskId: string): string {
  return `squad:${planKey}:lease:${run}:${taskDirName(taskId)}`;
}

/** The plan the coordinator runs, published for workers and observers. */
export function planKeyName(planKey: string): string {
  return `squad:${planKey}:plan`;
}

/** Workers' heartbeats: name -> WorkerBeat. */
export const WORKERS_KEY = 'squad:workers';

export interface WorkerBeat {
  name: string;
  host: string;
  pid: number;
  slots: number;
  running: string[];
  at: string;
}
