// squad doctor finds each problem it lists, created for real (a holder killed with -9, a runner killed mid-run,
// damaged entries, leftover worktrees and branches, a killed writer's temp file, an edited document), --fix repairs
// what is safe, and doctor then exits 0; what it may not repair is left with a line saying what to do.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, squad, startSquad, tempDir, until } from '../run/helpers/cli.js';

const TASKS = '# Tasks\n\n- [ ] T001 First thing\n- [ ] T002 Second thing (depends on T001)\n- [ ] T003 Third thing\n';

let killLater: number[] = [];
afterEach(() => {
  for (const pid of killLater) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  killLater = [];
});

async function repo(tasks = TASKS, config = 'test:\n  command: "true"\n'): Promise<string> {
  const dir = tempDir('squad-doctor-');
  writeFileSync(join(dir, 'tasks.md'), tasks);
  writeFileSync(join(dir, 'squad.config.yaml'), config);
  const r = await squad(['allocate', 'tasks.md'], dir);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

const coordDir = (dir: string) => {
  const root = join(dir, '.squad', 'coord');
  return join(root, readdirSync(root)[0]!);
};

/** doctor, doctor --fix, doctor: the problem is found (exit 1), repaired, and gone (exit 0). */
async function findFixClean(dir: string, expected: RegExp): Promise<string> {
  const found = await squad(['doctor'], dir);
  expect(found.code, found.stdout + found.stderr).toBe(1);
  expect(found.stdout).toMatch(expected);
  expect(found.stdout).toMatch(/--fix would /);
  const fixed = await squad(['doctor', '--fix'], dir);
  expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
  expect(fixed.stdout).toMatch(/fixed: /);
  const after = await squad(['doctor'], dir);
  expect(after.code, after.stdout).toBe(0);
  expect(after.stdout).toBe('doctor: healthy: nothing to repair\n');
  return found.stdout;
}

/** A process to stand for a session, started in its own group so the test can always clean it up. */
async function sessionProcess(): Promise<{ pid: number; kill9(): Promise<void> }> {
  const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  await once(child, 'spawn');
  killLater.push(child.pid!);
  return {
    pid: child.pid!,
    kill9: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('squad doctor', { timeout: 180_000 }, () => {
  it('is healthy on a fresh plan (exit 0), and --json says so', async () => {
    const dir = await repo();
    expect(await squad(['doctor'], dir)).toMatchObject({ code: 0, stdout: 'doctor: healthy: nothing to repair\n' });
    const json = JSON.parse((await squad(['doctor', '--json'], dir)).stdout);
    expect(json).toEqual({ healthy: true, fixed: 0, left: 0, findings: [] });
  });

  it('a claim whose holder was killed with -9: found, released by --fix, the task available again', async () => {
    const dir = await repo();
    const holder = await sessionProcess();
    expect((await squad(['claim', 'T001', '--as', 'alice'], dir, { SQUAD_SESSION_PID: String(holder.pid) })).code).toBe(0);
    expect((await squad(['doctor'], dir)).code).toBe(0); // alive: nothing wrong
    await holder.kill9();
    const json = JSON.parse((await squad(['doctor', '--json'], dir)).stdout);
    expect(json).toMatchObject({ healthy: false, fixed: 0, left: 1, findings: [{ check: 'claims', where: 'T001', outcome: 'found', action: expect.stringMatching(/^release the claim/) }] });
    const out = await findFixClean(dir, /^T001: claimed by alice \(pid \d+ on .+\), but its process is gone; --fix would release the claim/m);
    expect(out.split('\n').filter(Boolean)).toHaveLength(2);
    const status = JSON.parse((await squad(['status', '--json'], dir)).stdout);
    expect(status.tasks.find((t: { id: string }) => t.id === 'T001')).toMatchObject({ state: 'available', holder: null });
    const events = readFileSync(join(coordDir(dir), 'events.jsonl'), 'utf8');
    expect(events).toMatch(/"event":"release".*"force":"squad doctor: the holder alice is gone/);
  });

  it('a claim past its heartbeat TTL (holder alive but silent): found and released', async () => {
    // ttlMinutes 0.001 = 60 ms: the claim is past it as soon as doctor looks.
    const dir = await repo(TASKS, 'claims:\n  ttlMinutes: 0.001\n');
    const holder = await sessionProcess();
    expect((await squad(['claim', 'T001', '--as', 'bob'], dir, { SQUAD_SESSION_PID: String(holder.pid) })).code).toBe(0);
    const claimedAt = Date.now();
    await until(() => Date.now() - claimedAt > 200, 5_000, 'the TTL to pass');
    const found = await squad(['doctor'], dir);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^T001: claimed by bob .*but no heartbeat since /m);
    expect((await squad(['doctor', '--fix'], dir)).code).toBe(0);
    expect(alive(holder.pid)).toBe(true);
    expect((await squad(['doctor'], dir)).code).toBe(0);
  });

  it('a run record saying running after its squad and its task were killed with -9: marked interrupted, its task pending again for --resume', async () => {
    const dir = await repo('# Tasks\n\n- [ ] T001 Wait a long time\n  - run: `sleep 600`\n');
    const run = startSquad(['run', '--isolation', 'shared'], dir);
    const stateOf = () => {
      const runs = join(dir, '.squad', 'runs');
      const id = existsSync(runs) ? readdirSync(runs)[0] : undefined;
      const file = id ? join(runs, id, 'state.json') : null;
      return file && existsSync(file) ? { file, rec: JSON.parse(readFileSync(file, 'utf8')) } : null;
    };
    await until(() => stateOf()?.rec.tasks[0]?.status === 'running', 60_000, 'the task to start');
    const taskPid: number = stateOf()!.rec.tasks[0].pid;
    killLater.push(taskPid);
    run.child.kill('SIGKILL');
    await run.done;
    // The task still runs: that is --resume's to stop, so doctor leaves it for a person.
    const busy = await squad(['doctor', '--fix'], dir);
    expect(busy.code).toBe(1);
    expect(busy.stdout).toMatch(/says running, but its squad \(pid \d+\) is gone and task\(s\) T001 still run; left for you: run 'squad run --resume'/);
    process.kill(-taskPid, 'SIGKILL');
    await until(() => !alive(taskPid), 30_000, 'the task to die');
    await findFixClean(dir, /state\.json: run \S+ says running, but its squad \(pid \d+\) is gone; --fix would mark the run interrupted and T001 pending/);
    const rec = stateOf()!.rec;
    expect(rec.status).toBe('interrupted');
    expect(rec.tasks[0]).toMatchObject({ status: 'pending', pid: null });
  });

  it('a task the run finished whose done entry the store lost: the done entry is written', async () => {
    const dir = await repo('# Tasks\n\n- [ ] T001 Quick\n  - run: `true`\n- [ ] T002 Also quick\n  - run: `true`\n', 'test:\n  command: "true"\n');
    const r = await squad(['run', '--isolation', 'shared', '--tracker', 'none'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const log = join(coordDir(dir), 'tasks', 'T002');
    const doneEntry = readdirSync(log).filter((n) => /^\d+\.json$/.test(n)).sort().pop()!;
    expect(readFileSync(join(log, doneEntry), 'utf8')).toContain('"kind":"done"');
    execFileSync('rm', [join(log, doneEntry)]);
    await findFixClean(dir, /run \S+ finished T002, but the claim store does not say done; --fix would write the missing done entries/);
    const status = JSON.parse((await squad(['status', '--json'], dir)).stdout);
    expect(status.tasks.map((t: { state: string }) => t.state)).toEqual(['done', 'done']);
  });

  it('done in the store but open in the source markdown, and the reverse: --fix ticks the box and records the done', async () => {
    const dir = await repo();
    expect((await squad(['claim', 'T001', '--as', 'alice'], dir)).code).toBe(0);
    expect((await squad(['done', 'T001', '--as', 'alice'], dir)).code).toBe(0);
    // Someone ticks T003 by hand.
    writeFileSync(join(dir, 'tasks.md'), readFileSync(join(dir, 'tasks.md'), 'utf8').replace('- [ ] T003', '- [x] T003'));
    const out = await findFixClean(dir, /tasks\.md:3: T001 is done in squad's state \(by alice\) but open in markdown; --fix would close it in markdown/);
    expect(out).toMatch(/tasks\.md:5: T003 is closed in markdown but not done in squad's state; --fix would record it done/);
    expect(readFileSync(join(dir, 'tasks.md'), 'utf8')).toBe(TASKS.replace('- [ ] T001', '- [x] T001').replace('- [ ] T003', '- [x] T003'));
    const status = JSON.parse((await squad(['status', '--json'], dir)).stdout);
    expect(status.tasks.find((t: { id: string }) => t.id === 'T003')).toMatchObject({ state: 'done', note: 'closed in markdown; recorded by squad doctor' });
  });

  it('damaged coordination files: a garbage entry, a truncated heartbeat, a garbage journal line; status works again after --fix', async () => {
    const dir = await repo();
    expect((await squad(['claim', 'T001', '--as', 'alice'], dir)).code).toBe(0);
    expect((await squad(['release', 'T001', '--as', 'alice'], dir)).code).toBe(0);
    const coord = coordDir(dir);
    writeFileSync(join(coord, 'tasks', 'T001', '000002.json'), '{"v":1,"seq":2,"ki');
    const beat = readdirSync(join(coord, 'sessions')).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(coord, 'sessions', beat), '{"trunc');
    writeFileSync(join(coord, 'events.jsonl'), readFileSync(join(coord, 'events.jsonl'), 'utf8') + 'garbage\n');
    // `{}` and an unknown kind as the first entries of other tasks; a file where T003's log folder belongs.
    mkdirSync(join(coord, 'tasks', 'T002'));
    writeFileSync(join(coord, 'tasks', 'T002', '000001.json'), '{}');
    writeFileSync(join(coord, 'tasks', 'T003'), 'stray');
    expect((await squad(['status'], dir)).code).toBe(1);
    const out = await findFixClean(dir, /tasks\/T001\/000002\.json: claim-log entry is not JSON \(truncated or garbage\)/);
    expect(out).toMatch(/sessions\/.+\.json: session heartbeat is unreadable/);
    expect(out).toMatch(/events\.jsonl: 1 journal line\(s\) are not JSON/);
    expect(out).toMatch(/tasks\/T002\/000001\.json: claim-log entry is unknown kind null/);
    expect(out).toMatch(/tasks\/T003: a file stands where squad keeps a task's log; --fix would move it under \.squad\/doctor\/damaged\//);
    const status = await squad(['status', '--json'], dir);
    expect(status.code, status.stderr).toBe(0);
    // The lost release leaves T001 claimed by alice, as its first entry says; a copy of the damaged entry is kept.
    expect(JSON.parse(status.stdout).tasks.map((t: { state: string }) => t.state)).toEqual(['claimed', 'waiting', 'waiting']);
    expect(JSON.parse(status.stdout).tasks[0]).toMatchObject({ state: 'claimed', holder: { name: 'alice' } });
    expect(readFileSync(join(dir, '.squad', 'doctor', 'damaged', coord.split('/').pop()!, 'tasks', 'T001', '000002.json'), 'utf8')).toBe('{"v":1,"seq":2,"ki');
    expect(readFileSync(join(coord, 'events.jsonl'), 'utf8')).not.toContain('garbage');
  });

  it('a temp file left by a writer killed mid-write: removed', async () => {
    const dir = await repo();
    const writer = await sessionProcess();
    await writer.kill9();
    const tmp = join(dir, '.squad', 'runs', 'r1', `.state.json.${writer.pid}.0a1b2c3d.tmp`);
    mkdirSync(join(dir, '.squad', 'runs', 'r1'), { recursive: true });
    writeFileSync(tmp, '{"half');
    // Young temp files may be a write in progress on another host: only one older than a few seconds counts
    // (dated ahead here, so a slow machine cannot age it past that before doctor looks).
    const ahead = new Date(Date.now() + 300_000);
    utimesSync(tmp, ahead, ahead);
    expect((await squad(['doctor'], dir)).code).toBe(0);
    const past = new Date(Date.now() - 60_000);
    utimesSync(tmp, past, past);
    await findFixClean(dir, /\.squad\/runs\/r1\/\.state\.json\.\d+\.0a1b2c3d\.tmp: temp file of an interrupted write of state\.json; --fix would remove it/);
    expect(existsSync(tmp)).toBe(false);
  });

  it('plan.json older than its edited source: left for a person (exit 1 after --fix) until re-allocated; ticked boxes do not count', async () => {
    const dir = await repo();
    writeFileSync(join(dir, 'tasks.md'), TASKS.replace('- [ ] T001', '- [x] T001'));
    expect((await squad(['doctor'], dir)).code).toBe(1); // T001 ticked by hand: that one is the tracker check's
    writeFileSync(join(dir, 'tasks.md'), TASKS + '- [ ] T004 A new task\n');
    const fixed = await squad(['doctor', '--fix'], dir);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toMatch(/^plans\/plan\.json: older than its source document tasks\.md .*; left for you: re-run 'squad allocate tasks\.md'/m);
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    expect((await squad(['doctor'], dir)).code).toBe(0);
  });
});

describe('squad doctor in a git repository', { timeout: 180_000 }, () => {
  it('leftover worktrees and squad/* branches of a finished run: clean ones removed, merged branches deleted, unmerged work left for a person', async () => {
    const dir = await repo();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'init');
    // A finished run (no record says it is going) left: a clean worktree on a merged branch, and an unmerged branch.
    git('worktree', 'add', '-q', '-b', 'squad/r1/T001', join('.squad', 'worktrees', 'r1', 'T001'), 'HEAD');
    git('branch', 'squad/r1/T002', 'HEAD');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'main moves on');
    git('checkout', '-q', 'squad/r1/T002');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'work not merged');
    git('checkout', '-q', 'main');
    const found = await squad(['doctor'], dir);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/^\.squad\/worktrees\/r1\/T001: leftover worktree of finished run r1; --fix would remove the worktree/m);
    expect(found.stdout).toMatch(/^squad\/r1\/T001: branch of finished run r1, merged into HEAD; --fix would delete the branch/m);
    expect(found.stdout).toMatch(/^squad\/r1\/T002: branch of finished run r1 with commits not in HEAD; left for you: look at them/m);
    const fixed = await squad(['doctor', '--fix'], dir);
    expect(fixed.code).toBe(1);
    expect(existsSync(join(dir, '.squad', 'worktrees', 'r1', 'T001'))).toBe(false);
    expect(git('branch', '--list', 'squad/*')).toBe('squad/r1/T002');
    git('branch', '-D', 'squad/r1/T002');
    expect((await squad(['doctor'], dir)).code).toBe(0);
  });
});
