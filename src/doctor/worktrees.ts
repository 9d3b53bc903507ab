// What finished runs left in git: task worktrees under .squad/worktrees/<run>/ and `squad/<run>/<task>` branches.
// A run still going is left alone. --fix removes a worktree with nothing uncommitted (its branch stays), prunes
// worktrees whose folder is gone, and deletes a branch whose commits are all in HEAD; a worktree with changes and a
// branch with unmerged commits hold work, so they are left for a person.
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gitMaybe } from '../run/worktree/git.js';
import { deleteBranch, removeWorktree } from '../run/worktree/worktrees.js';
import type { Finding } from './finding.js';

type Listed = { path: string; branch: string | null; prunable: boolean };

function parseWorktrees(porcelain: string): Listed[] {
  const out: Listed[] = [];
  for (const block of porcelain.split('\n\n')) {
    const lines = block.split('\n');
    const path = lines.find((l) => l.startsWith('worktree '))?.slice('worktree '.length);
    if (!path) continue;
    const branch = lines.find((l) => l.startsWith('branch '))?.slice('branch refs/heads/'.length) ?? null;
    out.push({ path, branch, prunable: lines.some((l) => l.startsWith('prunable')) });
  }
  return out;
}

/** `live(runId)`: is that run still going (then its worktrees and branches are in use)? */
export async function worktreeFindings(repoRoot: string, live: (runId: string) => boolean): Promise<Finding[]> {
  const top = await gitMaybe(repoRoot, ['rev-parse', '--show-toplevel']);
  if (top === null) return [];
  // git lists worktrees by real path.
  const base = join(realpathSync(repoRoot), '.squad', 'worktrees') + sep;
  const out: Finding[] = [];
  const listed = parseWorktrees((await gitMaybe(repoRoot, ['worktree', 'list', '--porcelain'])) ?? '');
  for (const w of listed) {
    if (!w.path.startsWith(base)) continue;
    const runId = w.path.slice(base.length).split(sep)[0]!;
    if (live(runId)) continue;
    const where = relative(realpathSync(repoRoot), w.path);
    if (w.prunable) {
      out.push({ check: 'worktrees', where, problem: `worktree of finished run ${runId} whose folder is gone`, action: "prune it from git's list ('git worktree prune')", fix: async () => void (await gitMaybe(repoRoot, ['worktree', 'prune'])) });
      continue;
    }
    const changes = await gitMaybe(w.path, ['status', '--porcelain']);
    if (changes === null || changes.trim() !== '') {
      out.push({ check: 'worktrees', where, problem: `worktree of finished run ${runId} ${changes === null ? 'that git cannot read' : 'holds uncommitted changes'}`, action: `look at it, commit what you want to keep, then 'git worktree remove --force ${where}'`, fix: null });
      continue;
    }
    out.push({ check: 'worktrees', where, problem: `leftover worktree of finished run ${runId}`, action: 'remove the worktree (its branch stays)', fix: () => removeWorktree(repoRoot, w.path) });
  }
  const refs = (await gitMaybe(repoRoot, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/squad/'])) ?? '';
  for (const branch of refs.split('\n').filter(Boolean)) {
    const runId = branch.split('/')[1] ?? '';
    if (live(runId)) continue;
    const merged = (await gitMaybe(repoRoot, ['merge-base', '--is-ancestor', branch, 'HEAD'])) !== null;
    if (merged) {
      out.push({ check: 'worktrees', where: branch, problem: `branch of finished run ${runId}, merged into HEAD`, action: 'delete the branch', fix: () => deleteBranch(repoRoot, branch) });
    } else {
      out.push({ check: 'worktrees', where: branch, problem: `branch of finished run ${runId} with commits not in HEAD`, action: `look at them ('git log HEAD..${branch}'), merge what you want, then 'git branch -D ${branch}'`, fix: null });
    }
  }
  return out;
}
