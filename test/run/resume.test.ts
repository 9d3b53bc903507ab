// kill -9 of the runner at random moments, then --resume: the state file always loads, every task ends
// done, and no task that the state recorded as finished ever starts again.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecord } from '../../src/run/record/record-file.js';
import { makePlan, repoWith, type TaskSpec } from './helpers/plan.js';
import { rng } from './helpers/random-dag.js';
import { alive, sleep, squad, startSquad, tempDir } from './helpers/cli.js';

function stateFile(dir: string): string | null {
  const runs = join(dir, '.squad', 'runs');
  if (!existsSync(runs)) return null;
  const ids = readdirSync(runs).filter((id) => existsSync(join(runs, id, 'state.json')));
  expect(ids.length).toBeLessThanOrEqual(1); // --resume continues the same run
  return ids.length ? join(runs, ids[0]!, 'state.json') : null;
}

describe('crash safety', () => {
  it('survives kill -9 at random moments; --resume finishes the work without rerunning finished tasks', async () => {
    const random = rng(20260223);
    // Two chains hidden among short independent tasks, each logging when it starts and ends.
    const specs: TaskSpec[] = [];
    for (let i = 0; i < 18; i++) {
      const deps = i % 6 !== 0 && i < 12 ? [`T${i - 1}`] : [];
      const ms = 40 + Math.floor(random() * 120);
      specs.push({ id: `T${i}`, deps, run: `echo "start $SQUAD_TASK_ID" >> journal; sleep ${ms / 1000}; echo "end $SQUAD_TASK_ID" >> journal` });
    }
    const dir = repoWith(tempDir(), makePlan(specs), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
    const journal = join(dir, 'journal');
    const read = () => (existsSync(journal) ? readFileSync(journal, 'utf8') : '');
    const checkpoints: { offset: number; finished: Set<string> }[] = [];
    const runnerPids: number[] = [];

    for (let round = 0; round < 6; round++) {
      const resume = stateFile(dir) !== null;
      const { child, done } = startSquad(resume ? ['run', '--resume', '--concurrency', '3'] : ['run', '--concurrency', '3'], dir);
      runnerPids.push(child.pid!);
      // Kill at a random moment after this round has made progress (one more task ended), not after a fixed time:
      // on a loaded machine a fixed time can land every kill before the first state write.
      const ends = (): number => (read().match(/^end /gm) ?? []).length;
      const before = ends();
      let exited = false;
      void done.then(() => (exited = true));
      const deadline = Date.now() + 30_000;
      while (!exited && ends() <= before && Date.now() < deadline) await sleep(10);
      await sleep(Math.floor(random() * 300));
      child.kill('SIGKILL');
      await done;
      const file = stateFile(dir);
      if (!file) continue; // killed before it wrote anything: the next round starts afresh
      const rec = loadRecord(file); // throws if a crash ever left a file that does not load
      const finished = new Set(rec.tasks.filter((t) => t.status === 'done' || t.status === 'closed').map((t) => t.id));
      checkpoints.push({ offset: read().length, finished });
    }

    const final = await squad(['run', '--resume'], dir);
    expect(final.code, final.stdout + final.stderr).toBe(0);
    const rec = loadRecord(stateFile(dir)!);
    expect(rec.tasks.every((t) => t.status === 'closed')).toBe(true);
    const lines = read();
    for (const s of specs) expect(lines).toContain(`end ${s.id}\n`);
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const cp of checkpoints) {
      const startedLater = [...lines.slice(cp.offset).matchAll(/^start (\S+)$/gm)].map((m) => m[1]!);
      expect(startedLater.filter((id) => cp.finished.has(id))).toEqual([]);
    }
    // Some work was interrupted and redone, or this test proved nothing.
    expect(checkpoints.some((cp) => cp.finished.size > 0 && cp.finished.size < specs.length)).toBe(true);
    expect(runnerPids.filter(alive)).toEqual([]);
  });

  it('stops what a killed run left running before running it again', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'echo "$$" >> pids; sleep 30' }]), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
    const { child, done } = startSquad(['run'], dir);
    const pidFile = join(dir, 'pids');
    while (!existsSync(pidFile)) await sleep(20);
    await sleep(100);
    child.kill('SIGKILL');
    await done;
    const orphan = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(orphan)).toBe(true); // detached: kill -9 of squad cannot take it along
    const second = startSquad(['run', '--resume'], dir);
    while (readFileSync(pidFile, 'utf8').trim().split('\n').length < 2) await sleep(20);
    expect(alive(orphan)).toBe(false);
    second.child.kill('SIGINT');
    expect((await second.done).code).toBe(130);
    const rec = loadRecord(stateFile(dir)!);
    expect(rec.tasks[0]!.attempts).toBe(2);
    expect(rec.tasks[0]!.status).toBe('pending');
  });

  it('--resume without an earlier run says so', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]));
    const r = await squad(['run', '--resume'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no earlier run of this plan to resume/);
  });
});
