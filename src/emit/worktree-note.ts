// What the allocation report and every agent plan say about how work lands when `squad run` uses worktree
// isolation (README "Worktrees, ownership and the merge queue"). One sentence, so both say the same. Pure.
export const WORKTREE_NOTE =
  "With `squad run` in a git repository (isolation: worktree, the default), each task works in its own git worktree on branch `squad/<run>/<task>`; squad commits what it leaves, checks the files it changed against this ownership (a file another agent owns, a read-only path or an undeclared red zone fails the task), and merges it into the integration branch. Agents do not push, merge or switch branches themselves.";
