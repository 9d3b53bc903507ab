// Makespan benchmark for `squad run`: random DAGs of 80 sleep tasks of 50-600 ms (three chains of long tasks hidden
// among many short ones, declared dependencies only, lower bound about 4 s) at concurrency 4, beside `make -j4` on
// the same DAG (make picks its own order) and beside the lower bound max(critical path, total work / 4). Tasks this
// short make squad's own cost per task show in the makespan. Makespan is first task start to last task end, taken
// from timestamps the tasks themselves write, identically for squad and make; wall times are printed too. Also
// printed: squad's scheduler alone on its virtual clock (the schedule's own gap to the bound), and the same
// scheduler driving bare spawns of the same commands (the floor this machine's process starts leave squad).
//
// Targets: squad with estimates within 1.10 of the lower bound and faster than make; squad without
// estimates (unit weights) no slower than make.
// Usage: node bench/run-makespan.mjs [--json] [--scale MS_PER_UNIT]   (run `npm run build` first; one unit of a
// task's length is 50 ms by default, and its estimate in minutes is its length in units)
// Exit codes: 0 figures printed (a MISS is reported, not an error: a loaded machine is no verdict),
// 1 a run failed, 2 bad flags or dist/cli.js missing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, fmt, machine, requireBuild, rng, timed, writeRepo } from './run-lib.mjs';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, scale: { type: 'string', default: '50' } } });
const MS_PER_UNIT = Number(values.scale);
if (!(MS_PER_UNIT > 0)) {
  process.stderr.write('bench: --scale must be a positive number of milliseconds per unit of task length\n');
  process.exit(2);
}
requireBuild();
// The scheduler alone, on its virtual clock: what squad predicts for the DAG, so the gap to the bound that is the
// runner's own time shows apart from the gap the schedule leaves.
const { simulate } = await import(join(ROOT, 'dist', 'schedule', 'simulate.js'));
const CONCURRENCY = 4;
const SEEDS = [1, 2, 3];

/** 62 short tasks (1-5 units: 50-250 ms) with sparse deps, and 3 chains of 6 long tasks (6-12 units: 300-600 ms)
 * scattered among them: 80 tasks. */
function dag(seed) {
  const r = rng(seed);
  const short = Array.from({ length: 62 }, (_, i) => ({ id: `S${i}`, minutes: 1 + Math.floor(r() * 5), deps: [] }));
  const chains = [0, 1, 2].map((c) => Array.from({ length: 6 }, (_, k) => ({ id: `C${c}_${k}`, minutes: 6 + Math.floor(r() * 7), deps: k ? [`C${c}_${k - 1}`] : [] })));
  // Scatter: chain links keep their order, but land anywhere among the short tasks, mostly late.
  const order = [...short];
  for (const chain of chains) {
    let at = Math.floor(order.length * (0.4 + 0.6 * r()));
    for (const t of chain) {
      order.splice(Math.min(at, order.length), 0, t);
      at += 1 + Math.floor(r() * 8);
    }
  }
  // Sparse deps between short tasks, always on an earlier short task in the file.
  order.forEach((t, i) => {
    if (t.id.startsWith('S') && i > 0 && r() < 0.15) {
      const earlier = order.slice(0, i).filter((u) => u.id.startsWith('S'));
      if (earlier.length) t.deps.push(earlier[Math.floor(r() * earlier.length)].id);
    }
  });
  return order;
}

function lowerBound(tasks) {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map();
  const finish = (t) => {
    if (!memo.has(t.id)) memo.set(t.id, t.minutes + Math.max(0, ...t.deps.map((d) => finish(byId.get(d)))));
    return memo.get(t.id);
  };
  const cp = Math.max(...tasks.map(finish));
  const work = tasks.reduce((s, t) => s + t.minutes, 0);
  return { cp, work, bound: Math.max(cp, work / CONCURRENCY) };
}

function toShell(tasks, withEstimates) {
  return tasks.map((t) => ({
    id: t.id,
    deps: t.deps,
    estimateMinutes: withEstimates ? t.minutes : null,
    run: `echo "s $(date +%s%3N)" >> journal; sleep ${(t.minutes * MS_PER_UNIT) / 1000}; echo "e $(date +%s%3N)" >> journal`,
  }));
}

/** First start to last end, in units of task length, from the journal the tasks wrote. */
function makespan(dir) {
  const lines = readFileSync(join(dir, 'journal'), 'utf8').trim().split('\n').map((l) => l.split(' '));
  const starts = lines.filter((l) => l[0] === 's').map((l) => Number(l[1]));
  const ends = lines.filter((l) => l[0] === 'e').map((l) => Number(l[1]));
  return (Math.max(...ends) - Math.min(...starts)) / MS_PER_UNIT;
}

