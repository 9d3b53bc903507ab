// The distributed mode end to end: a coordinator (`squad run --store redis://... --local 0`) and `squad worker`
// processes in separate clones of one bare repository, on a throwaway redis-server. Every task runs on a worker,
// comes back as a pushed branch, and is merged into the coordinator's main exactly once.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../run/helpers/plan.js';
import { gitRepo } from '../run/helpers/git-repo.js';
import { squad, startSquad, tempDir, until, type Done } from '../run/helpers/cli.js';
import { onlyRecord } from '../run/helpers/record.js';
import { redisInstalled, useRedis } from '../state/redis-server.js';
import type { ChildProcess } from 'node:child_process';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The coordinator's repository with a bare `origin`, and `n` worker clones of that origin. */
function sharedRepos(repoDir: string, names: string[]): { bare: string; clones: Map<string, string> } {
  const bare = join(tempDir('squad-bare-'), 'shared.git');
  git(repoDir, 'clone', '--quiet', '--bare', repoDir, bare);
  git(repoDir, 'remote', 'add', 'origin', bare);
  const clones = new Map<string, string>();
  for (const name of names) {
    const dir = join(tempDir(`squad-${name}-`), 'clone');
    git(repoDir, 'clone', '--quiet', bare, dir);
    git(dir, 'config', 'user.name', name);
    git(dir, 'config', 'user.email', `${name}@example.com`);
    clones.set(name, dir);
  }
  return { bare, clones };
}

type Running = { name: string; child: ChildProcess; done: Promise<Done>; out: () => string };

async function startWorker(name: string, clone: string, url: string, slots: number): Promise<Running> {
  const { child, done } = startSquad(['worker', '--store', url, '--concurrency', String(slots), '--name', name], clone, { SQUAD_WORKER_LOCK_MS: '2000' });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await until(() => out.includes('serving jobs'), 60_000, `worker ${name} to start:\n${out}`);
  return { name, child, done, out: () => out };
}

/** A task that marks which worker started it, waits until `go` exists in `signals`, then writes the worker's name to `file`. */
const heldTask = (signals: string, id: string, file: string) =>
  `touch "${signals}/${id}-started-$SQUAD_WORKER"; while [ ! -f "${join(signals, 'go')}" ]; do sleep 0.05; done; echo "$SQUAD_WORKER" > ${file}`;

/** The worker of `names` that started task `id` (waits until one has). */
async function startedOn(signals: string, id: string, names: string[]): Promise<string> {
  let found = '';
  await until(() => (found = names.find((n) => existsSync(join(signals, `${id}-started-${n}`))) ?? '') !== '', 120_000, `${id} to start on a worker`);
  return found;
}

/** Subjects of main's first-parent history. */
const merges = (dir: string) => git(dir, 'log', '--first-parent', '--format=%s', 'main').split('\n').filter((s) => s.startsWith('squad: merge '));

