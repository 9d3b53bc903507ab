// A task's processes that leave its process group (setsid, a double fork, a cleared environment) do not
// outlive the task: not when it exits 0, fails, times out, or squad is stopped by Ctrl-C or SIGTERM.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TaskTree } from '../../src/process/escapees.js';
import type { ProcEntry } from '../../src/process/proc.js';
import { loadRecord } from '../../src/run/record/record-file.js';
import { makePlan, repoWith, type TaskSpec } from './helpers/plan.js';
import { alive, builtCli, squad, startSquad, tempDir, until } from './helpers/cli.js';
import { pidsSince } from '../../src/process/process-group.js';

const CONFIG = 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n';

// A shell loop bounded in count and time: wait for a file a background process writes.
const waitFor = (file: string) => `for i in $(seq 400); do [ -s ${file} ] && break; sleep 0.05; done`;

/**
 * Leaves `sleep 1000` in a session of its own (setsid), writes its pid to pid-<id>, then does `then`. The task
 * may end before the child has called setsid (then it dies with the group): squad stops it either way.
 */
const setsidChild = (id: string, then: string) => `setsid sleep 1000 & echo $! > pid-${id}; ${then}`;
/** The same, but `then` runs only once the child has left the group: it surely escaped. */
const escapedChild = (id: string, then: string) => `setsid sh -c 'echo $$ > pid-${id}; exec sleep 1000' & ${waitFor(`pid-${id}`)}; ${then}`;
/** Double fork: the sleeper's parent is a setsid shell whose own parent already exited (re-parented to init). */
const doubleFork = (id: string, then: string) => `(setsid sh -c 'sleep 1000 & echo $! > pid-${id}; wait' &); ${waitFor(`pid-${id}`)}; ${then}`;
/** The sleeper clears its environment (no marker): only what squad saw while the task ran can find it. */
const clearedEnv = (id: string, then: string) => `setsid env -i sleep 1000 & echo $! > pid-${id}; sleep 3; ${then}`;

const dirs: string[] = [];
const pidsIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('pid-'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split(/\s+/).map((pid) => ({ file: f, pid: Number(pid) })));

/** Every process whose environment carries a marker of this run (SQUAD_TASK_RUN=<run>:<task>). */
function markedProcesses(runId: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || !alive(Number(name))) continue;
    let env: string[];
    try {
      env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (env.some((e) => e.startsWith(`SQUAD_TASK_RUN=${runId}:`))) out.push(Number(name));
  }
  return out;
}

function runIdOf(dir: string): string {
  const runs = readdirSync(join(dir, '.squad', 'runs'));
  expect(runs).toHaveLength(1);
  return loadRecord(join(dir, '.squad', 'runs', runs[0]!, 'state.json')).runId;
}

/** After squad exited: every sleeper written down is gone, and no process carries the run's marker. */
async function expectNothingLeft(dir: string, sleepers: number): Promise<void> {
  const pids = pidsIn(dir);
  expect(pids.map((p) => p.file).sort()).toHaveLength(sleepers);
  const runId = runIdOf(dir);
  // SIGKILL is delivered at once but a process takes a moment to go: a generous bound, polled.
  await until(() => pids.every((p) => !alive(p.pid)) && markedProcesses(runId).length === 0, 15_000, 'the escaped processes to be gone').catch(() => {});
  expect(pids.filter((p) => alive(p.pid))).toEqual([]);
  expect(markedProcesses(runId)).toEqual([]);
}

function repo(specs: TaskSpec[], config = CONFIG): string {
  const dir = repoWith(tempDir('squad-escape-'), makePlan(specs), config);
  dirs.push(dir);
  return dir;
}

// A failing test must not leave sleepers behind on the machine: only the pids these tests wrote, and only sleep.
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    for (const { pid } of pidsIn(dir)) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmd.startsWith('sleep\0') && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
});

