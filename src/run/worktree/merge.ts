// One merge of a task branch into the integration branch (checked out in the repository root). A conflict
// is undone at once (`git merge --abort`), so the integration branch is never left half-merged.
import { existsSync } from 'node:fs';
import { GitError, git, gitMaybe, identityArgs, zPaths } from './git.js';

export type MergeResult = { ok: true; commit: string } | { ok: false; conflicts: string[]; why: string };

export async function mergeBranch(repoRoot: string, branch: string, message: string): Promise<MergeResult> {
  try {
    await git(repoRoot, [...(await identityArgs(repoRoot)), 'merge', '--no-ff', '--no-edit', '-m', message, branch]);
    return { ok: true, commit: await git(repoRoot, ['rev-parse', 'HEAD']) };
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    const conflicts = zPaths((await gitMaybe(repoRoot, ['diff', '--name-only', '--diff-filter=U', '-z'])) ?? '');
    await abortMerge(repoRoot);
    return { ok: false, conflicts, why: conflicts.length > 0 ? `merge conflict in ${conflicts.join(', ')}` : err.message };
  }
}

/** Is `commit` already on the integration branch (merged by a run that died before it could record it)? */
export async function isMerged(repoRoot: string, commit: string): Promise<boolean> {
  return (await gitMaybe(repoRoot, ['merge-base', '--is-ancestor', commit, 'HEAD'])) !== null;
}

/** Undo a merge in progress (a conflict, or a run killed mid-merge). Nothing to undo: nothing happens. */
export async function abortMerge(repoRoot: string): Promise<boolean> {
  const mergeHead = await gitMaybe(repoRoot, ['rev-parse', '--git-path', 'MERGE_HEAD']);
  if (mergeHead === null || !existsSync(mergeHead.startsWith('/') ? mergeHead : `${repoRoot}/${mergeHead}`)) return false;
  await git(repoRoot, ['merge', '--abort']);
  return true;
}
