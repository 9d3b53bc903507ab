// A temp repository for `squad verify` tests: a source document copied from the fixtures, the plan compiled
// from it, tasks marked done in squad's coordination store, a config with a test command, and the command run
// in-process with its output captured.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { compile } from '../../../src/compile.js';
import { planJson } from '../../../src/emit/plan-json.js';
import { Plan } from '../../../src/plan/schema.js';
import { currentSession, openStore } from '../../../src/state/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures');
/** The folder holding the fake `bd`, to put first on PATH. */
export const FAKE_BD_DIR = join(here, '..', '..', 'fixtures');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** Test commands: the output is what real runners print, so the verdict comes from the same judgement as squad run. */
export const TESTS = {
  pass: ['node', '-e', "console.log('Tests  2 passed (2)')"],
  fail: ['node', '-e', "console.log('Tests  1 failed | 1 passed (2)'); process.exit(1)"],
  // A wrapper (as `npm test` is) around vitest finding nothing; `node` itself would get node --test's rules.
  none: ['sh', '-c', "echo 'No test files found, exiting with code 1'; exit 1"],
} as const;

export class TempRepo {
  readonly root = mkdtempSync(join(tmpdir(), 'squad-verify-'));

  write(rel: string, data: string | Uint8Array): string {
    const full = join(this.root, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, data);
    return full;
  }

  read(rel: string): Buffer {
    return readFileSync(join(this.root, rel));
  }

  /** Compile `rel` as `squad allocate` would from the repo root, and write plans/plan.json. */
  compile(rel: string, tag: string | null = null, order: 'auto' | 'explicit' = 'auto'): Plan {
    const plan = compile(this.read(rel).toString('utf8'), { file: rel, repoRoot: this.root, tag, order });
    this.savePlan(plan);
    return plan;
  }

  savePlan(plan: Plan): void {
    this.write('plans/plan.json', planJson(plan));
  }

  plan(): Plan {
    return Plan.parse(JSON.parse(this.read('plans/plan.json').toString('utf8')));
  }

  config(test: readonly string[], extra = ''): void {
    this.write('squad.config.yaml', `test:\n  command: ${JSON.stringify(test)}\n${extra}`);
  }

  /** Mark tasks done in squad's coordination store, as agents (or `squad done`) would. */
  markDone(ids: string[], name = 'agent'): void {
    const store = openStore({ repoRoot: this.root, plan: this.plan(), ttlMs: 60_000 });
    const s = currentSession(name, { pid: process.pid });
    for (const id of ids) {
      const claimed = store.tryClaim(id, s, { skipDepCheck: true });
      if (!claimed.ok) throw new Error(`claim ${id}: ${claimed.message}`);
      const done = store.markDone(id, s);
      if (!done.ok) throw new Error(`done ${id}: ${done.message}`);
    }
  }

  start(id: string, name = 'agent'): void {
    const store = openStore({ repoRoot: this.root, plan: this.plan(), ttlMs: 60_000 });
    const r = store.start(id, currentSession(name, { pid: process.pid }), { force: 'test' });
    if (!r.ok) throw new Error(`start ${id}: ${r.message}`);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Run a command module in-process from the repo root, with extra environment, capturing its output. */
export async function runIn(repo: TempRepo, cmd: { run(argv: string[]): Promise<number> }, argv: string[], extraEnv: Record<string, string | undefined> = {}): Promise<Ran> {
  // The test process may itself run in GitHub Actions: never append to its real step summary.
  const env = { GITHUB_STEP_SUMMARY: undefined, GITHUB_SHA: undefined, ...extraEnv };
  let out = '';
  let err = '';
  const cwd = process.cwd();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  process.chdir(repo.root);
  try {
    return { code: await cmd.run(argv), out, err };
  } finally {
    process.chdir(cwd);
    o.mockRestore();
    e.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Byte offsets where two buffers of equal length differ. */
export function differingOffsets(a: Uint8Array, b: Uint8Array): number[] {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/** 1-based line number of a byte offset. */
export function lineOf(buf: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) line++;
  return line;
}
