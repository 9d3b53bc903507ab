// Create and remove task worktrees. Callers run these through the SerialQueue (serial.ts): git worktree add
// and remove write .git/config.lock and .git/worktrees/, which two at once would race on.
import { existsSync, rmSync } from 'node:fs';
import { git, gitMaybe } from './git.js';
import type { WorktreePlace } from './place.js';

/**
 * A fresh worktree for the task on a new branch from the integration head as it stands now (so it sees
 * every merge before it). What an earlier attempt left at the same place is discarded first. Returns the
 * commit it started from.
 */
export async function addWorktree(repoRoot: string, place: WorktreePlace): Promise<string> {
  await discardWorktree(repoRoot, place);
  const base = await git(repoRoot, ['rev-parse', 'HEAD']);
  await git(repoRoot, ['worktree', 'add', '--quiet', '-b', place.branch, place.path, base]);
  return base;
}

/** Remove the worktree directory; the branch stays. */
export async function removeWorktree(repoRoot: string, path: string): Promise<void> {
  if ((await gitMaybe(repoRoot, ['worktree', 'remove', '--force', '--force', path])) === null && existsSync(path)) {
    // Not (or no longer) a registered worktree: it is still squad's own directory under .squad/worktrees.
    rmSync(path, { recursive: true, force: true });
  }
  await gitMaybe(repoRoot, ['worktree', 'prune']);
}

/** Remove the worktree and delete its branch: an unfinished attempt, to be run again. */
export async function discardWorktree(repoRoot: string, place: WorktreePlace): Promise<void> {
  await removeWorktree(repoRoot, place.path);
  await deleteBranch(repoRoot, place.branch);
}

export async function deleteBranch(repoRoot: string, branch: string): Promise<void> {
  if ((await gitMaybe(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])) !== null) await git(repoRoot, ['branch', '--quiet', '-D', branch]);
}

export async function renameBranch(repoRoot: string, from: string, to: string): Promise<void> {
  await git(repoRoot, ['branch', '--quiet', '-m', from, to]);
}