// The floor under squad on this machine: squad's own scheduler (estimates as weights) driving bare spawns of the same
// commands, with no claims, records, logs or process tracking. What it loses to the bound is the tasks' processes
// starting (sh, date, sleep) and node spawning them; what squad loses beyond it is squad's own.
const BARE = `
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawn } from 'node:child_process';
const [dist, file, concurrency] = process.argv.slice(1);
const { Scheduler } = await import(dist + '/schedule/scheduler.js');
const { drive } = await import(dist + '/schedule/drive.js');
const tasks = JSON.parse(readFileSync(file, 'utf8'));
const runOf = new Map(tasks.map((t) => [t.id, t.run]));
const scheduler = new Scheduler(tasks.map((t) => ({ id: t.id, deps: t.deps, weight: t.estimateMinutes, writes: [] })), { concurrency: Number(concurrency), continueMode: 'never' });
const ended = [];
let wake = null;
const executor = {
  start(t) {
    spawn('sh', ['-c', runOf.get(t.id)], { cwd: dirname(file), stdio: 'ignore', detached: true }).on('exit', (code) => {
      ended.push({ id: t.id, ok: code === 0 });
      if (wake) wake();
    });
  },
  next: () => (ended.length ? Promise.resolve(ended.shift()) : new Promise((r) => (wake = () => ((wake = null), r(ended.shift()))))),
};
await drive(scheduler, executor);
`;

async function measure(tasks, tool, withEstimates) {
  const dir = mkdtempSync(join(tmpdir(), `squad-bench-${tool}-`));
  try {
    writeRepo(dir, toShell(tasks, withEstimates));
    if (tool === 'bare') writeFileSync(join(dir, 'tasks.json'), JSON.stringify(toShell(tasks, withEstimates)));
    const argv =
      tool === 'make'
        ? ['make', '-s', `-j${CONCURRENCY}`]
        : tool === 'bare'
          ? [process.execPath, '--input-type=module', '-e', BARE, pathToFileURL(join(ROOT, 'dist')).href, join(dir, 'tasks.json'), String(CONCURRENCY)]
          : [process.execPath, CLI, 'run', '--concurrency', String(CONCURRENCY)];
    const wallMs = await timed(argv, dir);
    return { makespan: makespan(dir), wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const seed of SEEDS) {
  const tasks = dag(seed);
  const lb = lowerBound(tasks);
  const make = await measure(tasks, 'make', false);
  const bare = await measure(tasks, 'bare', true);
  const est = await measure(tasks, 'squad', true);
  const unit = await measure(tasks, 'squad', false);
  const predicted = simulate(tasks.map((t) => ({ id: t.id, deps: t.deps, weight: t.minutes, writes: [] })), { concurrency: CONCURRENCY, continueMode: 'never' }).makespan;
  rows.push({ seed, tasks: tasks.length, criticalPath: lb.cp, totalWork: lb.work, lowerBound: lb.bound, predicted, make, bare, squad: est, squadNoEstimates: unit });
}

const verdict = (ok) => (ok ? 'ok' : 'MISS');
const checks = rows.map((r) => ({
  seed: r.seed,
  withinBound: r.squad.makespan / r.lowerBound <= 1.1,
  beatsMake: r.squad.makespan < r.make.makespan,
  noEstimatesNotSlower: r.squadNoEstimates.makespan <= r.make.makespan,
}));
if (values.json) {
  process.stdout.write(JSON.stringify({ machine: machine(), concurrency: CONCURRENCY, msPerUnit: MS_PER_UNIT, rows, checks }, null, 2) + '\n');
} else {
  const out = [`squad run makespan bench: ${rows[0].tasks} sleep tasks per DAG, concurrency ${CONCURRENCY}, 1 unit = ${MS_PER_UNIT} ms; makespans in units (x ${MS_PER_UNIT} ms: the bound ${fmt((rows[0].lowerBound * MS_PER_UNIT) / 1000, 1)} s for seed ${rows[0].seed})`, `machine: ${JSON.stringify(machine())}`, ''];
  out.push('seed  lower bound (cp, work/4)   scheduler alone   bare spawns      make -j4   squad (ratio to bound)   squad, no estimates   wall ms make / squad / squad-no-est');
  for (const r of rows) {
    out.push(
      `${String(r.seed).padEnd(4)}  ${fmt(r.lowerBound, 1).padStart(6)} (${r.criticalPath}, ${fmt(r.totalWork / CONCURRENCY, 1)})`.padEnd(32) +
        `${fmt(r.predicted, 1).padStart(6)} (${fmt(r.predicted / r.lowerBound)})`.padEnd(18) +
        `${fmt(r.bare.makespan, 1).padStart(6)} (${fmt(r.bare.makespan / r.lowerBound)})`.padEnd(17) +
        `${fmt(r.make.makespan, 1).padStart(8)}   ${fmt(r.squad.makespan, 1).padStart(6)} (${fmt(r.squad.makespan / r.lowerBound)})`.padEnd(36) +
        `${fmt(r.squadNoEstimates.makespan, 1).padStart(8)}`.padEnd(22) +
        `${Math.round(r.make.wallMs)} / ${Math.round(r.squad.wallMs)} / ${Math.round(r.squadNoEstimates.wallMs)}`,
    );
  }
  out.push('');
  for (const c of checks) {
    out.push(`seed ${c.seed}: within 1.10 of bound ${verdict(c.withinBound)}; faster than make ${verdict(c.beatsMake)}; without estimates no slower than make ${verdict(c.noEstimatesNotSlower)}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}
