// What a real worktree run leaves: a task rejected by the ownership check keeps its worktree and its branch.
// squad metrics counts the violation; squad doctor removes the (committed, clean) worktree and leaves the branch,
// whose commits are not merged, for a person.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../run/helpers/plan.js';
import { gitRepo } from '../run/helpers/git-repo.js';
import { squad } from '../run/helpers/cli.js';
import { onlyRecord } from '../run/helpers/record.js';

// The plan's source document, so doctor's tracker and plan checks have the document the plan was compiled from.
const SOURCE = '# Tasks\n\nT002 and T005, as the plan says.\n';
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
      sourceHash: createHash('sha256').update(SOURCE).digest('hex'),
    },
  );
// T002 also writes T005's file: the ownership check rejects it.
const script = { T002: [{ write: 'backend/api.ts', text: 'api\n' }, { write: 'frontend/App.tsx', text: 'T002 was here\n' }], T005: [{ write: 'frontend/App.tsx', text: 'app\n' }] };

async function rejectedRun() {
  const repo = gitRepo({ plan: plan(), script, files: { 'README.md': '# r\n', 'frontend/App.tsx': 'app\n', 'tasks.md': SOURCE } });
  const r = await squad(['run'], repo.dir);
  expect(r.code, r.stdout + r.stderr).toBe(3);
  const rec = onlyRecord(repo.dir);
  const t2 = rec.tasks.find((t) => t.id === 'T002')!;
  expect(t2.worktree).toMatchObject({ stage: 'kept', removed: false, violations: ['T002 wrote frontend/App.tsx, owned by agent-2 (T005)'] });
  return { repo, rec, t2 };
}

describe('after a worktree run with an ownership violation', { timeout: 180_000 }, () => {
  it('squad metrics counts the violation', async () => {
    const { repo, rec } = await rejectedRun();
    const { runs } = JSON.parse((await squad(['metrics', '--json'], repo.dir)).stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: rec.runId, ownershipViolations: 1, mergeConflicts: 0 });
  });

  it('squad doctor removes the kept worktree and leaves its unmerged branch for a person', async () => {
    const { repo, t2 } = await rejectedRun();
    const wt = t2.worktree!;
    expect(existsSync(wt.path)).toBe(true);
    const where = join('.squad', 'worktrees', wt.path.split('/.squad/worktrees/')[1]!);
    const found = await squad(['doctor'], repo.dir);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`${where}: leftover worktree of finished run`);
    expect(found.stdout).toContain(`${wt.branch}: branch of finished run`);
    expect(found.stdout).toMatch(/with commits not in HEAD; left for you: look at them/);
    const fixed = await squad(['doctor', '--fix'], repo.dir);
    expect(fixed.code).toBe(1); // the branch holds work
    expect(existsSync(wt.path)).toBe(false);
    expect(repo.git('branch', '--list', wt.branch)).toContain(wt.branch);
    repo.git('branch', '-D', wt.branch);
    const after = await squad(['doctor'], repo.dir);
    expect(after.code, after.stdout).toBe(0);
  });
});
