// The per-task transition log: the single source of truth for claims.
//
// Every change to a task (claim, start, done, failed, release) is a new numbered file in the task's folder:
// `000001.json`, `000002.json`, ... A writer that has read entries 1..n creates entry n+1 with link(2), which
// fails if the name exists. So of any number of processes acting on one task at the same moment exactly one
// succeeds; the others re-read and see what won. Entries are written complete to a temp file before the link,
// so a visible entry is always whole; nothing is ever rewritten or deleted, so there is no ABA race on takeover
// or release. A crash of the process leaves at most a stray temp file, which readers ignore.
//
// Which entries are fsynced. Exclusion comes from link(2), not from fsync: fsync only decides what survives a
// power cut or a kernel crash (a process crash loses nothing the process wrote). So:
// - done and failed: the entry is fsynced before the link, and its folder after (the link itself), so when
//   markDone returns the entry survives a power cut. A finished task must never run again: `squad run --resume`
//   and `squad next` go by the done entry. The task's folder was usually created by an unsynced claim; on ext4
//   and xfs, whose metadata journal commits in order, the folder's fsync commits its creation too. (A file system
//   without that ordering would also need tasks/ fsynced: one more fsync per done, not paid here.)
// - claim, start, release: not fsynced (fsync was most of their cost). A power cut stops every process on the
//   machine, so what it can lose is the claim, start or release of a process that is gone too: afterwards the
//   task counts as it did before that entry (unclaimed, claimed, or held by the gone process, which is stale and
//   taken over), exactly what a holder dying a moment earlier would have left. No live process can be relying on
//   a lost claim, so two live holders cannot follow. (On NFS, close() already commits the data to the server.)
//   What a power cut may leave of such an entry is its name with no data (an empty file, or zeros on some file
//   systems): readers count that seq as taken and lost (LostEntry), so the state still loads and the next
//   writer takes the next number. A done/failed entry cannot be left so, since its data is durable before its name.
// The journal (events.ts) is not fsynced either: it is a record for people; these logs are the truth.
import { UserError } from '../io/errors.js';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempName } from '../io/temp-files.js';
import { openMakingFolder } from '../io/open-making-folder.js';
import type { Session } from './session.js';
import { listDir } from './missing-ok.js';

/** `note`: a handoff note anyone may attach to a task (`squad note`); it changes nothing else about the task. */
export const ENTRY_KINDS = ['claim', 'start', 'done', 'failed', 'release', 'note'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

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
  /** A forced claim of a task the plan keeps apart from one another session held: that task, the file, its holder. */
  excluded?: { task: string; path: string; holder: Session };
  takeover?: Takeover;
  /** claim: the holder started the task at once (`squad run`), so the one entry is a claim and a start. */
  started?: true;
  note?: string;
  error?: string;
  /** done/failed: time from start (or claim when never started) to this entry. */
  durationMs?: number;
};

/** A seq whose entry a power cut emptied (see the top of this file): the number is taken, the transition lost. */
export type LostEntry = { seq: number; lost: true };

const DURABLE: ReadonlySet<EntryKind> = new Set(['done', 'failed']);

const ENTRY_NAME = /^(\d{6,})\.json$/;

export function entryName(seq: number): string {
  return `${String(seq).padStart(6, '0')}.json`;
}

/** The highest seq in the folder (0 when it has none): names only, no entry is read. */
export function lastSeq(dir: string): number {
  let last = 0;
  for (const n of listDir(dir)) {
    const m = ENTRY_NAME.exec(n);
    if (m) last = Math.max(last, Number(m[1]));
  }
  return last;
}

/** Entries with seq > `after`, in order. Entries never change once visible, so callers may cache earlier ones. */
export function readEntries(dir: string, after = 0): Array<Entry | LostEntry> {
  const seqs = listLog(dir)
    .map((n) => ENTRY_NAME.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((s) => s > after)
    .sort((a, b) => a - b);
  const out: Array<Entry | LostEntry> = [];
  for (const seq of seqs) {
    // Entries are linked into place complete, so an empty one is a power cut's doing and any other parse
    // failure means outside damage: report the file.
    const file = join(dir, entryName(seq));
    let entry: Entry | LostEntry;
    try {
      const text = readFileSync(file, 'utf8');
      entry = /^\0*$/.test(text) ? { seq, lost: true } : (JSON.parse(text) as Entry);
    } catch (err) {
      throw damaged(`unreadable claim log entry (${(err as Error).message.split('\n')[0]})`, dir, file);
    }
    const wrong = 'lost' in entry ? null : entryProblem(entry, seq);
    if (wrong) throw damaged(`not a claim log entry (${wrong})`, dir, file);
    out.push(entry);
  }
  return out;
}

/** Damaged state is bad input, not a bug in squad: one line naming the file and what to do, exit 1. */
function damaged(what: string, dir: string, file: string): UserError {
  return new UserError(`${what}; delete the task's folder (${dir}) to reset that task's claims`, file);
}

const KINDS: ReadonlySet<string> = new Set<string>(ENTRY_KINDS); // the one list of entry kinds

/** What makes parsed JSON unfit to replay (fold.ts reads kind, seq, at and by.name), or null. */
export function entryProblem(e: unknown, seq: number): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'not a JSON object';
  const o = e as Partial<Record<keyof Entry, unknown>>;
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `unknown kind ${JSON.stringify(o.kind ?? null)}`;
  if (o.seq !== seq) return `seq ${JSON.stringify(o.seq ?? null)} in entry ${seq}`;
  if (typeof o.at !== 'string') return "no time ('at')";
  if (typeof o.by !== 'object' || o.by === null || typeof (o.by as { name?: unknown }).name !== 'string') return "no session ('by')";
  return null;
}

/**
 * The names in a task's folder. A file standing where the folder belongs is that task's damage, said like a damaged
 * entry; a file where tasks/ itself belongs is the whole store's, left to the caller (src/cli.ts names the place).
 */
function listLog(dir: string): string[] {
  try {
    return listDir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR' && isFolder(dirname(dir))) {
      throw new UserError(`a file stands where this task's claim log folder belongs; delete it to reset that task's claims`, dir);
    }
    throw err;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some file systems refuse fsync on folders */
  }
}

/** Create entry `entry.seq` if nobody has; false when another process created that seq first. */
export function appendEntry(dir: string, entry: Entry): boolean {
  const durable = DURABLE.has(entry.kind);
  const tmp = join(dir, tempName(String(entry.seq)));
  // The task's folder is made with its first entry (created: the first folder made, fsynced for a durable entry).
  const { fd, created } = openMakingFolder(tmp, 'wx');
  try {
    const buf = Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, join(dir, entryName(entry.seq)));
    if (durable) {
      // The new name, and each folder this call created (a done as a task's first entry), in its parent.
      fsyncDir(dir);
      if (created !== undefined) for (let d = dir; d.length >= created.length; d = dirname(d)) fsyncDir(dirname(d));
    }
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
