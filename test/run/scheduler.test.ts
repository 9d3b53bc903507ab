import { describe, expect, it } from 'vitest';
import { simulate, type SimulatedSlot } from '../../src/schedule/simulate.js';
import { Scheduler, type ContinueMode } from '../../src/schedule/scheduler.js';
import { drive } from '../../src/schedule/drive.js';
import { VirtualExecutor } from '../../src/schedule/virtual-executor.js';
import type { SchedTask } from '../../src/schedule/graph.js';
import type { Exclusion } from '../../src/plan/schema.js';
import { randomDag } from './helpers/random-dag.js';

const overlaps = (a: SimulatedSlot, b: SimulatedSlot) => a.start < b.end && b.start < a.end;

function maxConcurrent(slots: SimulatedSlot[]): number {
  const points = slots.flatMap((s) => [[s.start, 1], [s.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of points) max = Math.max(max, (cur += d));
  return max;
}

describe('scheduler on a virtual clock', () => {
  it('never runs more than the concurrency cap, and respects every dependency', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const tasks = randomDag(seed, { tasks: 60, edgeChance: 0.05 });
      const concurrency = 1 + (seed % 5);
      const sim = await simulate(tasks, { concurrency, continueMode: 'never' });
      expect(sim.slots).toHaveLength(tasks.length);
      expect(maxConcurrent(sim.slots)).toBeLessThanOrEqual(concurrency);
      expect(Math.max(...sim.slots.map((s) => s.slot))).toBeLessThan(concurrency);
      const at = new Map(sim.slots.map((s) => [s.task, s]));
      for (const t of tasks) for (const d of t.deps) expect(at.get(t.id)!.start).toBeGreaterThanOrEqual(at.get(d)!.end);
      // Two tasks in one slot never overlap.
      for (const a of sim.slots) for (const b of sim.slots) if (a !== b && a.slot === b.slot) expect(overlaps(a, b)).toBe(false);
    }
  });

  it('starts the long chain first even when it comes last in the file, and beats file order', async () => {
    const short = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((id) => ({ id, deps: [], weight: 1, writes: [] }));
    const chain = ['C1', 'C2', 'C3', 'C4'].map((id, i) => ({ id, deps: i ? [`C${i}`] : [], weight: 1, writes: [] }));
    const tasks: SchedTask[] = [...short, ...chain];
    const sim = await simulate(tasks, { concurrency: 2, continueMode: 'never' });
    expect(sim.slots.find((s) => s.task === 'C1')!.start).toBe(0);
    expect(sim.makespan).toBe(5); // = lower bound max(4, 10 / 2)
    expect(sim.lowerBound).toBe(5);
    // File order (a FIFO ready queue) runs the six short tasks first and ends at 7.
    expect(fileOrderMakespan(tasks, 2)).toBe(7);
  });

  it('never overlaps two tasks that write the same file or that the plan excludes', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const tasks = randomDag(seed, { tasks: 50, edgeChance: 0.03, paths: 6, writeChance: 0.15 });
      const exclusions: Exclusion[] = [{ path: 'src/dir/', tasks: ['T1', 'T2'] }, { path: 'lib/**', tasks: ['T3', 'T4'] }];
      const sim = await simulate(tasks, { concurrency: 4, continueMode: 'never', exclusions });
      const writes = new Map(tasks.map((t) => [t.id, new Set(t.writes)]));
      for (const a of sim.slots) {
        for (const b of sim.slots) {
          if (a === b || !overlaps(a, b)) continue;
          const shared = [...writes.get(a.task)!].filter((p) => writes.get(b.task)!.has(p));
          expect(shared, `${a.task} and ${b.task} overlap`).toEqual([]);
          expect(exclusions.some(({ tasks: [x, y] }) => (x === a.task && y === b.task) || (x === b.task && y === a.task))).toBe(false);
        }
      }
    }
  });

  it('keeps an excluded pair apart without keeping anyone else apart, and the tasks of a mutex one at a time', async () => {
    // X writes the directory, Y and Z one file each below it: the plan excludes X from each; Y and Z may overlap.
    const tree: SchedTask[] = [
      { id: 'X', deps: [], weight: 1, writes: ['src/components/'] },
      { id: 'Y', deps: [], weight: 1, writes: ['src/components/a.tsx'] },
      { id: 'Z', deps: [], weight: 1, writes: ['src/components/b.tsx'] },
    ];
    const exclusions: Exclusion[] = [{ path: 'src/components/', tasks: ['X', 'Y'] }, { path: 'src/components/', tasks: ['X', 'Z'] }];
    const sim = await simulate(tree, { concurrency: 3, continueMode: 'never', exclusions });
    expect(sim.makespan).toBe(2);
    const at = new Map(sim.slots.map((s) => [s.task, s]));
    expect(at.get('Y')!.start).toBe(at.get('Z')!.start);
    // A mutex holds even where the tasks' file lists do not say they share the file.
    const hot: SchedTask[] = ['M1', 'M2', 'M3'].map((id) => ({ id, deps: [], weight: 1, writes: [] }));
    const serial = await simulate(hot, { concurrency: 3, continueMode: 'never', mutexes: [{ path: 'package.json', tasks: ['M1', 'M2', 'M3'] }] });
    expect(serial.makespan).toBe(3);
  });

  it('treats "./src/a.ts" and "src/a.ts" as the same file', async () => {
    const tasks = [
      { id: 'X', deps: [], weight: 1, writes: ['./src/a.ts'] },
      { id: 'Y', deps: [], weight: 1, writes: ['src//a.ts'] },
    ];
    const sim = await simulate(tasks, { concurrency: 2, continueMode: 'never' });
    expect(sim.makespan).toBe(2);
  });

  describe('--continue modes', () => {
    // F fails; B needs F; D needs B; C is independent. Concurrency 1 so F (longest chain) goes first.
    const tasks: SchedTask[] = [
      { id: 'F', deps: [], weight: 1, writes: [] },
      { id: 'B', deps: ['F'], weight: 1, writes: [] },
      { id: 'D', deps: ['B'], weight: 1, writes: [] },
      { id: 'C', deps: [], weight: 1, writes: [] },
    ];
    async function run(mode: ContinueMode) {
      const s = new Scheduler(tasks, { concurrency: 1, continueMode: mode });
      const ran: string[] = [];
      await drive(s, new VirtualExecutor(undefined, (t) => t.id === 'F'), { onStart: (st) => ran.push(st.task.id) });
      return { s, ran };
    }

    it('never: starts nothing after the failure', async () => {
      const { s, ran } = await run('never');
      expect(ran).toEqual(['F']);
      expect(s.halted).toMatch(/F failed/);
      expect(['B', 'C', 'D'].map((id) => s.stateOf(id))).toEqual(['waiting', 'ready', 'waiting']);
    });

    it('dependencies-successful: skips only what depends on the failure', async () => {
      const { s, ran } = await run('dependencies-successful');
      expect(ran).toEqual(['F', 'C']);
      expect(s.stateOf('B')).toBe('skipped');
      expect(s.stateOf('D')).toBe('skipped');
      expect(s.reasonOf('D')).toBe('dependency F failed');
      expect(s.stateOf('C')).toBe('done');
    });

    it('always: runs everything, dependents of the failure included', async () => {
      const { s, ran } = await run('always');
      expect(ran.sort()).toEqual(['B', 'C', 'D', 'F']);
      expect(s.counts()).toEqual({ waiting: 0, running: 0, done: 3, failed: 1, skipped: 0 });
    });
  });

  it('does not run tasks already done and releases what waits on them', async () => {
    const tasks: SchedTask[] = [
      { id: 'A', deps: [], weight: 5, writes: [] },
      { id: 'B', deps: ['A'], weight: 2, writes: [] },
    ];
    const sim = await simulate(tasks, { concurrency: 2, continueMode: 'never', done: ['A'] });
    expect(sim.slots).toEqual([{ task: 'B', start: 0, end: 2, slot: 0 }]);
    expect(sim.totalWork).toBe(2);
    // A whole finished chain, listed in any order, runs nothing.
    const all = await simulate(tasks, { concurrency: 2, continueMode: 'never', done: ['A', 'B'] });
    expect(all.slots).toEqual([]);
    const reversed = await simulate(tasks, { concurrency: 2, continueMode: 'never', done: ['B', 'A'] });
    expect(reversed.slots).toEqual([]);
  });
});

