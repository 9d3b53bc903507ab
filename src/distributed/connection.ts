// A Redis connection BullMQ accepts (its blocking reads want no per-request retry limit). Its own file, so what
// only names keys (jobs.ts) does not load ioredis: `squad run` without workers never pays for it.
import { Redis } from 'ioredis';

export function bullConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', () => {}); // reconnects on its own; a call that fails says why
  return redis;
}
