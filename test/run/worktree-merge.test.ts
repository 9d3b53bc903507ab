// Worktree isolation and the merge queue, with the fake agent (test/fixtures/fake-agent) in temp git
// repositories: every task in its own worktree from the integration head, merged one at a time in the
// order the tasks finish, dependents started only after their dependencies merged, conflicts kept.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, writePlan } from './helpers/plan.js';
import { gitRepo } from './helpers/git-repo.js';
import { squad, tempDir } from './helpers/cli.js';
import { onlyRecord } from './helpers/record.js';

/**
 * A and B each change the same line of shared.txt, each after the other started, so both branches start from
 * the same head and the second to merge conflicts.
 */
function sameLinesRepo(config?: string) {
  const edit = (id: string, other: string, s: (name: string) => string) => [
    { touch: s(`${id}-started`) },
    { waitFor: s(`${other}-started`) },
    { replace: 'shared.txt', from: 'beta', to: `beta by ${id}` },
    { write: `${id.toLowerCase()}.txt`, text: `${id}\n` },
  ];
  return gitRepo({
    plan: makePlan([
      { id: 'A', run: null, writes: ['a.txt'] },
      { id: 'B', run: null, writes: ['b.txt'] },
    ]),
    files: { 'shared.txt': 'alpha\nbeta\ngamma\n' },
    script: (s) => ({ A: edit('A', 'B', s), B: edit('B', 'A', s) }),
    config,
  });
}

/** Subjects of the integration branch's first-parent history, oldest first. */
const mainLine = (git: (...a: string[]) => string) => git('log', '--first-parent', '--reverse', '--format=%s', 'main').split('\n');

