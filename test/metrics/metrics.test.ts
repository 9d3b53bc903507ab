// squad metrics against a hand-computed run: a small plan with known sleeps, two agent types, a failure and a file
// exclusion, run with two slots; every figure is worked out here from the run record's and the journal's
// timestamps by the definitions in README, and compared with what `squad metrics --json` reports.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { squad, tempDir } from '../run/helpers/cli.js';

type Rec = { runId: string; createdAt: string; runner: { pid: number }; tasks: Array<{ id: string; status: string; startedAt: string; endedAt: string }> };
type Ev = { at: string; event: string; task: string; by: { name: string; pid: number } };

const TASKS = [
  '# Tasks',
  '',
  '- [ ] T001 Write the schema ~1m',
  '  - Agent: backend-architect',
  '  - run: `sleep 0.3`',
  '  - Modify: `out.txt`',
  '- [ ] T002 Fill the tables ~1m (depends on T001)',
  '  - Agent: backend-architect',
  '  - run: `sleep 0.6`',
  '- [ ] T003 Draw the page ~2m',
  '  - Agent: frontend-developer',
  '  - run: `sleep 0.5`',
  '  - Modify: `out.txt`',
  '- [ ] T004 Style the page ~1m',
  '  - Agent: frontend-developer',
  '  - run: `sleep 0.2; exit 3`',
  '',
].join('\n');

const t = (iso: string) => Date.parse(iso);
const nearestRank = (sorted: number[], p: number) => sorted[Math.ceil(p * sorted.length) - 1];

async function compiled(): Promise<string> {
  const dir = tempDir('squad-metrics-');
  writeFileSync(join(dir, 'tasks.md'), TASKS);
  writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "true"\n');
  const r = await squad(['allocate', 'tasks.md', '--order', 'explicit'], dir);
  expect(r.code, r.stderr).toBe(0);
  const plan = JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8'));
  expect(plan.tasks.map((x: { id: string; deps: string[]; agent: string; estimateMinutes: number }) => [x.id, x.deps, x.agent, x.estimateMinutes])).toEqual([
    ['T001', [], 'backend-architect', 1],
    ['T002', ['T001'], 'backend-architect', 1],
    ['T003', [], 'frontend-developer', 2],
    ['T004', [], 'frontend-developer', 1],
  ]);
  expect(plan.exclusions).toEqual([{ path: 'out.txt', tasks: ['T001', 'T003'] }]);
  return dir;
}

