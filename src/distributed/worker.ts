// `squad worker`: take task jobs from the shared queue, run each (run-job.ts), report, and heartbeat so
// `squad status --store` can show who works where. A worker that dies stops renewing its job locks, and BullMQ's
// stalled-job check hands its jobs to another worker.
import { hostname } from 'node:os';
import { WaitingError, Worker } from 'bullmq';
import { stopAllGroups } from '../process/process-group.js';
import { bullConnection } from './connection.js';
import { leaseKey, QUEUE, WORKERS_KEY, type TaskJob, type TaskJobResult, type WorkerBeat } from './jobs.js';
import { runJob, type WorkerSetup } from './run-job.js';

export interface WorkerOptions extends WorkerSetup {
  url: string;
  concurrency: number;
  /** How long a job's lock lasts without renewal: a dead worker's jobs go back after about this long. */
  lockMs: number;
  log(line: string): void;
}

const BEAT_MS = 2000;

export interface RunningWorker {
  /** Take no more jobs; finish the ones in hand, then close. */
  finish(): Promise<void>;
  /** Stop the tasks in hand now; their jobs go back to the queue at once, for another worker. */
  handBack(): Promise<void>;
}

export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const redis = bullConnection(o.url);
  const jobs = bullConnection(o.url);
  const running = new Set<string>();
  let handingBack = false;
  const beat = async () => {
    const b: WorkerBeat = { name: o.name, host: hostname(), pid: process.pid, slots: o.concurrency, running: [...running], at: new Date().toISOString() };
    await redis.hset(WORKERS_KEY, o.name, JSON.stringify(b));
  };
  // Beside the timer's beats, one whenever a slot fills or frees, before the job's result goes back: once the
  // coordinator has a task's result, `squad status` no longer shows it on the worker.
  const beatNow = () => beat().catch(() => {});
  const worker = new Worker<TaskJob, TaskJobResult>(
    QUEUE,
    async (job, token) => {
      const t = job.data.task;
      const lease = await redis.incr(leaseKey(job.data.planKey, job.data.run, t.id));
      running.add(t.id);
      await beatNow();
      o.log(`take  ${t.id} (run ${job.data.run}, attempt ${job.data.attempt}, lease ${lease})`);
      try {
        const r = await runJob(o, job.data, lease);
        if (handingBack) {
          // Whatever the stopped task left is not a result: the job waits again, without counting as an attempt.
          o.log(`back  ${t.id}: returned to the queue`);
          await job.moveToWait(token);
          throw new WaitingError();
        }
        o.log(r.ok ? `done  ${t.id} -> ${r.tip!.slice(0, 10)} pushed to ${job.data.branch}` : `fail  ${t.id}: ${r.why}`);
        return r;
      } finally {
        running.delete(t.id);
        await beatNow();
      }
    },
    { connection: jobs, concurrency: o.concurrency, lockDuration: o.lockMs, stalledInterval: o.lockMs, maxStalledCount: 5 },
  );
  worker.on('error', (err) => o.log(`error: ${err.message}`));
  await worker.waitUntilReady();
  await beat();
  const timer = setInterval(() => void beat().catch(() => {}), BEAT_MS);
  let closing: Promise<void> | null = null;
  // Closing waits for the jobs in hand: finished, or (handing back) stopped and moved back to the queue.
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      await worker.close(false);
      await redis.hdel(WORKERS_KEY, o.name).catch(() => 0);
      redis.disconnect();
      jobs.disconnect();
    })());
  return {
    finish: close,
    handBack() {
      handingBack = true;
      stopAllGroups('stopped', true);
      return close();
    },
  };
}

