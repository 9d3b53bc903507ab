// The coordination store's records on a Redis server many machines share (the seam is ../backend.ts).
//
// Keys, all under `squad:<plan key>:` so plans (and BullMQ's `bull:` keys) never mix:
//   log:<task>      a list: the task's transition log, entry n at index n-1
//   claim-order     a list: the shared order of claims of tasks the plan keeps apart
//   beats           a hash: session key -> {session, at}
//   events          a list: the journal, one JSON event per item
//
// Every append is one Lua script: push entry n only when the list holds n-1 entries. Redis runs a script alone,
// so of any number of writers on any machines exactly one lands entry n; the others re-read and decide again,
// the same compare-and-swap the file store gets from link(2), so the rules in transitions.ts hold unchanged.
// The claim entry's seq is the claim's fencing token (fold.ts): a later claim always has a larger one.
//
// Durability: an acknowledged done must survive a crash of the Redis server, which takes AOF with
// `appendfsync always` (Redis fsyncs before it answers). durabilityProblem() says when the server would lose it.
import type { CoordBackend, LogRef } from '../backend.js';
import { entryProblem, type Entry, type LostEntry } from '../log.js';
import { parseBeat, type Beat } from '../heartbeats.js';
import { parseEvent, type CoordEvent } from '../events.js';
import { sessionKey, type Session } from '../session.js';
import { taskDirName } from '../paths.js';
import { UserError } from '../../io/errors.js';
import { SyncRedis, type RedisReply } from './sync-redis.js';

const APPEND_IF_NEXT = `
if redis.call('LLEN', KEYS[1]) + 1 == tonumber(ARGV[1]) then
  redis.call('RPUSH', KEYS[1], ARGV[2])
  return 1
end
return 0`;

export function redisBackend(client: SyncRedis, planKey: string): CoordBackend {
  const prefix = `squad:${planKey}:`;
  const keyOf = (log: LogRef) => (log === 'claim-order' ? `${prefix}claim-order` : `${prefix}log:${taskDirName(log.task)}`);
  const beats = `${prefix}beats`;
  const events = `${prefix}events`;
  return {
    url: client.url,
    clockOffsetMs: clockOffset(client),
    append: (log, entry) => client.eval(APPEND_IF_NEXT, [keyOf(log)], [entry.seq, JSON.stringify(entry)]) === 1,
    entries(log, after) {
      const items = client.call('LRANGE', keyOf(log), after, -1) as string[];
      return items.map((text, i): Entry | LostEntry => {
        const seq = after + i + 1;
        let entry: unknown;
        try {
          entry = JSON.parse(text);
        } catch {
          entry = null;
        }
        const wrong = entryProblem(entry, seq);
        if (wrong) throw new UserError(`not a claim log entry (${wrong}) at ${keyOf(log)}[${seq - 1}] in ${client.url}; DEL that key to reset the task's claims`);
        return entry as Entry;
      });
    },
    lastSeq: (log) => client.call('LLEN', keyOf(log)) as number,
    writeBeat: (session, at) => void client.call('HSET', beats, sessionKey(session), JSON.stringify({ session, at } satisfies Beat)),
    readBeat(session: Session) {
      const text = client.call('HGET', beats, sessionKey(session));
      return typeof text === 'string' ? parseBeat(text) : null;
    },
    readAllBeats() {
      const flat = client.call('HGETALL', beats) as string[];
      const out: Beat[] = [];
      for (let i = 1; i < flat.length; i += 2) {
        const b = parseBeat(flat[i]!);
        if (b) out.push(b);
      }
      return out;
    },
    removeBeat: (session) => void client.call('HDEL', beats, sessionKey(session)),
    appendEvent: (event) => void client.call('RPUSH', events, JSON.stringify(event)),
    readEvents: () => (client.call('LRANGE', events, 0, -1) as string[]).flatMap((line) => parseEvent(line) ?? []),
    journalMark: () => String(client.call('LLEN', events)),
    checkReadable: () => undefined,
  };
}

/** The server's clock minus ours, from one TIME round trip: machines judge staleness on one clock. */
function clockOffset(client: SyncRedis): number {
  const before = Date.now();
  const [sec, usec] = client.call('TIME') as [string, string];
  const after = Date.now();
  return Math.round(Number(sec) * 1000 + Number(usec) / 1000 - (before + after) / 2);
}

/**
 * Why this server could lose an acknowledged write in a crash, or null when it cannot (AOF, fsync always). A server
 * that refuses CONFIG (managed Redis) cannot be checked: said so.
 */
export function durabilityProblem(client: SyncRedis): string | null {
  let conf: RedisReply;
  try {
    conf = client.call('CONFIG', 'GET', 'append*');
  } catch (err) {
    return `could not check its persistence (${(err as Error).message}); squad needs appendonly yes and appendfsync always`;
  }
  const flat = conf as string[];
  const get = (k: string) => flat[flat.indexOf(k) + 1];
  if (get('appendonly') !== 'yes') return 'it runs without AOF (appendonly no): a crash loses what it acknowledged since its last snapshot; start it with --appendonly yes --appendfsync always';
  if (get('appendfsync') !== 'always') return `its AOF is fsynced '${get('appendfsync')}', not always: a crash can lose the last second of acknowledged writes; set appendfsync always`;
  return null;
}