function journal(dir: string): Ev[] {
  const coord = join(dir, '.squad', 'coord');
  return readFileSync(join(coord, readdirSync(coord)[0]!, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('squad metrics', { timeout: 180_000 }, () => {
  it('reports the figures of a run worked out by hand from its record and journal', async () => {
    const dir = await compiled();
    const r = await squad(['run', '--isolation', 'shared', '--concurrency', '2', '--continue', 'always'], dir);
    expect(r.code, r.stdout + r.stderr).not.toBe(0); // T004 fails
    const runs = readdirSync(join(dir, '.squad', 'runs'));
    const rec: Rec = JSON.parse(readFileSync(join(dir, '.squad', 'runs', runs[0]!, 'state.json'), 'utf8'));
    const task = (id: string) => rec.tasks.find((x) => x.id === id)!;
    expect(rec.tasks.map((x) => [x.id, x.status])).toEqual([['T001', 'done'], ['T002', 'done'], ['T003', 'done'], ['T004', 'failed']]); // a failure: no tests, nothing closed
    const d = (id: string) => t(task(id).endedAt) - t(task(id).startedAt);
    const start = Math.min(...rec.tasks.map((x) => t(x.startedAt)));
    const end = Math.max(...rec.tasks.map((x) => t(x.endedAt)));
    const makespan = end - start;
    const work = d('T001') + d('T002') + d('T003') + d('T004');

    // Claim latency: ready at the run's start, or (T002) when T001 ended; the run claimed each task once.
    const claims = journal(dir).filter((e) => e.event === 'claim' && e.by.pid === rec.runner.pid);
    expect(claims.map((e) => e.task).sort()).toEqual(['T001', 'T002', 'T003', 'T004']);
    const latencies = claims.map((e) => t(e.at) - (e.task === 'T002' ? t(task('T001').endedAt) : t(rec.createdAt))).sort((a, b) => a - b);

    // T001 and T003 write out.txt: whichever started second waited, from the run's start, while the other ran.
    const [first, second] = t(task('T001').startedAt) <= t(task('T003').startedAt) ? ['T001', 'T003'] : ['T003', 'T001'];
    const waited = Math.min(t(task(second!).startedAt), t(task(first!).endedAt)) - Math.max(start, t(task(first!).startedAt));
    expect(t(task(second!).startedAt)).toBeGreaterThanOrEqual(t(task(first!).endedAt)); // never at once
    expect(waited).toBeGreaterThan(0);

    const m = await squad(['metrics', '--json'], dir);
    expect(m.code, m.stderr).toBe(0);
    const { runs: [run], overall } = JSON.parse(m.stdout);
    expect(run).toMatchObject({
      runId: rec.runId,
      status: 'failed',
      tasks: 4,
      makespanMs: makespan,
      // The run covered the whole plan, so plan.json's prediction (from the estimates) is the one to compare with.
      predictedMs: JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8')).schedule.makespanMinutes * 60_000,
      lowerBoundMs: Math.max(d('T001') + d('T002'), d('T003'), d('T004')),
      workMs: work,
      concurrency: 2,
      claimLatency: { count: 4, p50Ms: nearestRank(latencies, 0.5), p99Ms: nearestRank(latencies, 0.99) },
      claimsLostToRaces: 0,
      staleTakeovers: 0,
      exclusionWaits: { count: 1, totalMs: waited },
      ownershipViolations: 0,
      mergeConflicts: 0,
      byAgentType: [
        { agent: 'backend-architect', tasks: 2, durationMs: d('T001') + d('T002'), meanMs: (d('T001') + d('T002')) / 2, failed: 0, failureRate: 0, estimateAccuracy: (d('T001') / 60_000 + d('T002') / 60_000) / 2, estimated: 2 },
        { agent: 'frontend-developer', tasks: 2, durationMs: d('T003') + d('T004'), meanMs: (d('T003') + d('T004')) / 2, failed: 1, failureRate: 0.5, estimateAccuracy: d('T003') / 120_000, estimated: 1 },
      ],
    });
    expect(run.parallelism).toBeCloseTo(work / makespan, 10);
    expect(run.efficiency).toBeCloseTo(work / makespan / 2, 10);
    // One run: the figures over all runs are the same.
    expect(overall).toMatchObject({ tasks: 4, makespanMs: makespan, workMs: work, lowerBoundMs: run.lowerBoundMs, exclusionWaits: run.exclusionWaits });
    expect(overall.efficiency).toBeCloseTo(work / (makespan * 2), 10);

    const text = await squad(['metrics', '--run', rec.runId], dir);
    expect(text.stdout).toContain(`run ${rec.runId} (failed, ${rec.createdAt})`);
    expect(text.stdout).toContain(`tasks 4; makespan ${(makespan / 1000).toFixed(2)}s`);
    expect(text.stdout).toMatch(/frontend-developer: 2 task\(s\), .*failure rate 50%/);
    expect(await squad(['metrics', '--run', 'nope'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^squad: no run 'nope' of this plan; runs: \S+\n$/) });
  });

  it('counts a stale takeover and measures hand-made claims from their dependencies being done', async () => {
    const dir = await compiled();
    const holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    await once(holder, 'spawn');
    expect((await squad(['claim', 'T001', '--as', 'alice'], dir, { SQUAD_SESSION_PID: String(holder.pid) })).code).toBe(0);
    const exited = once(holder, 'exit');
    holder.kill('SIGKILL');
    await exited;
    expect((await squad(['claim', 'T001', '--as', 'bob'], dir)).code).toBe(0);
    expect((await squad(['done', 'T001', '--as', 'bob'], dir)).code).toBe(0);
    expect((await squad(['claim', 'T002', '--as', 'carol'], dir)).code).toBe(0);
    const events = journal(dir);
    const doneT1 = events.find((e) => e.event === 'done' && e.task === 'T001')!;
    const claimT2 = events.find((e) => e.event === 'claim' && e.task === 'T002')!;
    expect(events.filter((e) => e.event === 'takeover')).toHaveLength(1);
    const { runs, overall } = JSON.parse((await squad(['metrics', '--json'], dir)).stdout);
    expect(runs).toEqual([]);
    // Only T002's claim has a moment it became ready outside a run: T001's claims have no dependency.
    expect(overall).toMatchObject({ staleTakeovers: 1, claimsLostToRaces: 0, claimLatency: { count: 1, p50Ms: t(claimT2.at) - t(doneT1.at), p99Ms: t(claimT2.at) - t(doneT1.at) } });
    expect((await squad(['metrics'], dir)).stdout).toBe("tasks.md: no runs yet; 'squad run' records one\n");
  });
});
