// One small file per session, rewritten atomically by every command the session runs: the session's "still here".
// Only that session writes its file, and a rename never leaves half a file, so readers always get whole records.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { sessionKey, type Session } from './session.js';
import { listDir, readTextIfExists } from './missing-ok.js';

export type Beat = { session: Session; at: string };

export function writeBeat(dir: string, session: Session, at: string): void {
  writeFileAtomic(join(dir, `${sessionKey(session)}.json`), JSON.stringify({ session, at } satisfies Beat) + '\n');
}

export function readBeat(dir: string, session: Session): Beat | null {
  const text = readTextIfExists(join(dir, `${sessionKey(session)}.json`));
  return text === null ? null : parseBeat(text);
}

/**
 * A heartbeat only says "still here": a damaged one (truncated, not JSON) says nothing, like a missing one, and the
 * session's next command rewrites it. Claims are judged from the logs, which a damaged beat never touches.
 */
export function parseBeat(text: string): Beat | null {
  try {
    const b = JSON.parse(text) as Beat;
    return b && typeof b === 'object' && b.session && typeof b.at === 'string' ? b : null;
  } catch {
    return null;
  }
}

export function readAllBeats(dir: string): Beat[] {
  const beats: Beat[] = [];
  for (const name of listDir(dir)) {
    // Temp files of writeFileAtomic start with a dot; skip them.
    if (name.startsWith('.') || !name.endsWith('.json')) continue;
    const text = readTextIfExists(join(dir, name));
    const beat = text === null ? null : parseBeat(text);
    if (beat) beats.push(beat);
  }
  return beats;
}

/** Forget a session that is long gone. Safe: a claim it still holds stays stale (its log entry is older still). */
export function removeBeat(dir: string, session: Session): void {
  rmSync(join(dir, `${sessionKey(session)}.json`), { force: true });
}
