// Where the coordination store keeps its records: the one seam between the store's rules (store.ts, pure
// decisions in transitions.ts) and a medium. Two media implement it: a folder on this machine's disk (the
// default; file-backend below) and a Redis server shared by many machines (redis/redis-backend.ts).
//
// Everything the store needs is four kinds of record, each with the guarantee the rules rely on:
// - a log per task (and the shared claim-order log): append entry n+1 only if the log holds exactly n entries,
//   in one atomic step (compare-and-swap), entries never change once written;
// - heartbeats: the latest "still here" of each session, overwritten whole;
// - the journal: events appended for people;
// - the server's clock, when the medium has one all machines share.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkWriteDir } from '../io/safe-path.js';
import { appendEntry, lastSeq, readEntries, type Entry, type LostEntry } from './log.js';
import { readAllBeats, readBeat, removeBeat, writeBeat, type Beat } from './heartbeats.js';
import { appendEvent, readEvents, type CoordEvent } from './events.js';
import { listDir } from './missing-ok.js';
import type { Session } from './session.js';
import { storePaths, taskDirName, type StorePaths } from './paths.js';

/** A task's log, or the one log that orders claims of tasks the plan keeps apart. */
export type LogRef = { task: string } | 'claim-order';

export interface CoordBackend {
  /** The shared server's URL (workers heartbeat there too); null for the folder on this machine. */
  readonly url: string | null;
  /** Create entry `entry.seq` if the log holds exactly seq - 1 entries; false when another writer was first. */
  append(log: LogRef, entry: Entry): boolean;
  /** Entries with seq > after, in order; a damaged entry is a UserError naming it. */
  entries(log: LogRef, after: number): Array<Entry | LostEntry>;
  /** The highest seq in the log (0 when empty), reading no entry. */
  lastSeq(log: LogRef): number;
  writeBeat(session: Session, at: string): void;
  readBeat(session: Session): Beat | null;
  readAllBeats(): Beat[];
  removeBeat(session: Session): void;
  appendEvent(event: CoordEvent): void;
  readEvents(): CoordEvent[];
  /** Changes whenever the journal grows: a cheap "anything new?" for the dashboard. */
  journalMark(): string;
  /** Throws when the records as a whole cannot be read (not one task's damage, which entries() reports). */
  checkReadable(): void;
  /** Milliseconds to add to this machine's clock to get the medium's shared one (0 for a local folder). */
  readonly clockOffsetMs: number;
}

/** The file store: `.squad/coord/<plan key>/` on this machine (layout and guarantees in index.ts and log.ts). */
export function fileBackend(repoRoot: string, key: string): CoordBackend & { paths: StorePaths } {
  const paths = storePaths(repoRoot, key);
  // Appends to the logs and the journal go straight to files: their folder is checked once, here (safe-path.ts).
  checkWriteDir(paths.root);
  const dirs = new Map<string, string>();
  const dirOf = (log: LogRef): string => {
    if (log === 'claim-order') return paths.claimOrder;
    let dir = dirs.get(log.task);
    if (dir === undefined) dirs.set(log.task, (dir = join(paths.tasks, taskDirName(log.task))));
    return dir;
  };
  return {
    url: null,
    paths,
    clockOffsetMs: 0,
    append: (log, entry) => appendEntry(dirOf(log), entry),
    entries: (log, after) => readEntries(dirOf(log), after),
    lastSeq: (log) => lastSeq(dirOf(log)),
    writeBeat: (session, at) => writeBeat(paths.sessions, session, at),
    readBeat: (session) => readBeat(paths.sessions, session),
    readAllBeats: () => readAllBeats(paths.sessions),
    removeBeat: (session) => removeBeat(paths.sessions, session),
    appendEvent: (event) => appendEvent(paths.events, event),
    readEvents: () => readEvents(paths.events),
    journalMark: () => {
      try {
        const st = statSync(paths.events);
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    },
    // A file where tasks/ belongs is the whole store's damage, not one task's: thrown (src/cli.ts names the place).
    checkReadable: () => void listDir(paths.tasks),
  };
}
