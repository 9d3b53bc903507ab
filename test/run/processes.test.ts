// Process trees: Ctrl-C and SIGTERM leave nothing behind, timeouts stop whole groups.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecord } from '../../src/run/record/record-file.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { alive, sleep, squad, startSquad, tempDir, until } from './helpers/cli.js';

const pidsIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('pid-'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split(/\s+/).map(Number));

function lastRecord(dir: string) {
  const runs = readdirSync(join(dir, '.squad', 'runs')).sort();
  return loadRecord(join(dir, '.squad', 'runs', runs[runs.length - 1]!, 'state.json'));
}

// Each task starts two background sleepers of its own plus a foreground one, and writes all their pids.
const tree = (id: string) => `sleep 30 & a=$!; sleep 30 & b=$!; sleep 30 & c=$!; echo "$$ $a $b $c" > pid-${id}; wait`;

describe('process groups', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} stops every running task and the children they started, and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const dir = repoWith(
        tempDir(),
        makePlan([
          { id: 'A', run: tree('A') },
          { id: 'B', run: tree('B') },
          { id: 'C', deps: ['A'], run: 'touch C' },
        ]),
        'timeouts:\n  graceSeconds: 2\n',
      );
      const { child, done } = startSquad(['run'], dir);
      await until(() => existsSync(join(dir, 'pid-A')) && existsSync(join(dir, 'pid-B')), 10_000, 'tasks to start');
      await sleep(50);
      const pids = pidsIn(dir);
      expect(pids).toHaveLength(8);
      expect(pids.every(alive)).toBe(true);
      child.kill(signal);
      const r = await done;
      expect(r.code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(pids.filter(alive)).toEqual([]);
      const rec = lastRecord(dir);
      expect(rec.status).toBe('interrupted');
      // Interrupted tasks go back to pending for --resume; C never started.
      expect(rec.tasks.map((t) => t.status)).toEqual(['pending', 'pending', 'pending']);
      expect(existsSync(join(dir, 'C'))).toBe(false);
    });
  }

  it('a second Ctrl-C kills at once a task that ignores SIGTERM', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([{ id: 'A', run: `trap '' TERM; sleep 30 & echo "$$ $!" > pid-A; wait; wait` }]),
      'timeouts:\n  graceSeconds: 60\n',
    );
    const { child, done } = startSquad(['run'], dir);
    await until(() => existsSync(join(dir, 'pid-A')), 10_000, 'task to start');
    const pids = pidsIn(dir);
    const t0 = Date.now();
    child.kill('SIGINT');
    await sleep(300);
    expect(pids.some(alive)).toBe(true); // the shell ignores SIGTERM and the grace period is 60 s
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('the inactivity timeout stops a task that hangs silently, with its children', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'HANG', run: 'echo started; sleep 30 & echo "$$ $!" > pid-HANG; wait' },
        { id: 'CHATTY', run: 'for i in 1 2 3 4 5 6 7 8; do echo tick $i; sleep 0.1; done' },
      ]),
      'timeouts:\n  inactivityMinutes: 0.005\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n',
    );
    const t0 = Date.now();
    const r = await squad(['run', '--continue', 'always'], dir);
    expect(r.code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const rec = lastRecord(dir);
    const hang = rec.tasks.find((t) => t.id === 'HANG')!;
    expect(hang.status).toBe('failed');
    expect(hang.reason).toBe('stopped: no output within the inactivity timeout');
    // Printing every 100 ms keeps a 300 ms inactivity limit happy for 800 ms.
    expect(rec.tasks.find((t) => t.id === 'CHATTY')!.status).toBe('done');
    expect(pidsIn(dir).filter(alive)).toEqual([]);
  });

  it('the task timeout stops a task that runs too long even while it prints', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([{ id: 'LONG', run: 'echo "$$" > pid-LONG; while true; do echo busy; sleep 0.05; done' }]),
      'timeouts:\n  taskMinutes: 0.005\n  graceSeconds: 1\n',
    );
    const r = await squad(['run'], dir);
    expect(r.code).toBe(3);
    expect(lastRecord(dir).tasks[0]!.reason).toBe('stopped: task timeout');
    expect(pidsIn(dir).filter(alive)).toEqual([]);
  });

  it('a task that exits leaving a background child behind does not leave it running', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'sleep 30 & echo "$!" > pid-A; exit 0' }]), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
    const r = await squad(['run'], dir);
    expect(r.code).toBe(0);
    expect(pidsIn(dir).filter(alive)).toEqual([]);
  });
});
