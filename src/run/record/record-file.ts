// Load, save and find run records. Saving goes through writeFileAtomic (temp file, fsync, rename).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { UserError } from '../../io/errors.js';
import { RunRecord } from './schema.js';

export const RUNS_DIR = join('.squad', 'runs');

export function runDir(repoRoot: string, runId: string): string {
  return join(repoRoot, RUNS_DIR, runId);
}

export function statePath(repoRoot: string, runId: string): string {
  return join(runDir(repoRoot, runId), 'state.json');
}

/** Read and check a record; a UserError naming the file when it is not one. */
export function loadRecord(file: string): RunRecord {
  const read = readRecord(file);
  if (!read.ok) throw new UserError(`${read.why}; start a new run without --resume`, file);
  return read.record;
}

type Read = { ok: true; record: RunRecord } | { ok: false; why: string; raw: unknown };

function readRecord(file: string): Read {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, why: `run state is not valid JSON (${(err as Error).message})`, raw: undefined };
  }
  const parsed = RunRecord.safeParse(raw);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, why: `not a squad run state: '${issue.path.join('.')}' ${issue.message}`, raw };
}

/** A run record file, read, or with why it cannot be (doctor reports those; metrics skips them). */
export type RunFile = { id: string; file: string; record: RunRecord | null; why: string | null };

/** Every run record under .squad/runs, read or with why it cannot be. */
export function readRuns(repoRoot: string): RunFile[] {
  const dir = join(repoRoot, RUNS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((id) => existsSync(statePath(repoRoot, id)))
    .sort()
    .map((id) => {
      const file = statePath(repoRoot, id);
      const read = readRecord(file);
      return read.ok ? { id, file, record: read.record, why: null } : { id, file, record: null, why: read.why };
    });
}

/**
 * The most recent run of this plan (by creation time), or null. A damaged record that may be that run is
 * never skipped in silence (that would resume an older run, or none): it is refused in one line naming it.
 * One may be the last run unless it names another plan, or has not been written since the newest readable
 * run began (its last write, the file's mtime, is older than that run).
 */
export function findLastRun(repoRoot: string, planPath: string): RunRecord | null {
  const dir = join(repoRoot, RUNS_DIR);
  if (!existsSync(dir)) return null;
  let best: RunRecord | null = null;
  const damaged: { id: string; file: string; why: string; mtimeMs: number }[] = [];
  for (const id of readdirSync(dir)) {
    const file = join(dir, id, 'state.json');
    if (!existsSync(file)) continue;
    const read = readRecord(file);
    if (!read.ok) {
      const named = (read.raw as { plan?: unknown } | null)?.plan;
      if (typeof named === 'string' && named !== planPath) continue;
      damaged.push({ id, file, why: read.why, mtimeMs: statSync(file).mtimeMs });
      continue;
    }
    const rec = read.record;
    if (rec.plan !== planPath) continue;
    if (!best || rec.createdAt > best.createdAt || (rec.createdAt === best.createdAt && rec.runId > best.runId)) best = rec;
  }
  const since = best ? Date.parse(best.createdAt) : -Infinity;
  const suspect = damaged.filter((d) => d.mtimeMs >= since).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (suspect) {
    throw new UserError(
      `${suspect.why}, and it may be this plan's last run; repair it, or move ${join(RUNS_DIR, suspect.id)} away to resume the run before it, or run without --resume to start a new run`,
      relative(repoRoot, suspect.file),
    );
  }
  return best;
}

/**
 * The run record in memory plus its file. `changed()` after every transition. Writes are group commits:
 * the first transition after a quiet spell is written on the next turn of the event loop, and while
 * transitions keep coming they are written together at most every `gapMs` (a few hundred tasks a
 * second would otherwise spend their time rewriting this file). Every write is a whole, atomic file, so
 * a crash at any moment leaves a record that loads and lags the truth by at most `gapMs`. A task whose
 * end was not written anywhere (here or as 'done' in the claim store) runs again on --resume; one whose
 * end was written never does.
 */
export class RecordFile {
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private lastWrite = 0;
  /** Called once the record as it is now is on disk (see whenWritten). */
  private waiting: (() => void)[] = [];
  /** Where a deferred write's error goes (nothing waits on a timer, so a throw there would crash squad). */
  onError: ((err: unknown) => void) | null = null;

  constructor(readonly path: string, readonly record: RunRecord, private readonly gapMs = 25) {}

  changed(): void {
    if (this.timer) return;
    const wait = this.lastWrite + this.gapMs - Date.now();
    const write = () => {
      this.timer = null;
      try {
        this.write();
      } catch (err) {
        if (!this.onError) throw err;
        this.onError(err);
      }
    };
    this.timer = wait > 0 ? setTimeout(write, wait) : setImmediate(write);
  }

  flush(): void {
    this.cancel();
    this.write();
  }

  /** Call `then` once every change made so far is on disk: now when none is pending, else after the next write. */
  whenWritten(then: () => void): void {
    if (this.timer) this.waiting.push(then);
    else then();
  }

  private cancel(): void {
    if (!this.timer) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  private write(): void {
    this.record.updatedAt = new Date().toISOString();
    writeFileAtomic(this.path, JSON.stringify(this.record, null, 1) + '\n');
    this.lastWrite = Date.now();
    const written = this.waiting;
    this.waiting = [];
    for (const then of written) then();
  }
}
