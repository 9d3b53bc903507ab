// What a task's branch holds: its leftovers committed (`squad: <id> <title>`), then the paths it changed
// against the commit it started from. squad's own .squad/ (a `squad done` run inside the worktree) is
// never part of a task's work.
import { git, identityArgs, zPaths } from './git.js';

const NOT_SQUAD = ':(exclude).squad';

/** Commit whatever the task left uncommitted in its worktree. Returns the branch's tip. */
export async function commitLeftovers(worktree: string, message: string): Promise<string> {
  await git(worktree, ['add', '--all', '--', '.', NOT_SQUAD]);
  const staged = zPaths(await git(worktree, ['diff', '--cached', '--name-only', '-z']));
  // --no-verify: this commit records what the task did; the task's gate, not a commit hook, judges it.
  if (staged.length > 0) await git(worktree, [...(await identityArgs(worktree)), 'commit', '--quiet', '--no-verify', '-m', message]);
  return git(worktree, ['rev-parse', 'HEAD']);
}

/** Paths changed between `base` and `tip`, renames as a delete and an add (both paths count). */
export async function changedPaths(cwd: string, base: string, tip: string): Promise<string[]> {
  const out = await git(cwd, ['diff', '--name-only', '--no-renames', '-z', base, tip, '--', '.', NOT_SQUAD]);
  return zPaths(out).sort();
}
