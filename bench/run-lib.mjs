// Shared by bench/run-makespan.mjs and bench/run-overhead.mjs: plans of shell tasks written straight to
// plans/plan.json (no compiler involved), the same DAG as a Makefile, and timing of whole processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Exit 2 when dist/ is missing: the benches measure the built CLI (`npm run build`). */
export function requireBuild() {
  if (!existsSync(CLI)) {
    process.stderr.write(`bench: ${CLI} is missing; run 'npm run build' first\n`);
    process.exit(2);
  }
}

/** Seeded PRNG (mulberry32): the same DAGs every run, so figures compare across runs. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** tasks: [{ id, deps, run, estimateMinutes }] in file order -> a plan that passes the Plan schema. */
export function planOf(tasks) {
  const full = tasks.map((t, i) => ({
    id: t.id,
    title: `Task ${t.id}`,
    status: 'open',
    line: i + 1,
    deps: t.deps,
    group: null,
    phase: null,
    agent: 'shell',
    agentId: 'agent-1',
    routing: { source: 'default', score: 0, runnerUp: null, matched: [] },
    files: [],
    estimateMinutes: t.estimateMinutes ?? null,
    run: t.run,
    acceptance: [],
    steps: [],
    details: '',
    externalDeps: [],
    beadsId: null,
    origin: { kind: 'markdown', checkboxLine: i + 1, tag: null, rawId: null },
  }));
  return {
    version: 1,
    source: 'tasks.md',
    sourceHash: '0'.repeat(64),
    format: 'markdown',
    order: { requested: 'auto', mode: 'document', reason: 'bench' },
    tasks: full,
    agents: [{ id: 'agent-1', type: 'shell', tasks: full.map((t) => t.id), owns: [], loadMinutes: 0 }],
    groups: [],
    ownership: [],
    exclusions: [],
    externalDeps: [],
    criticalPath: { tasks: [], minutes: 0 },
    schedule: { agents: 1, makespanMinutes: 0, soloMinutes: 0, slots: [] },
    successCriteria: [],
    warnings: [],
  };
}

/** A repo dir with plans/plan.json, squad.config.yaml and a Makefile running the same commands. Tasks share the
 * folder (isolation: shared), as make's do: the benches measure scheduling and bookkeeping, not git worktrees. */
export function writeRepo(dir, tasks, config = 'isolation: shared\ntest:\n  command: "true"\n') {
  mkdirSync(join(dir, 'plans'), { recursive: true });
  writeFileSync(join(dir, 'plans', 'plan.json'), JSON.stringify(planOf(tasks)));
  writeFileSync(join(dir, 'squad.config.yaml'), config);
  // make runs recipes through sh as squad does; `all` lists the tasks in file order, make's own order.
  const rules = tasks.map((t) => `${t.id}:${t.deps.map((d) => ` ${d}`).join('')}\n\t@${t.run.replace(/\$/g, '$$$$')}\n`);
  writeFileSync(join(dir, 'Makefile'), `.PHONY: all ${tasks.map((t) => t.id).join(' ')}\nall: ${tasks.map((t) => t.id).join(' ')}\n${rules.join('')}`);
}

/** Run a command to completion; wall time in ms. */
export function timed(argv, cwd, env = {}) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res(performance.now() - t0) : rej(new Error(`${argv.join(' ')} exited ${code}: ${err.slice(-500)}`))));
  });
}

/** The newest run record under dir/.squad/runs. */
export function lastRecord(dir) {
  const runs = join(dir, '.squad', 'runs');
  const ids = readdirSync(runs).sort((a, b) => statSync(join(runs, b)).mtimeMs - statSync(join(runs, a)).mtimeMs);
  return JSON.parse(readFileSync(join(runs, ids[0], 'state.json'), 'utf8'));
}

export function machine() {
  return { cores: cpus().length, node: process.version, loadAverage1m: Number(loadavg()[0].toFixed(2)) };
}

export const fmt = (n, digits = 2) => n.toFixed(digits);
