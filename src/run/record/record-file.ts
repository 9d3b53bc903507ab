// Load, save and find run records. Saving goes through writeFileAtomic (temp file, fsync, rename).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

export function loadRecord(file: string): RunRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`run state is not valid JSON (${(err as Error).message}); start a new run without --resume`, file);
  }
  const parsed = RunRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`not a squad run state: '${issue.path.join('.')}' ${issue.message}; start a new run without --resume`, file);
  }
  return parsed.data;
}

/** The most recent run of this plan (by creation time), or null. Unreadable records are ignored. */
export function findLastRun(repoRoot: string, planPath: string): RunRecord | null {
  const dir = join(repoRoot, RUNS_DIR);
  if (!existsSync(dir)) return null;
  let best: RunRecord | null = null;
  for (const id of readdirSync(dir)) {
    const file = join(dir, id, 'state.json');
    if (!existsSync(file)) continue;
    let rec: RunRecord;
    try {
      rec = loadRecord(file);
    } catch {
      continue;
    }
    if (rec.plan !== planPath) continue;
    if (!best || rec.createdAt > best.createdAt || (rec.createdAt === best.createdAt && rec.runId > best.runId)) best = rec;
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
  }
}
