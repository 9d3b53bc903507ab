// Compile benchmark: `squad allocate` on generated documents of 1k..20k tasks, whole process, beside a bare
// remark parse (unified + remark-parse, CommonMark only, no GFM extension) of the same text in one piece, and
// beside markdown-it tokenizing it (a dev dependency of this bench only: the floor a user could pick), measured
// in the same run. Two shapes: plain, and hot (one task in ten also writes one of 20 shared files). micromark is superlinear on one long list with nested items; the compiler must not be. The
// baseline carries no GFM extension on purpose: it does not depend on how src/parse configures GFM, and any GFM
// extension only adds parse work, so the compile/remark ratio is if anything unfavourable to the compiler.
//
// Usage: node bench/compile.mjs [--quick] [--json]   (run `npm run build` first: this measures dist/)
// Exit codes: 0 figures printed (a MISS is reported, not an error: a loaded machine is no verdict), 1 a compile
// failed or gave the wrong task count, 2 bad flags or dist/cli.js missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';
const COMPILE_RUNS = 3; // best of 3: the minimum is the figure least disturbed by other work on the machine
// The bare parse is superlinear (about 25 s at 10k on an idle machine, some 100 s at 20k): past this cap it is
// reported as "> 60 s", which keeps the whole run to a few minutes and still bounds the ratio.
const BASELINE_CAP_MS = 60_000;
const COMPILE_CAP_MS = 120_000;
const TARGET_10K_MS = 1500;
const TARGET_20K_OVER_10K = 2.1;
const TARGET_HOT_OVER_MDIT = 6;

// The bare parse, in its own process so it is timed the same way as the compile. Resolved from the repo root.
const BASELINE_CODE = `
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
const text = readFileSync(process.argv[1], 'utf8');
const t0 = performance.now();
const root = unified().use(remarkParse).parse(text);
process.stdout.write(JSON.stringify({ parseMs: performance.now() - t0, topLevelNodes: root.children.length }));
`;

// markdown-it tokenizing the same text: a fast CommonMark tokenizer, the floor a reader could be built on.
const MDIT_CODE = `
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
const text = readFileSync(process.argv[1], 'utf8');
const t0 = performance.now();
const tokens = new MarkdownIt().parse(text, {});
process.stdout.write(JSON.stringify({ parseMs: performance.now() - t0, tokens: tokens.length }));
`;

class BenchError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Stop with one line and an exit code; thrown, so the temp folder is still removed. */
function fail(code, message) {
  throw new BenchError(code, message);
}

function exitWith(err) {
  if (!(err instanceof BenchError)) throw err;
  process.stderr.write(`bench/compile.mjs: ${err.message}\n`);
  process.exit(err.code);
}

let flags;
try {
  flags = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
} catch (err) {
  exitWith(new BenchError(2, `${err.message}\nusage: node bench/compile.mjs [--quick] [--json]`));
}
if (flags.help) {
  process.stdout.write('usage: node bench/compile.mjs [--quick] [--json]\n  --quick  1k and 2k tasks only (smoke run)\n  --json   figures as JSON on stdout\n');
  process.exit(0);
}
if (!existsSync(CLI)) exitWith(new BenchError(2, 'dist/cli.js not found; run `npm run build` first'));

const SIZES = flags.quick ? [1000, 2000] : [1000, 2000, 5000, 10000, 20000];
const progress = (line) => process.stderr.write(`${line}\n`);

