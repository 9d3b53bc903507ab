// The distributed mode as a simulation of scale on one machine: one coordinator (`squad run --store redis://...
// --local 0`) and 1, 2, 4, 8 `squad worker` processes (2 slots each, separate clones of one bare repository) on
// sleep tasks; printed beside a local worktree run of the same plan in the same run, and the claim throughput of the
// Redis store against the file store.
//
//   node bench/distributed.mjs [--tasks 400] [--sleep 0.2] [--workers 1,2,4,8]
//
// All processes share this machine's cores, so more workers cannot mean more CPU here: the figures show what
// coordination costs per task and how the makespan tracks the lower bound as slots grow, not a cluster's speed.
// Needs redis-server (127.0.0.1, a free port, its own folder, removed at the end) and a built dist/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CLI, ROOT, fmt, lastRecord, machine, requireBuild, timed, writeRepo } from './run-lib.mjs';

requireBuild();
const { values } = parseArgs({ options: { tasks: { type: 'string', default: '400' }, sleep: { type: 'string', default: '0.2' }, workers: { type: 'string', default: '1,2,4,8' } } });
const N = Number(values.tasks);
const SLEEP = Number(values.sleep);
const COUNTS = values.workers.split(',').map(Number);
const SLOTS = 2;
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function freePort() {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

async function startRedis(dir) {
  const port = await freePort();
  const proc = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((res, rej) => {
    proc.stdout.on('data', (d) => (out += d) && /Ready to accept/.test(out) && res());
    proc.once('exit', () => rej(new Error(`redis-server exited:\n${out}`)));
  });
  proc.stdout.resume();
  return { url: `redis://127.0.0.1:${port}/0`, stop: () => proc.kill('SIGKILL') };
}

/** A git repository with the plan committed (worktree isolation), and a bare origin. */
function repoOf(dir, tasks) {
  writeRepo(dir, tasks, 'test:\n  command: "true"\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  const bare = join(dir, '..', 'shared.git');
  git(dir, 'clone', '--quiet', '--bare', dir, bare);
  git(dir, 'remote', 'add', 'origin', bare);
  return bare;
}

async function startWorkers(n, bare, url, root) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const clone = join(root, `w${i}`);
    git(root, 'clone', '--quiet', bare, clone);
    const p = spawn(process.execPath, [CLI, 'worker', '--store', url, '--concurrency', String(SLOTS), '--name', `w${i}`], { cwd: clone, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise((res) => p.stdout.on('data', (d) => (out += d).includes('serving jobs') && res()));
    p.stdout.resume();
    procs.push(p);
  }
  return { stop: () => Promise.all(procs.map((p) => (p.kill('SIGINT'), once(p, 'exit')))) };
}

const tasks = Array.from({ length: N }, (_, i) => ({ id: `T${i + 1}`, deps: [], run: `sleep ${SLEEP}`, estimateMinutes: null }));
const root = mkdtempSync(join(tmpdir(), 'squad-bench-dist-'));
const redis = await startRedis(root);
try {
  console.log(`distributed: ${N} tasks of sleep ${SLEEP}s, workers with ${SLOTS} slots, coordinator --local 0; ${JSON.stringify(machine())}`);
  // Local baseline: the same plan, worktree isolation, as many slots as the smallest worker set.
  const base = join(root, 'local', 'repo');
  execFileSync('mkdir', ['-p', base]);
  repoOf(base, tasks);
  const localMs = await timed([process.execPath, CLI, 'run', '--concurrency', String(SLOTS)], base);
  const localBound = (N * SLEEP * 1000) / SLOTS;
  console.log(`local run, ${SLOTS} slots: ${fmt(localMs / 1000)} s; lower bound ${fmt(localBound / 1000)} s; own cost ${fmt((localMs - localBound) / N, 1)} ms/task`);
  console.log('workers  slots  makespan s  lower bound s  ratio  wall s/task (local)  coordination ms/task-slot (local)');
  for (const n of COUNTS) {
    const dir = join(root, `dist-${n}`, 'repo');
    execFileSync('mkdir', ['-p', dir]);
    const bare = repoOf(dir, tasks);
    const cap = n * SLOTS;
    // A database of its own per configuration: nothing of the previous run's claims is in the way.
    const url = redis.url.replace(/\/0$/, `/${COUNTS.indexOf(n) + 1}`);
    const workers = await startWorkers(n, bare, url, join(root, `dist-${n}`));
    const ms = await timed([process.execPath, CLI, 'run', '--store', url, '--local', '0', '--concurrency', String(cap)], dir);
    const rec = lastRecord(dir);
    const merged = rec.tasks.filter((t) => t.status === 'closed' || t.status === 'done').length;
    if (merged !== N) throw new Error(`${n} worker(s): ${merged} of ${N} tasks finished`);
    await workers.stop();
    const bound = (N * SLEEP * 1000) / cap;
    // Own cost per task and slot: time beyond the bound, spread over the tasks, times the slots that shared it.
    const perTask = ((ms - bound) * cap) / N;
    const localPerTask = ((localMs - localBound) * SLOTS) / N;
    const cols = [String(n).padStart(7), String(cap).padStart(5), fmt(ms / 1000).padStart(10), fmt(bound / 1000).padStart(13), fmt(ms / bound).padStart(5), `${fmt(ms / N / 1000)} (${fmt(localMs / N / 1000)})`.padStart(19), `${fmt(perTask, 0)} (${fmt(localPerTask, 0)})`];
    console.log(cols.join('  '));
  }
  // Claim throughput: claim + done of every task, one process, the two stores, in the same run.
  const throughput = execFileSync(process.execPath, [join(ROOT, 'bench', 'claim-throughput.mjs'), redis.url, String(Math.min(N, 2000))], { encoding: 'utf8' });
  process.stdout.write(throughput);
} finally {
  redis.stop();
  rmSync(root, { recursive: true, force: true });
}