describe('processes that escape the task process group', () => {
  // Building the CLI on a loaded machine can take longer than a test may.
  beforeAll(() => void builtCli(), 300_000);

  it('are stopped when the task ends, well or badly: setsid, a double fork, a cleared environment; and squad says so', async () => {
    const dir = repo([
      { id: 'A', run: setsidChild('A', 'echo bye') },
      { id: 'B', run: doubleFork('B', 'echo bye') },
      { id: 'C', run: clearedEnv('C', 'echo bye') },
      { id: 'D', run: escapedChild('D', 'exit 3') },
    ]);
    const r = await squad(['run', '--continue', 'always'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    const rec = loadRecord(join(dir, '.squad', 'runs', runIdOf(dir), 'state.json'));
    expect(rec.tasks.map((t) => [t.id, t.status])).toEqual([['A', 'done'], ['B', 'done'], ['C', 'done'], ['D', 'failed']]);
    await expectNothingLeft(dir, 4);
    // Those that surely escaped are named, in the report and in the task's log (D may not have exec'd sleep yet).
    for (const id of ['B', 'C', 'D']) {
      const pid = Number(readFileSync(join(dir, `pid-${id}`), 'utf8'));
      expect(r.stdout).toMatch(new RegExp(`${id}: stopped what it left running outside its process group: .*\\b${pid} (sleep 1000|sh -c)`));
      const log = readFileSync(join(dir, '.squad', 'runs', rec.runId, 'logs', `${id}.log`), 'utf8');
      expect(log).toMatch(new RegExp(`# squad stopped what the task left running outside its process group: .*\\b${pid} (sleep 1000|sh -c)`));
    }
  }, 60_000);

  it('are stopped when the task times out', async () => {
    const dir = repo([{ id: 'A', run: setsidChild('A', 'sleep 30') }], 'timeouts:\n  taskMinutes: 0.02\n  graceSeconds: 1\n');
    const r = await squad(['run'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/task timeout/);
    await expectNothingLeft(dir, 1);
  }, 60_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`are stopped when squad gets ${signal}`, async () => {
      const dir = repo([
        { id: 'A', run: setsidChild('A', 'sleep 30') },
        { id: 'B', run: doubleFork('B', 'sleep 30') },
      ]);
      const { child, done } = startSquad(['run'], dir);
      await until(() => existsSync(join(dir, 'pid-A')) && existsSync(join(dir, 'pid-B')), 20_000, 'the tasks to start their sleepers');
      child.kill(signal);
      const r = await done;
      expect(r.code, r.stdout + r.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
      await expectNothingLeft(dir, 2);
    }, 60_000);
  }

  it('left by a squad killed with -9 are stopped by --resume before the task runs again', async () => {
    const dir = repo([{ id: 'A', run: 'setsid sleep 1000 & echo $! >> pid-A; sleep 30' }]);
    const first = startSquad(['run'], dir);
    const pidFile = join(dir, 'pid-A');
    const sleepers = () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);
    await until(() => sleepers().length === 1, 20_000, 'the task to start its sleeper');
    first.child.kill('SIGKILL');
    await first.done;
    const [orphan] = sleepers();
    expect(alive(orphan!)).toBe(true); // nothing of squad is left to stop it
    const second = startSquad(['run', '--resume'], dir);
    await until(() => sleepers().length === 2, 30_000, 'the task to run again');
    const orphanLived = alive(orphan!);
    second.child.kill('SIGINT');
    const r = await second.done;
    expect(orphanLived, r.stdout + r.stderr).toBe(false); // stopped before the task ran again
    expect(r.code, r.stdout + r.stderr).toBe(130);
    // A kill -9 before the task's start reached the record leaves it pending there: then its whole group is found by the marker too.
    expect(r.stdout).toMatch(new RegExp(`stopped what the previous run left running: A \\(found by their task's marker: (.*, )?${orphan} sleep 1000[,)]`));
    await expectNothingLeft(dir, 2);
  }, 60_000);
});

// Which processes a task owns, on made-up /proc snapshots: nothing here reads or signals a real process.
describe('TaskTree', () => {
  const proc = (pid: number, o: Partial<ProcEntry> = {}): ProcEntry => ({ pid, ppid: 1, pgrp: pid, session: pid, startTicks: 100, state: 'S', ...o });
  const root = { pid: 500, startTicks: 100 };
  const ids = (ps: ProcEntry[]) => ps.map((p) => p.pid).sort((a, b) => a - b);
  const noEnv = () => null;

  it('finds children of its processes and members of its sessions, but not its own group (killed whole)', () => {
    const tree = new TaskTree(root, null, 9999);
    const snap = [
      proc(500),
      proc(501, { ppid: 500, pgrp: 500, session: 500 }), // in the group
      proc(502, { ppid: 500, pgrp: 502, session: 502 }), // setsid child, parent still there
      proc(503, { ppid: 502, pgrp: 502, session: 502 }), // its child
      proc(504, { ppid: 1, pgrp: 504, session: 502 }), // re-parented to init, still in that session
      proc(505, { ppid: 1, pgrp: 505, session: 500 }), // left the group, not the session
      proc(600, { ppid: 1 }), // someone else's
    ];
    expect(ids(tree.escapees(snap, noEnv))).toEqual([502, 503, 504, 505]);
  });

  it('remembers what it saw while the task ran, by pid and start time', () => {
    const tree = new TaskTree(root, null, 9999);
    tree.observe([proc(500), proc(510, { ppid: 500, pgrp: 510, session: 510 })]);
    expect(ids(tree.escapees([proc(510, { ppid: 1, pgrp: 510, session: 510 })], noEnv))).toEqual([510]);
    // The same pid, reused by a later process: not the task's.
    expect(tree.escapees([proc(510, { ppid: 1, pgrp: 510, session: 510, startTicks: 900 })], noEnv)).toEqual([]);
  });

  it('matches the marker exactly (T1 is not T10), and only with an environment reader', () => {
    const tree = new TaskTree(root, 'run:T1', 9999);
    const envs: Record<number, string[]> = { 520: ['SQUAD_TASK_RUN=run:T1'], 521: ['SQUAD_TASK_RUN=run:T10'], 522: ['X=SQUAD_TASK_RUN=run:T1 '] };
    const snap = [proc(520), proc(521), proc(522)];
    expect(ids(tree.escapees(snap, (pid) => envs[pid] ?? null))).toEqual([520]);
    tree.observe(snap);
    expect(ids(tree.escapees(snap, noEnv))).toEqual([]);
  });

  it('never takes squad itself, pid 1, zombies, or a process that started before the task', () => {
    const tree = new TaskTree(root, 'run:T1', 9999);
    const marked = () => ['SQUAD_TASK_RUN=run:T1'];
    const snap = [proc(1), proc(9999), proc(530, { state: 'Z' }), proc(531, { startTicks: 99 }), proc(532, { ppid: 500, session: 500, startTicks: 50 })];
    expect(tree.escapees(snap, marked)).toEqual([]);
  });

  it('does not take a session whose leader pid now belongs to another process', () => {
    const tree = new TaskTree(root, null, 9999);
    tree.observe([proc(500), proc(540, { ppid: 500 })]);
    // 540 was a session leader of the task; now pid 540 is a different process, and 541 is in its session.
    expect(tree.escapees([proc(540, { startTicks: 800 }), proc(541, { session: 540, startTicks: 801 })], noEnv)).toEqual([]);
  });
});

describe('the end-of-task scan by pid range', () => {
  it('reads only the pids handed out since the leader, for a short task with few of them', () => {
    expect(pidsSince(1000, 1003, 4_194_304, 50)).toEqual([1000, 1001, 1002, 1003]);
    expect(pidsSince(1000, 1000, 32_768, 5)).toEqual([1000]);
  });

  it('reads all of /proc when a wrap cannot be ruled out, when too many pids passed, or without the /proc figures', () => {
    expect(pidsSince(1000, 999, 4_194_304, 50)).toBeNull(); // the newest pid is below the leader: wrapped
    expect(pidsSince(1000, 1003, 32_768, 40)).toBeNull(); // 32768 pids could pass in 40 ms on a big machine
    expect(pidsSince(1000, 1003, 4_194_304, 5000)).toBeNull(); // a long task
    expect(pidsSince(1000, 5000, 4_194_304, 50)).toBeNull(); // thousands of pids: no cheaper than /proc
    expect(pidsSince(1000, null, 4_194_304, 50)).toBeNull();
    expect(pidsSince(1000, 1003, null, 50)).toBeNull();
  });
});
