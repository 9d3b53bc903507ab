// Stopping a worktree run: Ctrl-C leaves no process and no worktree it does not report; kill -9 between two
// merges, then --resume, merges every task exactly once and runs the unfinished one again.
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from './helpers/plan.js';
import { gitRepo } from './helpers/git-repo.js';
import { alive, squad, startSquad, until } from './helpers/cli.js';
import { onlyRecord } from './helpers/record.js';

/** The task's worktree stage in the run's record as it is on disk now (null before there is one). */
function stageOf(dir: string, id: string): string | null {
  const runs = join(dir, '.squad', 'runs');
  if (!existsSync(runs) || readdirSync(runs).length === 0) return null;
  return onlyRecord(dir).tasks.find((t) => t.id === id)?.worktree?.stage ?? null;
}

const mergesOf = (git: (...a: string[]) => string, id: string) => git('log', '--first-parent', '--format=%s', 'main').split('\n').filter((s) => s === `squad: merge ${id} Task ${id}`).length;

describe('stopping a worktree run', { timeout: 120_000 }, () => {
  it('Ctrl-C stops the agents and reports every worktree left; --resume discards the unfinished one and runs it again', async () => {
    const repo = gitRepo({
      plan: makePlan([{ id: 'A', run: null, writes: ['a.txt'] }, { id: 'B', run: null, writes: ['b.txt'] }]),
      script: (s) => ({ A: [{ touch: s('A-pid') }, { waitFor: s('A-go') }, { write: 'a.txt', text: 'a\n' }], B: [{ write: 'b.txt', text: 'b\n' }] }),
    });
    const s = (name: string) => join(repo.signals, name);
    const { child, done } = startSquad(['run'], repo.dir);
    await until(() => existsSync(s('A-pid')) && stageOf(repo.dir, 'B') === 'merged', 30_000, 'A to start and B to merge');
    const agentPid = Number(readFileSync(s('A-pid'), 'utf8'));
    expect(alive(agentPid)).toBe(true);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    expect(alive(agentPid)).toBe(false);
    const rec = onlyRecord(repo.dir);
    expect(rec.tasks.find((t) => t.id === 'A')).toMatchObject({ status: 'pending', worktree: { stage: 'created', removed: false } });
    // Every worktree still on disk is reported, with where it is and how to look at it.
    const left = readdirSync(join(repo.dir, '.squad', 'worktrees', rec.runId));
    expect(left).toEqual(['A']);
    expect(r.stdout).toMatch(new RegExp(`kept A \\(pending\\): \\.squad/worktrees/${rec.runId}/A on squad/${rec.runId}/A`));
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(2);

    writeFileSync(s('A-go'), '');
    const resumed = await squad(['run', '--resume'], repo.dir);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resume: A had not finished: its worktree and branch are discarded, it runs again');
    expect(mergesOf(repo.git, 'A')).toBe(1);
    expect(mergesOf(repo.git, 'B')).toBe(1);
    expect(onlyRecord(repo.dir).tasks.find((t) => t.id === 'A')).toMatchObject({ status: 'closed', attempts: 2, worktree: { stage: 'merged', removed: true } });
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('branch', '--format=%(refname:short)')).toBe('main');

  });

  it('kill -9 between two merges, then --resume: each task is merged exactly once', async () => {
    const repo = gitRepo({
      plan: makePlan([
        { id: 'A', run: null, writes: ['a.txt'] },
        { id: 'B', run: null, writes: ['b.txt'] },
        { id: 'C', run: null, writes: ['c.txt'] },
      ]),
      script: (s) => ({ A: [{ write: 'a.txt', text: 'a\n' }], B: [{ write: 'b.txt', text: 'b\n' }], C: [{ waitFor: s('C-go') }, { write: 'c.txt', text: 'c\n' }] }),
    });
    const s = (name: string) => join(repo.signals, name);
    // git runs this before it makes a merge commit: the second merge waits until the test lets it go, so
    // squad can be killed while it is under way.
    const hook = join(repo.dir, '.git', 'hooks', 'pre-merge-commit');
    writeFileSync(
      hook,
      `#!/bin/sh
S='${repo.signals}'
n=$(( $(cat "$S/merges" 2>/dev/null || echo 0) + 1 ))
echo $n > "$S/merges"
if [ "$n" = 2 ]; then
  echo $PPID > "$S/git-pid"
  touch "$S/merge-held"
  i=0
  while [ ! -f "$S/merge-release" ] && [ $i -lt 3000 ]; do sleep 0.02; i=$((i + 1)); done
fi
exit 0
`,
    );
    chmodSync(hook, 0o755);
    const { child, done } = startSquad(['run'], repo.dir);
    await until(() => existsSync(s('merge-held')), 30_000, 'the second merge to start');
    const before = onlyRecord(repo.dir);
    const stages = before.tasks.map((t) => t.worktree?.stage);
    expect(stages.filter((x) => x === 'merged')).toHaveLength(1);
    expect(stages.filter((x) => x === 'finished')).toHaveLength(1);
    child.kill('SIGKILL');
    await done;
    // The orphaned git finishes the merge the killed squad never recorded (and may die of SIGPIPE writing its
    // summary to the dead squad before it cleans up MERGE_HEAD: --resume must cope with that too).
    const gitPid = Number(readFileSync(s('git-pid'), 'utf8'));
    writeFileSync(s('merge-release'), '');
    await until(() => !alive(gitPid), 30_000, 'the orphaned git merge to end');
    expect(repo.git('rev-list', '--merges', '--count', 'main')).toBe('2');

    writeFileSync(s('C-go'), '');
    const r = await squad(['run', '--resume'], repo.dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const id of ['A', 'B', 'C']) expect(mergesOf(repo.git, id), id).toBe(1);
    // The merge the orphaned git made was found on main and recorded, not made again.
    expect(r.stdout).toMatch(/merge [AB] into main: nothing to merge \(already there\)/);
    const rec = onlyRecord(repo.dir);
    expect(rec.tasks.map((t) => [t.id, t.status, t.worktree?.stage, t.worktree?.removed])).toEqual([
      ['A', 'closed', 'merged', true],
      ['B', 'closed', 'merged', true],
      ['C', 'closed', 'merged', true],
    ]);
    expect(rec.tasks.find((t) => t.id === 'C')!.attempts).toBe(2);
    expect(repo.git('branch', '--format=%(refname:short)')).toBe('main');
    expect(readFileSync(join(repo.dir, 'c.txt'), 'utf8')).toBe('c\n');
  });
});
