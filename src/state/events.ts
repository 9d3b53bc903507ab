// The events journal: one JSON line per transition, appended with O_APPEND in a single write, so lines from
// concurrent processes never interleave. It is a record for people and reports; the task logs are the truth.
import { closeSync, writeSync } from 'node:fs';
import { openMakingFolder } from '../io/open-making-folder.js';
import type { Session } from './session.js';
import { readTextIfExists } from './missing-ok.js';

export type CoordEvent = {
  at: string;
  event: 'claim' | 'takeover' | 'start' | 'done' | 'failed' | 'release' | 'note';
  task: string;
  by: Session;
  /** takeover: the stale holder; forced transitions: the holder that was overridden. */
  from?: Session;
  why?: string;
  force?: string;
  /** A forced claim: the task the plan keeps apart from this one, the file, and who held it. */
  excluded?: { task: string; path: string; holder: Session };
  durationMs?: number;
  /** A claim whose holder started the task at once (one entry for both). */
  started?: true;
  note?: string;
  error?: string;
};

/**
 * Opened per line rather than held open: open+close costs a few microseconds, and a held descriptor would need a
 * stat per line anyway to notice `.squad/coord/` being deleted (else lines go to the removed file). The folder is
 * created only when the open says it is missing.
 */
export function appendEvent(file: string, event: CoordEvent): void {
  const { fd } = openMakingFolder(file, 'a');
  try {
    writeSync(fd, JSON.stringify(event) + '\n');
  } finally {
    closeSync(fd);
  }
}

/**
 * Every complete line; a torn last line (a crash mid-write) is skipped, not an error, and so is a damaged line: the
 * journal is a record for people, and one bad line must not hide the rest ('squad doctor' reports and removes it).
 */
export function readEvents(file: string): CoordEvent[] {
  const text = readTextIfExists(file) ?? '';
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.length > 0)
    .flatMap((line) => parseEvent(line) ?? []);
}

/** One journal line as an event, or null when it is not one. */
export function parseEvent(line: string): CoordEvent | null {
  try {
    const e = JSON.parse(line) as CoordEvent;
    return e && typeof e === 'object' && typeof e.at === 'string' && e.by ? e : null;
  } catch {
    return null;
  }
}
