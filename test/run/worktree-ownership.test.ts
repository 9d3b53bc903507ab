// Ownership enforced on what a task's branch really changed (worktree isolation): a write to a path another
// lane owns fails the task under `ownership: fail` (one line per path, branch kept, nothing merged) and is
// merged and recorded under `warn`; a write no task declares is recorded and reported either way.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from './helpers/plan.js';
import { gitRepo } from './helpers/git-repo.js';
import { squad } from './helpers/cli.js';
import { onlyRecord } from './helpers/record.js';

// T002 (agent-1) owns backend/api.ts; T005 (agent-2) owns frontend/App.tsx. T002 also writes T005's file
// and notes.txt, which nobody declares.
const plan = () =>
  makePlan(
    [
      { id: 'T002', run: null, agentId: 'agent-1', writes: ['backend/api.ts'] },
      { id: 'T005', run: null, agentId: 'agent-2', deps: ['T002'], writes: ['frontend/App.tsx'] },
    ],
    {
      ownership: [
        { path: 'backend/api.ts', mode: 'exclusive', owner: 'agent-1', order: ['T002'], readers: [], reason: 'one writer' },
        { path: 'frontend/App.tsx', mode: 'exclusive', owner: 'agent-2', order: ['T005'], readers: [], reason: 'one writer' },
      ],
    },
  );
const script = {
  T002: [
    { write: 'backend/api.ts', text: 'api\n' },
    { write: 'frontend/App.tsx', text: 'T002 was here\n' },
    { write: 'notes.txt', text: 'notes\n' },
  ],
  T005: [{ write: 'frontend/App.tsx', text: 'app by T005\n' }],
};
const files = { 'README.md': '# r\n', 'frontend/App.tsx': 'app\n' };

/** Run the plan under `ownership:` (default when omitted); T002's record and the output. */
async function runUnder(ownership?: string) {
  const repo = gitRepo({ plan: plan(), script, files, config: ownership ? `ownership: ${ownership}\n` : '' });
  const r = await squad(['run'], repo.dir);
  const rec = onlyRecord(repo.dir);
  return { repo, r, rec, t2: rec.tasks.find((t) => t.id === 'T002')! };
}

describe('ownership on what changed', { timeout: 120_000 }, () => {
  it('fail (the default): the task fails with one line per path, its branch is kept and nothing of it is merged', async () => {
    const { repo, r, t2, rec } = await runUnder();
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toContain('warning: ownership: T002 wrote frontend/App.tsx, owned by agent-2 (T005)\n');
    expect(r.stdout).toContain('warning: undeclared: T002 wrote notes.txt, which no task in the plan declares\n');
    expect(t2.status).toBe('failed');
    expect(t2.reason).toMatch(/^ownership: T002 wrote frontend\/App\.tsx, owned by agent-2 \(T005\); nothing merged, branch squad\/\S+\/T002 kept$/);
    expect(t2.worktree).toMatchObject({
      stage: 'kept',
      files: ['backend/api.ts', 'frontend/App.tsx', 'notes.txt'],
      violations: ['T002 wrote frontend/App.tsx, owned by agent-2 (T005)'],
      undeclared: ['notes.txt'],
      merge: null,
      removed: false,
    });
    // Nothing of T002 reached main; its work waits on its branch, in its worktree, listed at the end.
    expect(repo.git('log', '--format=%s', 'main')).toBe('initial');
    expect(readFileSync(join(repo.dir, 'frontend/App.tsx'), 'utf8')).toBe('app\n');
    expect(repo.git('show', `${t2.worktree!.branch}:frontend/App.tsx`)).toBe('T002 was here');
    expect(existsSync(t2.worktree!.path)).toBe(true);
    expect(r.stdout).toMatch(/kept T002 \(ownership violation\): \.squad\/worktrees\/\S+\/T002 on squad\/\S+\/T002; look with: git -C /);
    expect(rec.tasks.find((t) => t.id === 'T005')!.status).toBe('skipped');
  });

  it('warn: merged, with the violation and the undeclared write recorded', async () => {
    const { repo, r, t2 } = await runUnder('warn');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('warning: ownership: T002 wrote frontend/App.tsx, owned by agent-2 (T005) (ownership: warn: merged, and recorded)\n');
    expect(r.stdout).toContain('warning: undeclared: T002 wrote notes.txt');
    expect(t2.status).toBe('closed');
    expect(t2.worktree).toMatchObject({ stage: 'merged', violations: ['T002 wrote frontend/App.tsx, owned by agent-2 (T005)'], undeclared: ['notes.txt'], removed: true });
    expect(repo.git('log', '--first-parent', '--format=%s', 'main').split('\n')).toEqual(['squad: merge T005 Task T005', 'squad: merge T002 Task T002', 'initial']);
    expect(readFileSync(join(repo.dir, 'notes.txt'), 'utf8')).toBe('notes\n');
    expect(readFileSync(join(repo.dir, 'frontend/App.tsx'), 'utf8')).toBe('app by T005\n');
  });

  it('off: nothing is checked', async () => {
    const { r, t2 } = await runUnder('off');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/ownership: T002|undeclared:/);
    expect(t2.worktree).toMatchObject({ violations: [], undeclared: [] });
  });
});
