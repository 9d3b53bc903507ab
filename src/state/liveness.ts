// When may a claim be taken over? Pure: the process probe and the clock are passed in.
import type { Session } from './session.js';

export type Staleness = { why: 'pid-dead' | 'ttl'; lastSeen: string };

/**
 * A claim is stale when its holder's process is gone (checked only on the holder's own host: a pid means nothing
 * elsewhere) or its last sign of life (heartbeat, or its latest entry in the task's log) is older than the TTL.
 * Returns null while the holder counts as alive.
 */
export function staleness(
  holder: Session,
  lastSeen: string,
  opts: { nowMs: number; ttlMs: number; localHost: string; alive: (pid: number, startedAt: string) => boolean },
): Staleness | null {
  if (holder.host === opts.localHost && !opts.alive(holder.pid, holder.startedAt)) return { why: 'pid-dead', lastSeen };
  if (opts.nowMs - Date.parse(lastSeen) > opts.ttlMs) return { why: 'ttl', lastSeen };
  return null;
}

/** The later of two ISO times (either may be missing). */
export function latest(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
