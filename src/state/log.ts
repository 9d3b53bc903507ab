// The per-task transition log: the single source of truth for claims.
//
// Every change to a task (claim, start, done, failed, release) is a new numbered file in the task's folder:
// `000001.json`, `000002.json`, ... A writer that has read entries 1..n creates entry n+1 with link(2), which
// fails if the name exists. So of any number of processes acting on one task at the same moment exactly one
// succeeds; the others re-read and see what won. Entries are written to a temp file and fsynced before the link,
// so a visible entry is always complete; nothing is ever rewritten or deleted, so there is no ABA race on
// takeover or release. A crash leaves at most a stray temp file, which readers ignore.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Session } from './session.js';
import { listDir } from './missing-ok.js';

export type EntryKind = 'claim' | 'start' | 'done' | 'failed' | 'release';

export type Takeover = {
  /** The previous holder whose claim went stale. */
  from: Session;
  why: 'pid-dead' | 'ttl';
  /** Last sign of life from the previous holder (ISO). */
  lastSeen: string;
};

export type Entry = {
  v: 1;
  seq: number;
  task: string;
  kind: EntryKind;
  /** ISO time of the transition. */
  at: string;
  by: Session;
  /** Reason given with --force when the rules were overridden (not the holder, deps not done). */
  force?: string;
  /** Holder at the time a forced transition overrode them. */
  overrode?: Session;
  takeover?: Takeover;
  note?: string;
  error?: string;
  /** done/failed: time from start (or claim when never started) to this entry. */
  durationMs?: number;
};

const ENTRY_NAME = /^(\d{6,})\.json$/;

export function entryName(seq: number): string {
  return `${String(seq).padStart(6, '0')}.json`;
}

/** Entries with seq > `after`, in order. Entries never change once visible, so callers may cache earlier ones. */
export function readEntries(dir: string, after = 0): Entry[] {
  const seqs = listDir(dir)
    .map((n) => ENTRY_NAME.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((s) => s > after)
    .sort((a, b) => a - b);
  const out: Entry[] = [];
  for (const seq of seqs) {
    // Entries are linked into place complete, so a parse failure means outside damage: report the file.
    const file = join(dir, entryName(seq));
    try {
      out.push(JSON.parse(readFileSync(file, 'utf8')) as Entry);
    } catch (err) {
      throw new Error(`${file}: unreadable claim log entry (${(err as Error).message}); delete the task's folder to reset it`);
    }
  }
  return out;
}

/** Create entry `entry.seq` if nobody has; false when another process created that seq first. */
export function appendEntry(dir: string, entry: Entry): boolean {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${entry.seq}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const buf = Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, join(dir, entryName(entry.seq)));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}
