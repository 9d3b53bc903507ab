// Overhead benchmark for `squad run`: 500 no-op tasks (`true`) at concurrency 2, whole process, beside
// `make -j2` on the same tasks, measured in the same run (best of 3 each: the minimum is the figure least
// disturbed by other work on the machine). Target: squad within 2x make.
// Also printed, to show where the time goes: node starting the CLI (`squad --version`), and the same
// run with the claim store's bookkeeping included (it always is; see the breakdown line).
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

let closed = 0;
const make = await best(['make', '-s', '-j2']);
const squad = await best([process.execPath, CLI, 'run', '--concurrency', '2'], (dir) => (closed = lastRecord(dir).tasks.filter((t) => t.status === 'closed').length));
if (closed !== N) {
  process.stderr.write(`bench: squad closed ${closed} of ${N} tasks\n`);
  process.exit(1);
}
const startup = await best([process.execPath, CLI, '--version']);
const ratio = squad / make;
const result = { machine: machine(), tasks: N, concurrency: 2, makeMs: make, squadMs: squad, ratio, startupMs: startup, perTaskMs: (squad - startup) / N, target: 2, ok: ratio <= 2 };
if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else {
  process.stdout.write(
    [
      `squad run overhead bench: ${N} tasks running 'true', concurrency 2, best of ${RUNS}`,
      `machine: ${JSON.stringify(result.machine)}`,
      `make -j2        ${fmt(make, 0).padStart(7)} ms`,
      `squad run       ${fmt(squad, 0).padStart(7)} ms   ratio ${fmt(ratio)} (target <= 2.00): ${result.ok ? 'ok' : 'MISS'}`,
      `  of which node starting the CLI ${fmt(startup, 0)} ms; per task ${fmt(result.perTaskMs)} ms (spawn, log file, claim, run record)`,
    ].join('\n') + '\n',
  );
}
