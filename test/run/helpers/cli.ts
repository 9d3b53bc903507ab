// Run the real CLI as a separate process (signals, kill -9 and process groups need one). The sources are
// compiled once per content hash into node_modules/.cache, so parallel test files share one build.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) h.update(p).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'src'));
  return h.digest('hex').slice(0, 16);
}

let cached: string | null = null;

/** Path of cli.js compiled from the current sources. */
export function builtCli(): string {
  if (cached) return cached;
  const cache = join(ROOT, 'node_modules', '.cache', 'squad-run-test');
  const out = join(cache, sourceHash());
  if (!existsSync(join(out, 'cli.js'))) {
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, 'build-'));
    try {
      // tsc emits even when another engineer's file has a type error; only a missing cli.js is fatal here.
      execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.json'), '--outDir', tmp], { stdio: 'ignore' });
    } catch {
      /* type errors: see above */
    }
    if (!existsSync(join(tmp, 'cli.js'))) throw new Error('tsc produced no cli.js');
    try {
      renameSync(tmp, out);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another test file built it first
    }
    // Builds of older sources pile up as the code changes; one an hour old is no test's any more.
    for (const name of readdirSync(cache)) {
      const p = join(cache, name);
      if (p !== out && Date.now() - statSync(p).mtimeMs > 3_600_000) rmSync(p, { recursive: true, force: true });
    }
  }
  cached = join(out, 'cli.js');
  return cached;
}

export interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `squad run` in a plain temp directory (not a git repository, as most runner tests use) runs with
 * `--isolation shared` unless the test names a mode: worktree isolation, the default, refuses a directory
 * that is not a repository. Tests in a git repository get the real default.
 */
function isolationFor(args: string[], cwd: string): string[] {
  if (args[0] !== 'run' || args.includes('--isolation') || existsSync(join(cwd, '.git'))) return args;
  return [...args, '--isolation', 'shared'];
}

/** Start `squad <args>` in `cwd`; CI=true so output is one plain line per event. */
export function startSquad(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [builtCli(), ...isolationFor(args, cwd)], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Done>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

export function squad(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Done> {
  return startSquad(args, cwd, env).done;
}

export function tempDir(prefix = 'squad-run-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Is this pid a live process? A zombie is not: it has exited and only waits to be reaped, which some
 * container inits never do for orphans.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `check` holds, polling; fail the test after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
