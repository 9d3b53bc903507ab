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
 * The run record in memory plus its file. `changed()` after every transition; transitions made in one turn
 * of the event loop share one write (they happened at the same moment), and `flush()` writes at once.
 */
export class RecordFile {
  private pending: NodeJS.Immediate | null = null;

  constructor(readonly path: string, readonly record: RunRecord) {}

  changed(): void {
    if (this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.write();
    });
  }

  flush(): void {
    if (this.pending) {
      clearImmediate(this.pending);
      this.pending = null;
    }
    this.write();
  }

  private write(): void {
    this.record.updatedAt = new Date().toISOString();
    writeFileAtomic(this.path, JSON.stringify(this.record, null, 1) + '\n');
  }
}