describe('worktree isolation: the merge queue', { timeout: 120_000 }, () => {
  it('runs four tasks (two in parallel) each in its own worktree and merges them in the order they finish; edits to different parts of one file both merge', async () => {
    // A creates shared.txt; B and C each edit their own line of it, each waiting until the other started
    // (so they really ran side by side, both from A's merge); D needs both and reads what they wrote.
    const repo = gitRepo({
      plan: makePlan([
        { id: 'A', run: null, writes: ['shared.txt'] },
        { id: 'B', run: null, deps: ['A'], writes: ['b.txt'] },
        { id: 'C', run: null, deps: ['A'], writes: ['c.txt'] },
        { id: 'D', run: null, deps: ['B', 'C'], writes: ['d.txt'] },
      ]),
      script: (s) => ({
        A: [{ write: 'shared.txt', text: 'one\ntwo\nthree\nfour\nfive\n' }],
        B: [{ touch: s('B-started') }, { waitFor: s('C-started') }, { replace: 'shared.txt', from: 'one', to: 'ONE by B' }, { write: 'b.txt', text: 'b\n' }],
        C: [{ touch: s('C-started') }, { waitFor: s('B-started') }, { replace: 'shared.txt', from: 'five', to: 'FIVE by C' }, { write: 'c.txt', text: 'c\n' }],
        D: [{ replace: 'shared.txt', from: 'three', to: 'three (D saw B and C)' }, { write: 'd.txt', text: 'd\n' }],
      }),
    });
    const r = await squad(['run'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = onlyRecord(repo.dir);
    expect(rec.options).toMatchObject({ isolation: 'worktree', into: 'main' });
    expect(rec.tasks.map((t) => [t.id, t.status, t.worktree?.stage])).toEqual([
      ['A', 'closed', 'merged'],
      ['B', 'closed', 'merged'],
      ['C', 'closed', 'merged'],
      ['D', 'closed', 'merged'],
    ]);
    const wt = new Map(rec.tasks.map((t) => [t.id, t.worktree!]));
    // Merged in the order they finished, one merge commit each, with the task's own commit behind it.
    const finishOrder = [...rec.tasks].sort((a, b) => a.worktree!.finishedAt!.localeCompare(b.worktree!.finishedAt!)).map((t) => t.id);
    expect(finishOrder[0]).toBe('A');
    expect(finishOrder[3]).toBe('D');
    expect(mainLine(repo.git)).toEqual(['initial', ...finishOrder.map((id) => `squad: merge ${id} Task ${id}`)]);
    for (const id of ['A', 'B', 'C', 'D']) {
      expect(repo.git('log', '--format=%s', `${wt.get(id)!.merge}^2`, '-1')).toBe(`squad: ${id} Task ${id}`);
      expect(wt.get(id)!.files).toContain(id === 'A' ? 'shared.txt' : `${id.toLowerCase()}.txt`);
    }
    // B and C started from A's merge; D from the second of B and C to merge: each saw its dependencies' work.
    expect(wt.get('B')!.base).toBe(wt.get('A')!.merge);
    expect(wt.get('C')!.base).toBe(wt.get('A')!.merge);
    expect(wt.get('D')!.base).toBe(wt.get(finishOrder[2]!)!.merge);
    expect(wt.get('B')!.path).toBe(join(repo.dir, '.squad', 'worktrees', rec.runId, 'B'));
    expect(wt.get('B')!.branch).toBe(`squad/${rec.runId}/B`);
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe('ONE by B\ntwo\nthree (D saw B and C)\nfour\nFIVE by C\n');
    // Merged worktrees and their branches are gone; the integration tree is clean.
    expect(readdirSync(join(repo.dir, '.squad', 'worktrees', rec.runId))).toEqual([]);
    expect(repo.git('branch', '--format=%(refname:short)')).toBe('main');
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(r.stdout).not.toMatch(/kept /);
  });

  it('two tasks editing the same lines: one merges, the other is a conflict with the path, its branch kept, nothing lost', async () => {
    const repo = sameLinesRepo();
    const r = await squad(['run', '--continue', 'always'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    const rec = onlyRecord(repo.dir);
    const merged = rec.tasks.find((t) => t.status === 'done' || t.status === 'closed')!;
    const conflicted = rec.tasks.find((t) => t.status === 'conflict')!;
    expect(merged).toBeDefined();
    expect(conflicted).toBeDefined();
    expect(conflicted.worktree).toMatchObject({ stage: 'kept', conflicts: ['shared.txt'], removed: false });
    expect(conflicted.reason).toMatch(/merge conflict in shared\.txt/);
    // Nothing lost: the merged task's commit is on main, the conflicting one's on its kept branch.
    expect(repo.git('merge-base', '--is-ancestor', merged.worktree!.tip!, 'main')).toBe('');
    expect(repo.git('rev-parse', conflicted.worktree!.branch)).toBe(conflicted.worktree!.tip);
    expect(repo.git('show', `${conflicted.worktree!.tip}:shared.txt`)).toContain(`beta by ${conflicted.id}`);
    // main holds the merged edit only, and no half-done merge.
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe(`alpha\nbeta by ${merged.id}\ngamma\n`);
    expect(repo.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(existsSync(conflicted.worktree!.path)).toBe(true);
    expect(r.stdout).toContain(`conflict: merge conflict in shared.txt`);
    expect(r.stdout).toMatch(new RegExp(`kept ${conflicted.id} \\(conflict in shared\\.txt\\): \\.squad/worktrees/${rec.runId}/${conflicted.id} on squad/${rec.runId}/${conflicted.id}`));
    expect(r.stdout).toMatch(/1 conflict/);
    // squad status says the same per task: merged with its commit, the conflict with its path and kept branch.
    const status = await squad(['status'], repo.dir);
    expect(status.stdout).toContain(`[merged ${merged.worktree!.merge!.slice(0, 7)} from ${merged.worktree!.branch}`);
    expect(status.stdout).toContain(`[conflict in shared.txt; branch ${conflicted.worktree!.branch} kept`);
    const json = JSON.parse((await squad(['status', '--json'], repo.dir)).stdout) as { tasks: { id: string; worktree: string | null }[] };
    expect(json.tasks.find((t) => t.id === conflicted.id)!.worktree).toMatch(new RegExp(`^conflict in shared\\.txt; branch ${conflicted.worktree!.branch} kept`));
  });
});

describe('the test phase of a worktree run', { timeout: 120_000 }, () => {
  it('runs on the integration branch after the merges; when it fails the merges stay and the tasks stay open', async () => {
    const repo = gitRepo({
      plan: makePlan([{ id: 'A', run: null, writes: ['a.txt'] }]),
      script: { A: [{ write: 'a.txt', text: 'made by A\n' }] },
      test: 'cat a.txt; exit 1',
    });
    const r = await squad(['run'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const rec = onlyRecord(repo.dir);
    expect(rec.tasks[0]).toMatchObject({ status: 'done', worktree: { stage: 'merged' } });
    expect(repo.git('log', '--first-parent', '--format=%s', '-1', 'main')).toBe('squad: merge A Task A');
    // The test ran in the repository root, on main, where A's work had been merged.
    const log = readFileSync(join(repo.dir, '.squad', 'runs', rec.runId, 'logs', 'group-ungrouped', 'test.log'), 'utf8');
    expect(log).toContain('made by A');
  });
});

describe('merge.onConflict: rerun', { timeout: 120_000 }, () => {
  it('runs a conflicting task once more on the new head, where it merges; the conflicting branch is kept aside', async () => {
    const repo = sameLinesRepo('merge:\n  onConflict: rerun\n');
    const r = await squad(['run'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = onlyRecord(repo.dir);
    expect(rec.tasks.map((t) => t.status)).toEqual(['closed', 'closed']);
    const again = rec.tasks.find((t) => t.attempts === 2)!;
    const first = rec.tasks.find((t) => t.attempts === 1)!;
    expect(again).toBeDefined();
    expect(r.stdout).toContain(`warning: ${again.id}: merge conflict in shared.txt; running it again on the new head of main (merge.onConflict: rerun); the conflicting branch is kept as squad/${rec.runId}/${again.id}-conflict`);
    // The second attempt started from the head holding the first task's merge, and merged.
    expect(again.worktree).toMatchObject({ stage: 'merged', base: first.worktree!.merge });
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe(`alpha\nbeta by ${again.id} by ${first.id}\ngamma\n`);
    expect(repo.git('show', `squad/${rec.runId}/${again.id}-conflict:shared.txt`)).toBe(`alpha\nbeta by ${again.id}\ngamma`);
  });
});

describe('worktree isolation: refusals before anything starts', { timeout: 120_000 }, () => {
  it('outside a git repository, or on a branch with uncommitted changes: one line, exit 1, no run', async () => {
    const plain = tempDir();
    const repo = gitRepo({ plan: makePlan([{ id: 'A', run: null }]), script: { A: [] } });
    writePlan(plain, makePlan([{ id: 'A', run: 'true' }]));
    const notGit = await squad(['run', '--isolation', 'worktree'], plain);
    expect(notGit.code).toBe(1);
    expect(notGit.stderr).toMatch(/^\/\S+: not a git repository, and worktree isolation \(the default\) needs one; run 'git init' and commit, or run with '--isolation shared'\n$/);
    expect(existsSync(join(plain, '.squad', 'runs'))).toBe(false);

    writeFileSync(join(repo.dir, 'README.md'), 'edited\n');
    const dirty = await squad(['run'], repo.dir);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toMatch(/^\/\S+: main has uncommitted changes \(README\.md\), and finished tasks merge into it; commit or stash them, or run with '--isolation shared'\n$/);
    expect(existsSync(join(repo.dir, '.squad', 'runs'))).toBe(false);
  });
});

describe('--isolation shared and --into', { timeout: 120_000 }, () => {
  it('shared (flag or config) runs every task in the working tree as before: no worktree, no branch, no commit, a dirty tree allowed', async () => {
    for (const how of [['--isolation', 'shared'], []]) {
      const repo = gitRepo({
        plan: makePlan([{ id: 'A', run: null, writes: ['a.txt'] }, { id: 'B', run: null, deps: ['A'], writes: ['b.txt'] }]),
        script: { A: [{ write: 'a.txt', text: 'a\n' }], B: [{ replace: 'a.txt', from: 'a', to: 'a and b' }, { write: 'b.txt', text: 'b\n' }] },
        config: how.length ? '' : 'isolation: shared\n',
      });
      writeFileSync(join(repo.dir, 'README.md'), 'uncommitted edit\n');
      const r = await squad(['run', ...how], repo.dir);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/isolation: worktree|merge /);
      const rec = onlyRecord(repo.dir);
      expect(rec.options.isolation).toBe('shared');
      expect(rec.tasks.every((t) => t.worktree === null)).toBe(true);
      expect(existsSync(join(repo.dir, '.squad', 'worktrees'))).toBe(false);
      expect(repo.git('log', '--format=%s', '--all')).toBe('initial');
      expect(repo.git('status', '--porcelain', '--untracked-files=all', '--', '.', ':(exclude).squad').split('\n').map((l) => l.trim()).sort()).toEqual(['?? a.txt', '?? b.txt', 'M README.md']);
      expect(readFileSync(join(repo.dir, 'a.txt'), 'utf8')).toBe('a and b\n');
    }
  });

  it('--into BRANCH merges there (created from the current head), leaving the branch the run started on alone', async () => {
    const repo = gitRepo({ plan: makePlan([{ id: 'A', run: null, writes: ['a.txt'] }]), script: { A: [{ write: 'a.txt', text: 'a\n' }] } });
    const r = await squad(['run', '--into', 'integration'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('merged into integration (switched from main)');
    expect(repo.git('log', '--format=%s', 'main')).toBe('initial');
    expect(repo.git('log', '--first-parent', '--format=%s', 'integration').split('\n')).toEqual(['squad: merge A Task A', 'initial']);
    expect(repo.git('symbolic-ref', '--short', 'HEAD')).toBe('integration');
    expect(onlyRecord(repo.dir).options.into).toBe('integration');
  });
});
