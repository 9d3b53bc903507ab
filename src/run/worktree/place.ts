// Where a task's worktree and branch live: `.squad/worktrees/<run>/<task>` on `squad/<run>/<task>`. The task
// id is %-encoded (src/state/paths.ts), so any id is one safe directory name and one valid branch component.
import { join } from 'node:path';
import { taskDirName } from '../../state/paths.js';

export interface WorktreePlace {
  path: string;
  branch: string;
}

export function worktreesDir(repoRoot: string, runId: string): string {
  return join(repoRoot, '.squad', 'worktrees', runId);
}

export function worktreePlace(repoRoot: string, runId: string, taskId: string): WorktreePlace {
  const name = taskDirName(taskId);
  return { path: join(worktreesDir(repoRoot, runId), name), branch: `squad/${runId}/${name}` };
}
