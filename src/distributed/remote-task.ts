// The coordinator's side of a task run on a worker. `squad run` starts it in the task's worktree in place of the
// task's own command (see remote-spec.ts), so the run treats a remote task exactly like a local one: a process
// group with a log, the timeouts, Ctrl-C, the claim, and on exit 0 the merge queue (ownership check, merge).
// It pushes the worktree's base to the shared repository, enqueues the job, prints what happens to it, and when
// the worker passes it, fetches the pushed commit into the worktree, so the merge queue merges what the worker made.
import { Queue, QueueEvents } from 'bullmq';
import type { PlanTask } from '../plan/schema.js';
import { git, gitFetch } from '../run/worktree/git.js';
import { bullConnection } from './connection.js';
import { jobId, leaseKey, QUEUE, type TaskJob, type TaskJobResult } from './jobs.js';

export interface RemoteTaskOptions {
  url: string;
  run: string;
  attempt: number;
  /** The shared repository, as a remote name (or URL, or path) of the coordinator's repository. */
  remote: string;
  planKey: string;
  task: PlanTask;
  /** The task's worktree (this process's cwd) and branch. */
  worktree: string;
  branch: string;
  prompt: string | null;
  context: string | null;
  agentPlan: string | null;
  limits: TaskJob['limits'];
  say(line: string): void;
}

/** How often a remote task says it is still on its way (it keeps the run's inactivity timeout from firing). */
const STILL_MS = 30_000;

export async function runRemoteTask(o: RemoteTaskOptions): Promise<number> {
  const base = await git(o.worktree, ['rev-parse', 'HEAD']);
  await git(o.worktree, ['push', '--quiet', '--force', o.remote, `${base}:refs/heads/${o.branch}`]);
  const connection = bullConnection(o.url);
  const queue = new Queue<TaskJob, TaskJobResult>(QUEUE, { connection });
  // BullMQ closes only connections it made itself: both are ours to close.
  const blocking = bullConnection(o.url);
  const events = new QueueEvents(QUEUE, { connection: blocking });
  const id = jobId(o.run, o.task.id, o.attempt);
  let where = 'in the queue';
  const onActive = ({ jobId: active }: { jobId: string }) => {
    if (active !== id) return;
    where = 'taken by a worker';
    o.say(`${o.task.id}: taken by a worker`);
  };
  events.on('active', onActive);
  events.on('stalled', ({ jobId: stalled }) => stalled === id && o.say(`${o.task.id}: its worker stopped answering; the job goes back to the queue`));
  const still = setInterval(() => o.say(`${o.task.id}: still ${where}`), Math.max(200, Math.min(STILL_MS, Math.floor((o.limits.inactivityMs ?? Infinity) / 3))));
  try {
    await events.waitUntilReady();
    const data: TaskJob = { run: o.run, planKey: o.planKey, task: o.task, attempt: o.attempt, branch: o.branch, base, prompt: o.prompt, context: o.context, agentPlan: o.agentPlan, limits: o.limits };
    // The same id for the same attempt: a coordinator that enqueues it again (a resumed run) finds the job there.
    const job = await queue.add('task', data, { jobId: id, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } });
    o.say(`${o.task.id}: queued as job ${id} on ${o.url}, base ${base.slice(0, 10)}`);
    const r = await job.waitUntilFinished(events);
    process.stdout.write(`# --- the log on worker ${r.worker} (${r.host}) ---\n${r.log}${r.log.endsWith('\n') || r.log === '' ? '' : '\n'}# --- end of the worker's log ---\n`);
    // Fencing: only the result of the worker that holds the latest lease counts.
    const lease = Number(await connection.get(leaseKey(o.planKey, o.run, o.task.id)));
    if (r.lease !== lease) {
      o.say(`${o.task.id}: result from ${r.worker} refused: its lease ${r.lease} is not the task's current lease ${lease}`);
      return 1;
    }
    if (!r.ok) {
      o.say(`${o.task.id}: failed on worker ${r.worker}: ${r.why}`);
      return r.exitCode && r.exitCode > 0 ? r.exitCode : 1;
    }
    await gitFetch(o.worktree, ['--quiet', o.remote, `+refs/heads/${o.branch}:refs/squad-remote/${o.run}/${o.branch.split('/').pop()}`]);
    await git(o.worktree, ['reset', '--quiet', '--hard', r.tip!]);
    o.say(`${o.task.id}: passed on worker ${r.worker}; fetched ${r.tip!.slice(0, 10)} for the merge`);
    return 0;
  } finally {
    clearInterval(still);
    await events.close();
    await queue.close();
    connection.disconnect();
    blocking.disconnect();
  }
}

