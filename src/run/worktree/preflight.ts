// Before a worktree run starts anything: a git repository, at its top level, on a branch with at least one
// commit and no uncommitted changes to tracked files. Each refusal is one line saying what to do.
import { realpathSync } from 'node:fs';
import { UserError } from '../../io/errors.js';
import { RUN_EXIT } from '../exit-codes.js';
import { git, gitMaybe, zPaths } from './git.js';

const OR_SHARED = "or run with '--isolation shared'";

export interface Integration {
  /** The branch finished tasks merge into (checked out in the repository root). */
  branch: string;
  /** Set when --into named another branch than the one checked out: squad switched to it. */
  switchedFrom: string | null;
}

/** Check the repository and check out the integration branch (`into`, default the current branch). */
export async function prepareIntegration(repoRoot: string, into: string | null): Promise<Integration> {
  const top = await gitMaybe(repoRoot, ['rev-parse', '--show-toplevel']);
  if (top === null) throw refuse(repoRoot, `not a git repository, and worktree isolation (the default) needs one; run 'git init' and commit, ${OR_SHARED}`);
  if (realpathSync(top) !== realpathSync(repoRoot)) throw refuse(repoRoot, `worktree isolation runs from the repository's top level (${top}); run squad there, ${OR_SHARED}`);
  if ((await gitMaybe(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD'])) === null) {
    throw refuse(repoRoot, `the repository has no commit yet, and task branches start from one; commit something first, ${OR_SHARED}`);
  }
  const dirty = zPaths(await git(repoRoot, ['status', '--porcelain', '-z', '--untracked-files=no'])).map((e) => e.slice(3));
  const current = await gitMaybe(repoRoot, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const shownBranch = current ?? 'HEAD (detached)';
  if (dirty.length > 0) {
    const some = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? `, and ${dirty.length - 3} more` : '');
    throw refuse(repoRoot, `${shownBranch} has uncommitted changes (${some}), and finished tasks merge into it; commit or stash them, ${OR_SHARED}`);
  }
  if (into === null || into === current) {
    if (current === null) throw refuse(repoRoot, `HEAD is detached, so there is no branch to merge finished tasks into; check out a branch or name one with --into BRANCH, ${OR_SHARED}`);
    return { branch: current, switchedFrom: null };
  }
  if ((await gitMaybe(repoRoot, ['check-ref-format', '--branch', into])) === null) throw refuse(repoRoot, `--into '${into}' is not a valid branch name; name a branch`);
  const exists = (await gitMaybe(repoRoot, ['show-ref', '--verify', '--quiet', `refs/heads/${into}`])) !== null;
  await git(repoRoot, exists ? ['switch', '--quiet', into] : ['switch', '--quiet', '-c', into]);
  return { branch: into, switchedFrom: shownBranch };
}

function refuse(repoRoot: string, message: string): UserError {
  return new UserError(message, repoRoot, null, RUN_EXIT.input);
}
