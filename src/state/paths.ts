// Where coordination state lives: `.squad/coord/<plan key>/` in the repo root, one folder per plan so two plans
// never mix. The key comes from the plan's source document (stable across recompiles of the same document).
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative } from 'node:path';

export type StorePaths = {
  /** `.squad/coord/<plan key>` */
  root: string;
  /** One folder per task holding its transition log (`000001.json`, `000002.json`, ...). */
  tasks: string;
  /** One heartbeat file per session. */
  sessions: string;
  /** Append-only journal, one JSON line per event. */
  events: string;
  /**
   * The order in which claims of tasks that may not run beside others were made (`000001.json`, ...): a copy of
   * each such claim entry, numbered by the same exclusive link, so racing claims of two such tasks are ordered.
   */
  claimOrder: string;
};

/** `docs/PRD.md` -> `docs-PRD.md-1a2b3c4d`: readable, and distinct even when two sources slug alike. Pure. */
export function planKey(source: string, repoRoot: string): string {
  const rel = isAbsolute(source) ? relative(repoRoot, source) : source;
  const norm = rel.replace(/\\/g, '/').replace(/^\.\//, '');
  const slug = norm.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(-60) || 'plan';
  const hash = createHash('sha256').update(norm).digest('hex').slice(0, 8);
  return `${slug}-${hash}`;
}

export function storePaths(repoRoot: string, key: string): StorePaths {
  const root = join(repoRoot, '.squad', 'coord', key);
  return { root, tasks: join(root, 'tasks'), sessions: join(root, 'sessions'), events: join(root, 'events.jsonl'), claimOrder: join(root, 'claim-order') };
}

/** Task ids become folder names: every byte outside [A-Za-z0-9_-] is %-encoded, so `1.2`, `a/b`, `..` are safe. Pure. */
export function taskDirName(taskId: string): string {
  return Array.from(Buffer.from(taskId, 'utf8'))
    .map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}
