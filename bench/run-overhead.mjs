// Overhead benchmark for `squad run`: 500 no-op tasks (`true`) at concurrency 2, whole process, beside a bare node
// loop spawning the same tasks (`sh -c true`, as squad runs a `run:` line) at the same concurrency, and beside
// `make -j2`, measured in the same run (best of 3 each: the minimum is the figure least disturbed by other work on
// the machine). Target: squad within 1.3x the node spawn loop: what squad adds per task (claims, run record, logs,
// durable done entries) stays small beside what node itself pays to start a process.
// Also printed, to show where the time goes: node starting the CLI (`squad --version`).
// Usage: node bench/run-overhead.mjs [--json] [--tasks N]   (run `npm run build` first)
// Exit codes: 0 figures printed (a MISS is reported, not an error), 1 a run failed, 2 bad flags or dist/cli.js missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI, fmt, lastRecord, machine, requireBuild, timed, writeRepo } from './run-lib.mjs';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, tasks: { type: 'string', default: '500' } } });
const N = Number(values.tasks);
if (!Number.isInteger(N) || N < 1) {
  process.stderr.write('bench: --tasks must be a positive whole number\n');
  process.exit(2);
}
requireBuild();
const RUNS = 3;
const tasks = Array.from({ length: N }, (_, i) => ({ id: `T${i}`, deps: [], run: 'true' }));

async function best(argv, fresh) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'squad-overhead-'));
    try {
      writeRepo(dir, tasks);
      times.push(await timed(argv, dir));
      if (fresh) fresh(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return Math.min(...times);
}

// The floor squad is built on: node spawning each task through sh, two at a time, nothing else.
const SPAWN_LOOP = `
import { spawn } from 'node:child_process';
const n = Number(process.argv[1]);
let next = 0;
const one = () => next >= n ? null : (next++, new Promise((res, rej) => spawn('sh', ['-c', 'true'], { stdio: 'ignore' }).on('error', rej).on('close', (c) => (c === 0 ? res() : rej(new Error('exit ' + c))))).then(one));
await Promise.all([one(), one()]);
`;

let closed = 0;
const make = await best(['make', '-s', '-j2']);
const spawnLoop = await best([process.execPath, '--input-type=module', '-e', SPAWN_LOOP, String(N)]);
const squad = await best([process.execPath, CLI, 'run', '--concurrency', '2'], (dir) => (closed = lastRecord(dir).tasks.filter((t) => t.status === 'closed').length));
if (closed !== N) {
  process.stderr.write(`bench: squad closed ${closed} of ${N} tasks\n`);
  process.exit(1);
}
const startup = await best([process.execPath, CLI, '--version']);
const TARGET = 1.3;
const ratio = squad / spawnLoop;
const result = { machine: machine(), tasks: N, concurrency: 2, makeMs: make, spawnLoopMs: spawnLoop, squadMs: squad, ratio, ratioToMake: squad / make, startupMs: startup, perTaskMs: (squad - spawnLoop) / N, target: TARGET, ok: ratio <= TARGET };
if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  process.stdout.write(
    [
      `squad run overhead bench: ${N} tasks running 'true', concurrency 2, best of ${RUNS}`,
      `machine: ${JSON.stringify(result.machine)}`,
      `make -j2          ${fmt(make, 0).padStart(7)} ms`,
      `node spawn loop   ${fmt(spawnLoop, 0).padStart(7)} ms`,
      `squad run         ${fmt(squad, 0).padStart(7)} ms   ratio to the spawn loop ${fmt(ratio)} (target <= ${fmt(TARGET)}): ${result.ok ? 'ok' : 'MISS'}; to make ${fmt(result.ratioToMake)}`,
      `  of which node starting the CLI ${fmt(startup, 0)} ms; squad's own cost per task beyond the spawn loop ${fmt(result.perTaskMs)} ms (claim, log file, run record, durable done entry)`,
    ].join('\n') + '\n',
  );
}
