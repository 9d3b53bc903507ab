// `squad status --store redis://...`: the workers that heartbeat on the shared Redis, beside the tasks.
import { redisClient } from '../state/open-store.js';
import { WORKERS_KEY, type WorkerBeat } from './jobs.js';

/** A worker whose last heartbeat is older than this is shown as silent (it beats every 2 s). */
const SILENT_MS = 15_000;

export function readWorkers(url: string): WorkerBeat[] {
  const flat = redisClient(url).call('HGETALL', WORKERS_KEY) as string[];
  const out: WorkerBeat[] = [];
  for (let i = 1; i < flat.length; i += 2) {
    try {
      out.push(JSON.parse(flat[i]!) as WorkerBeat);
    } catch {
      /* a damaged beat says nothing; the worker's next beat rewrites it */
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function workerLines(workers: readonly WorkerBeat[], nowMs: number): string[] {
  if (workers.length === 0) return ['workers: none (start one with: squad worker --store URL)'];
  return [
    `workers: ${workers.length}`,
    ...workers.map((w) => {
      const ago = Math.max(0, Math.round((nowMs - Date.parse(w.at)) / 1000));
      const silent = nowMs - Date.parse(w.at) > SILENT_MS ? ' (silent)' : '';
      return `  ${w.name} on ${w.host} (pid ${w.pid}): ${w.running.length}/${w.slots} slots busy${w.running.length ? ` (${w.running.join(', ')})` : ''}, last heartbeat ${ago}s ago${silent}`;
    }),
  ];
}