/** Newest modification time under a folder, to warn when dist/ predates the source it was built from. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** bench/generate.ts is TypeScript and tsconfig builds only src/: transpile it alone, without a type check. */
async function loadGenerator(dir) {
  const ts = createRequire(import.meta.url)('typescript');
  const source = readFileSync(join(ROOT, 'bench', 'generate.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
  const file = join(dir, 'generate.mjs');
  writeFileSync(file, outputText);
  return (await import(pathToFileURL(file).href)).generateDocument;
}

/**
 * Run one process, wall time from spawn to exit. It gets its own process group so a timeout kills node too, not
 * only /usr/bin/time in front of it. Peak RSS (KiB) and CPU time (user + system) come from /usr/bin/time when it
 * is there: on a shared machine the CPU time says how much of the wall time was the process's own work.
 */
function timed(argv, { cwd, capMs, statsFile }) {
  const full = statsFile ? [TIME, '-f', '%M %U %S', '-o', statsFile, ...argv] : argv;
  return new Promise((done, refuse) => {
    const start = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, capMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      refuse(new BenchError(1, `cannot start ${full[0]}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      let rssKiB = null;
      let cpuMs = null;
      if (statsFile && !timedOut && existsSync(statsFile)) {
        // The last line: a process killed by a signal makes /usr/bin/time write a line about it first.
        const [rss, user, sys] = readFileSync(statsFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        if ([rss, user, sys].every(Number.isFinite)) [rssKiB, cpuMs] = [rss, (user + sys) * 1000];
      }
      done({ ms, code, timedOut, stdout, stderr, rssKiB, cpuMs });
    });
  });
}

async function measureCompile(doc, n, dir, useTime) {
  const runs = [];
  for (let r = 1; r <= COMPILE_RUNS; r++) {
    const out = join(dir, `out-${n}-${r}`);
    const result = await timed([process.execPath, CLI, 'allocate', doc, '--out', out], {
      cwd: dir, // an empty folder: no squad.config.yaml of the repo changes what is measured
      capMs: COMPILE_CAP_MS,
      statsFile: useTime ? join(dir, `stats-${n}-${r}`) : null,
    });
    if (result.timedOut) fail(1, `compiling ${n} tasks took more than ${COMPILE_CAP_MS / 1000} s`);
    if (result.code !== 0) fail(1, `compiling ${n} tasks failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0]}`);
    // A fast compile that lost tasks would be a false figure: check the plan really holds all of them.
    const tasks = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).tasks.length;
    if (tasks !== n) fail(1, `compiling ${n} tasks gave ${tasks} tasks in plan.json`);
    runs.push(result);
  }
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const rss = runs.map((r) => r.rssKiB).filter((v) => v !== null);
  return { ms: best.ms, cpuMs: best.cpuMs, runsMs: runs.map((r) => r.ms), peakRssKiB: rss.length ? Math.max(...rss) : null };
}

async function measureBareParse(doc, n, dir, useTime, code = BASELINE_CODE, label = 'bare remark parse') {
  const result = await timed([process.execPath, '--input-type=module', '-e', code, doc], {
    cwd: ROOT, // so unified and remark resolve from this repo's node_modules
    capMs: BASELINE_CAP_MS,
    statsFile: useTime ? join(dir, `stats-bare-${n}`) : null,
  });
  if (result.timedOut) return { ms: null, cpuMs: null, parseMs: null, timedOut: true, peakRssKiB: null };
  if (result.code !== 0) fail(1, `${label} of ${n} tasks failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0]}`);
  const { parseMs } = JSON.parse(result.stdout);
  return { ms: result.ms, cpuMs: result.cpuMs, parseMs, timedOut: false, peakRssKiB: result.rssKiB };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
// A baseline stopped at the cap bounds only its wall time; its CPU time is unknown then.
const capped = (bare, field) => (bare.timedOut && field === 'ms' ? `> ${BASELINE_CAP_MS / 1000} s` : bare[field] === null ? 'n/a' : seconds(bare[field]));
const ratio = (compileMs, bare, field) => {
  if (compileMs === null) return 'n/a';
  // Beside a capped baseline only a bound is known: the compile took less than this share of the cap.
  if (bare.timedOut && field === 'ms') return `< ${(compileMs / BASELINE_CAP_MS).toFixed(3)}`;
  return bare[field] === null ? 'n/a' : (compileMs / bare[field]).toFixed(3);
};
const mib = (kib) => (kib === null ? 'n/a' : `${Math.round(kib / 1024)} MiB`);
const k = (n) => `${n / 1000}k`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'squad-bench-'));
  try {
    const useTime = existsSync(TIME) && (await timed(['true'], { cwd: dir, capMs: 5000, statsFile: join(dir, 'probe') }).catch(() => ({ code: 1 }))).code === 0;
    const distStale = newestMtime(join(ROOT, 'src')) > statSync(CLI).mtimeMs;
    if (distStale) progress('warning: src/ has changes newer than dist/cli.js; run `npm run build` to measure them');
    const loadAtStart = loadavg()[0];
    const generateDocument = await loadGenerator(dir);

    const rows = [];
    for (const shape of ['plain', 'hot']) {
      for (const n of SIZES) {
        const doc = join(dir, `tasks-${shape}-${n}.md`);
        const text = generateDocument(n, shape === 'hot');
        writeFileSync(doc, text);
        progress(`${shape} ${k(n)} tasks (${(text.length / 1e6).toFixed(2)} MB): compile x${COMPILE_RUNS} ...`);
        const compile = await measureCompile(doc, n, dir, useTime);
        progress(`${shape} ${k(n)} tasks: bare remark parse (cap ${BASELINE_CAP_MS / 1000} s) ...`);
        const bare = shape === 'plain' ? await measureBareParse(doc, n, dir, useTime) : { ms: null, cpuMs: null, timedOut: false, peakRssKiB: null, skipped: true };
        progress(`${shape} ${k(n)} tasks: markdown-it tokenize ...`);
        const mdit = await measureBareParse(doc, n, dir, useTime, MDIT_CODE, 'markdown-it tokenize');
        rows.push({ shape, tasks: n, bytes: text.length, compile, bare, mdit });
      }
    }

    const at = (shape, n) => rows.find((r) => r.shape === shape && r.tasks === n);
    const scaling = rows.filter((r, i) => i > 0 && rows[i - 1].shape === r.shape).map((r) => {
      const prev = rows[rows.indexOf(r) - 1];
      return {
        shape: r.shape,
        from: prev.tasks,
        to: r.tasks,
        sizeRatio: r.tasks / prev.tasks,
        timeRatio: r.compile.ms / prev.compile.ms,
        cpuRatio: r.compile.cpuMs !== null && prev.compile.cpuMs !== null ? r.compile.cpuMs / prev.compile.cpuMs : null,
      };
    });
    const targets = [];
    // Judged on wall time, as the targets are stated; the CPU figure is printed beside them, not judged.
    if (at('plain', 10000)) {
      const { ms, cpuMs } = at('plain', 10000).compile;
      targets.push({ name: `compile 10k tasks, whole process < ${TARGET_10K_MS / 1000} s`, value: ms / 1000, cpuValue: cpuMs === null ? null : cpuMs / 1000, unit: 's', pass: ms < TARGET_10K_MS });
    }
    for (const shape of ['plain', 'hot']) {
      if (!at(shape, 10000) || !at(shape, 20000)) continue;
      const s = scaling.find((x) => x.shape === shape && x.to === 20000 && x.from === 10000);
      targets.push({ name: `${shape}: compile 20k / compile 10k <= ${TARGET_20K_OVER_10K}`, value: s.timeRatio, cpuValue: s.cpuRatio, unit: 'x', pass: s.timeRatio <= TARGET_20K_OVER_10K });
    }
    if (at('hot', 10000)) {
      const r = at('hot', 10000);
      const v = r.compile.ms / r.mdit.ms;
      const c = r.compile.cpuMs !== null && r.mdit.cpuMs !== null ? r.compile.cpuMs / r.mdit.cpuMs : null;
      targets.push({ name: `hot: compile 10k within ${TARGET_HOT_OVER_MDIT}x markdown-it (whole process each)`, value: v, cpuValue: c, unit: 'x', pass: v <= TARGET_HOT_OVER_MDIT });
    }
    const machine = { cores: cpus().length, node: process.version, loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: loadavg()[0], distStale };

    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ compileRuns: COMPILE_RUNS, baselineCapMs: BASELINE_CAP_MS, machine, rows, scaling, targets }, null, 2)}\n`);
      return;
    }
    const table = [['shape', 'tasks', 'compile wall', 'compile cpu', 'remark wall', 'remark cpu', 'ratio wall', 'ratio cpu', 'md-it wall', 'compile/md-it', 'peak RSS compile', 'peak RSS remark']];
    for (const { shape, tasks, compile, bare, mdit } of rows) {
      const skip = bare.skipped;
      table.push([
        shape,
        k(tasks),
        seconds(compile.ms),
        compile.cpuMs === null ? 'n/a' : seconds(compile.cpuMs),
        skip ? '-' : capped(bare, 'ms'),
        skip ? '-' : capped(bare, 'cpuMs'),
        skip ? '-' : ratio(compile.ms, bare, 'ms'),
        skip ? '-' : ratio(compile.cpuMs, bare, 'cpuMs'),
        capped(mdit, 'ms'),
        ratio(compile.ms, mdit, 'ms'),
        mib(compile.peakRssKiB),
        bare.timedOut || skip ? 'n/a' : mib(bare.peakRssKiB),
      ]);
    }
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    const lines = [
      `squad allocate (whole process, best of ${COMPILE_RUNS}) beside a bare remark-parse of the same text in one piece and markdown-it tokenizing it (whole process, once each, cap ${BASELINE_CAP_MS / 1000} s)`,
      'shapes: plain; hot = one task in ten also writes one of 20 shared files (remark is measured on plain only)',
      'wall = elapsed time; cpu = user + system time of the process; ratio = compile / remark',
      '',
    ];
    const header = lines.length;
    lines.push(...table.map((row) => row.map((cell, c) => cell.padStart(widths[c])).join(' | ')));
    lines.splice(header + 1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
    lines.push('', 'scaling of compile time (linear = the size ratio):');
    for (const x of scaling) lines.push(`  ${x.shape} ${k(x.to)} / ${k(x.from)}: wall ${x.timeRatio.toFixed(2)}x${x.cpuRatio === null ? '' : `, cpu ${x.cpuRatio.toFixed(2)}x`} for ${x.sizeRatio}x the tasks`);
    lines.push('', 'targets:');
    if (!targets.length) lines.push('  not checked (--quick measures 1k and 2k only)');
    for (const t of targets) lines.push(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.value.toFixed(2)} ${t.unit} wall${t.cpuValue === null ? '' : ` (cpu ${t.cpuValue.toFixed(2)} ${t.unit})`}`);
    lines.push('', `machine: ${machine.cores} cores, node ${machine.node}, 1-min load average ${machine.loadAverage1mAtStart.toFixed(2)} at start, ${machine.loadAverage1mAtEnd.toFixed(2)} at end.`);
    lines.push('Figures are from a possibly loaded, shared machine; the ratios beside the same-run baseline are the comparable part.');
    if (!useTime) lines.push('CPU time and peak RSS not measured: /usr/bin/time is not available.');
    if (distStale) lines.push('WARNING: dist/ is older than src/; these figures are of the last build.');
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch(exitWith);