/** A ready queue in file order, for comparison only. */
function fileOrderMakespan(tasks: SchedTask[], concurrency: number): number {
  const end = new Map<string, number>();
  const running: { id: string; end: number }[] = [];
  let now = 0;
  const left = [...tasks];
  while (left.length > 0 || running.length > 0) {
    for (let i = 0; i < left.length && running.length < concurrency; ) {
      const t = left[i]!;
      if (t.deps.every((d) => end.has(d) && end.get(d)! <= now)) {
        running.push({ id: t.id, end: now + t.weight });
        left.splice(i, 1);
      } else i++;
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    end.set(next.id, next.end);
  }
  return now;
}

describe('tasks added while the scheduler runs (squad add during a run)', () => {
  const t = (id: string, deps: string[] = [], writes: string[] = [], weight = 1): SchedTask => ({ id, deps, weight, writes });
  const started = (s: Scheduler) => s.takeStartable().map((x) => x.task.id);

  it('a new ready task starts in a free slot; one waiting on a running task starts when it ends', () => {
    const s = new Scheduler([t('A'), t('B', ['A'])], { concurrency: 2, continueMode: 'never' });
    expect(started(s)).toEqual(['A']);
    expect(s.add([t('N1'), t('N2', ['A'])])).toEqual([]);
    expect(started(s)).toEqual(['N1']);
    expect(s.stateOf('N2')).toBe('waiting');
    s.finish('A', true);
    // B and N2 both waited for A; one slot is free (N1 runs).
    expect(started(s)).toHaveLength(1);
    s.finish('N1', true);
    expect(started(s)).toHaveLength(1);
    expect(['B', 'N2'].map((id) => s.stateOf(id)).sort()).toEqual(['running', 'running']);
  });

  it('keeps a new task apart from a running one that writes the same file, and ranks it by its path', () => {
    const s = new Scheduler([t('A', [], ['src/x.ts']), t('B')], { concurrency: 3, continueMode: 'never' });
    expect(started(s).sort()).toEqual(['A', 'B']);
    s.add([t('N', [], ['src/x.ts'])]);
    expect(started(s)).toEqual([]);
    s.finish('A', true);
    expect(started(s)).toEqual(['N']);
    // A long new chain outranks short ready work.
    const p = new Scheduler([t('S1'), t('S2'), t('S3')], { concurrency: 1, continueMode: 'never' });
    expect(started(p)).toEqual(['S1']);
    p.add([t('L1', [], [], 1), t('L2', ['L1'], [], 50)]);
    p.finish('S1', true);
    expect(started(p)).toEqual(['L1']);
  });

  it('skips a new task whose dependency failed (dependencies-successful), runs it anyway under always', () => {
    for (const [mode, expected] of [['dependencies-successful', 'skipped'], ['always', 'ready']] as const) {
      const s = new Scheduler([t('A'), t('B')], { concurrency: 1, continueMode: mode });
      expect(started(s)).toEqual(['A']);
      s.finish('A', false, 'exit 1');
      expect(s.add([t('N', ['A'])])).toEqual(mode === 'always' ? [] : ['N']);
      expect(s.stateOf('N'), mode).toBe(expected);
    }
  });

  it('drive starts an added task without waiting for a running one to end', async () => {
    const s = new Scheduler([t('A')], { concurrency: 2, continueMode: 'never' });
    let endA!: () => void;
    const ends: Promise<{ id: string; ok: boolean }>[] = [];
    const startedIds: string[] = [];
    let wake!: () => void;
    let added = new Promise<void>((r) => (wake = r));
    const executor = {
      start: (task: SchedTask) => {
        startedIds.push(task.id);
        if (task.id === 'A') ends.push(new Promise((r) => (endA = () => r({ id: 'A', ok: true }))));
        else ends.push(Promise.resolve({ id: task.id, ok: true }).then((c) => (endA(), c)));
      },
      next: () => ends.shift()!,
    };
    const run = drive(s, executor, { added: () => added });
    await Promise.resolve();
    expect(startedIds).toEqual(['A']);
    s.add([t('N')]);
    wake();
    added = new Promise<void>(() => {}); // as launch-group does: the next wake is a new promise
    await run;
    // N started while A was still running (A ended only because N's end released it).
    expect(startedIds).toEqual(['A', 'N']);
    expect(s.counts()).toMatchObject({ done: 2, running: 0 });
  });
});