describe.skipIf(!redisInstalled)('squad worker: tasks run on other clones and merge once', { timeout: 300_000 }, () => {
  const redis = useRedis();

  it('a coordinator and two workers run 24 shell tasks with dependencies; each is merged exactly once', async () => {
    // Four chains of six: T05 needs T01, T06 needs T02, ...; each task writes its own file with the worker's name.
    const ids = Array.from({ length: 24 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
    const plan = makePlan(
      ids.map((id, i) => ({
        id,
        run: `mkdir -p out && echo "$SQUAD_WORKER" > out/${id}.txt`,
        deps: i >= 4 ? [ids[i - 4]!] : [],
        writes: [`out/${id}.txt`],
      })),
    );
    const repo = gitRepo({ plan, script: {} });
    const { clones } = sharedRepos(repo.dir, ['w1', 'w2']);
    const workers = [await startWorker('w1', clones.get('w1')!, redis.url, 2), await startWorker('w2', clones.get('w2')!, redis.url, 2)];
    try {
      const r = await squad(['run', '--store', redis.url, '--local', '0', '--concurrency', '4'], repo.dir);
      expect(r.code, r.stdout + r.stderr + workers.map((w) => w.out()).join('\n')).toBe(0);
      const rec = onlyRecord(repo.dir);
      expect(rec.tasks.map((t) => [t.id, t.status, t.worktree?.stage])).toEqual(ids.map((id) => [id, 'closed', 'merged']));
      // Merged exactly once each, into the coordinator's main.
      const merged = merges(repo.dir);
      expect(merged).toHaveLength(24);
      expect(new Set(merged).size).toBe(24);
      // Every file is on main, written on a worker; both workers worked.
      const by = ids.map((id) => readFileSync(join(repo.dir, 'out', `${id}.txt`), 'utf8').trim());
      expect(new Set(by)).toEqual(new Set(['w1', 'w2']));
      // A dependent started from a head holding its dependency's work.
      for (let i = 4; i < 24; i++) {
        const t = rec.tasks[i]!;
        expect(git(repo.dir, 'merge-base', '--is-ancestor', rec.tasks[i - 4]!.worktree!.merge!, t.worktree!.base) === '' ? 'ok' : 'no').toBe('ok');
      }
      // The task log on the coordinator holds the worker's log.
      expect(readFileSync(rec.tasks[0]!.log!, 'utf8')).toMatch(/the log on worker w[12]/);
      // squad status on the shared store shows the workers beside the tasks.
      const st = await squad(['status', '--store', redis.url, '--json'], repo.dir);
      expect(st.code, st.stderr).toBe(0);
      const shown = JSON.parse(st.stdout) as { workers: { name: string; slots: number }[]; tasks: { state: string }[] };
      expect(shown.workers.map((w) => [w.name, w.slots])).toEqual([['w1', 2], ['w2', 2]]);
      expect(shown.tasks.every((t) => t.state === 'done')).toBe(true);
      const plain = await squad(['status', '--store', redis.url], repo.dir);
      expect(plain.stdout).toMatch(/workers: 2\n  w1 on .*: 0\/2 slots busy, last heartbeat \d+s ago/);
    } finally {
      for (const w of workers) w.child.kill('SIGINT');
      const ends = await Promise.all(workers.map((w) => w.done));
      expect(ends.map((e) => e.code)).toEqual([0, 0]);
    }
  });

  it('sending tasks to workers needs the shared store and worktrees: one line each, exit 2', async () => {
    const repo = gitRepo({ plan: makePlan([{ id: 'A', run: 'true' }]), script: {} });
    const noStore = await squad(['run', '--local', '0', '--concurrency', '2'], repo.dir);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/--local 0 below --concurrency 2 sends tasks to squad workers, which share a Redis store: add --store redis:\/\/HOST:PORT\/DB/);
    const shared = await squad(['run', '--store', redis.url, '--local', '0', '--concurrency', '2', '--isolation', 'shared'], repo.dir);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toMatch(/needs --isolation worktree/);
  });

  it('kill -9 of a worker mid-task: the task is run again on the other worker and merged once', async () => {
    const signals = tempDir('squad-dist-signals-');
    const go = join(signals, 'go');
    const plan = makePlan([
      { id: 'K', run: heldTask(signals, 'K', 'k.txt'), writes: ['k.txt'] },
      { id: 'L', run: 'echo "$SQUAD_WORKER" > l.txt', writes: ['l.txt'] },
    ]);
    const repo = gitRepo({ plan, script: {} });
    const { clones } = sharedRepos(repo.dir, ['w1', 'w2']);
    const workers = new Map<string, Running>();
    for (const name of ['w1', 'w2']) workers.set(name, await startWorker(name, clones.get(name)!, redis.url, 1));
    const run = startSquad(['run', '--store', redis.url, '--local', '0', '--concurrency', '2'], repo.dir);
    try {
      const first = await startedOn(signals, 'K', ['w1', 'w2']);
      const other = first === 'w1' ? 'w2' : 'w1';
      const victim = workers.get(first)!;
      victim.child.kill('SIGKILL');
      await victim.done;
      // The other worker takes K once the queue sees the dead worker's lock lapse; then K may finish.
      await until(() => existsSync(join(signals, `K-started-${other}`)), 120_000, `K to be taken again by ${other}`);
      writeFileSync(go, '');
      const r = await run.done;
      expect(r.code, r.stdout + r.stderr + workers.get(other)!.out()).toBe(0);
      expect(merges(repo.dir).filter((s) => s.startsWith('squad: merge K ')).length).toBe(1);
      expect(readFileSync(join(repo.dir, 'k.txt'), 'utf8').trim()).toBe(other);
      expect(onlyRecord(repo.dir).tasks.map((t) => [t.id, t.status])).toEqual([['K', 'closed'], ['L', 'closed']]);
    } finally {
      writeFileSync(go, '');
      run.child.kill('SIGKILL');
      for (const w of workers.values()) w.child.kill('SIGINT');
      await Promise.all([...workers.values()].map((w) => w.done));
    }
  });

  it('Ctrl-C: a worker finishes the task in hand, then exits; the task is merged', async () => {
    const signals = tempDir('squad-dist-signals-');
    const go = join(signals, 'go');
    const plan = makePlan([{ id: 'F', run: heldTask(signals, 'F', 'f.txt'), writes: ['f.txt'] }]);
    const repo = gitRepo({ plan, script: {} });
    const { clones } = sharedRepos(repo.dir, ['w1']);
    const w1 = await startWorker('w1', clones.get('w1')!, redis.url, 1);
    const run = startSquad(['run', '--store', redis.url, '--local', '0', '--concurrency', '1'], repo.dir);
    try {
      expect(await startedOn(signals, 'F', ['w1'])).toBe('w1');
      w1.child.kill('SIGINT');
      await until(() => w1.out().includes('finishing the tasks in hand'), 60_000, `w1 to take the Ctrl-C:\n${w1.out()}`);
      writeFileSync(go, '');
      const r = await run.done;
      expect(r.code, r.stdout + r.stderr + w1.out()).toBe(0);
      expect((await w1.done).code).toBe(0);
      expect(w1.out()).toMatch(/done  F -> [0-9a-f]+ pushed/);
      expect(readFileSync(join(repo.dir, 'f.txt'), 'utf8').trim()).toBe('w1');
      expect(merges(repo.dir).filter((m) => m.startsWith('squad: merge F '))).toHaveLength(1);
    } finally {
      writeFileSync(go, '');
      run.child.kill('SIGKILL');
      w1.child.kill('SIGKILL');
    }
  });

  it('Ctrl-C twice: the worker stops the task and hands the job back; another worker runs it and it is merged once', async () => {
    const signals = tempDir('squad-dist-signals-');
    const go = join(signals, 'go');
    const plan = makePlan([{ id: 'H', run: heldTask(signals, 'H', 'h.txt'), writes: ['h.txt'] }]);
    const repo = gitRepo({ plan, script: {} });
    const { clones } = sharedRepos(repo.dir, ['w1', 'w2']);
    const workers = new Map<string, Running>();
    for (const name of ['w1', 'w2']) workers.set(name, await startWorker(name, clones.get(name)!, redis.url, 1));
    const run = startSquad(['run', '--store', redis.url, '--local', '0', '--concurrency', '1'], repo.dir);
    try {
      const first = await startedOn(signals, 'H', ['w1', 'w2']);
      const other = first === 'w1' ? 'w2' : 'w1';
      const quitter = workers.get(first)!;
      quitter.child.kill('SIGINT');
      await until(() => quitter.out().includes('finishing the tasks in hand'), 60_000, `${first} to take the first Ctrl-C`);
      quitter.child.kill('SIGINT');
      expect((await quitter.done).code, quitter.out()).toBe(130);
      expect(quitter.out()).toMatch(/back  H: returned to the queue/);
      await until(() => existsSync(join(signals, `H-started-${other}`)), 120_000, `H to be taken by ${other}`);
      writeFileSync(go, '');
      const r = await run.done;
      expect(r.code, r.stdout + r.stderr + workers.get(other)!.out()).toBe(0);
      expect(readFileSync(join(repo.dir, 'h.txt'), 'utf8').trim()).toBe(other);
      expect(merges(repo.dir).filter((m) => m.startsWith('squad: merge H '))).toHaveLength(1);
    } finally {
      writeFileSync(go, '');
      run.child.kill('SIGKILL');
      for (const w of workers.values()) w.child.kill('SIGINT');
      await Promise.all([...workers.values()].map((w) => w.done));
    }
  });
});
