// What git says about the working tree: HEAD, branch, and the files changed since a moment (the plan's
// compile time), committed or not. No git, or not a repository: empty facts, not an error.
import { execFileSync } from 'node:child_process';

export interface GitFacts {
  head: string | null;
  branch: string | null;
  /** null when git cannot tell (no git, or not a repository). */
  changedSince: string[] | null;
}

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return null;
  }
}

export function gitFacts(cwd: string, sinceMs: number): GitFacts {
  const head = git(cwd, ['rev-parse', 'HEAD'])?.trim() || null;
  const branch = git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])?.trim() || null;
  const files = new Set<string>();
  if (head) {
    const committed = git(cwd, ['log', `--since=@${Math.floor(sinceMs / 1000)}`, '--name-only', '--pretty=format:', 'HEAD']) ?? '';
    for (const f of committed.split('\n')) if (f.trim()) files.add(f.trim());
  }
  // Porcelain v1: two status letters, a space, the path (renames: "old -> new").
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=all']);
  if (status === null) return { head, branch, changedSince: null };
  for (const line of status.split('\n')) {
    const path = line.slice(3).split(' -> ').pop()?.trim();
    if (path && !path.startsWith('.squad/')) files.add(path);
  }
  return { head, branch, changedSince: [...files].sort() };
}
