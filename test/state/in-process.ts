// Commands called in-process: each test in a fresh temp repo holding the plan (as the working directory), and
// one command run with its exit code and its stdout and stderr text captured.
import { afterEach, beforeEach, vi } from 'vitest';
import type { Plan } from '../../src/plan/schema.js';
import { tempRepo } from './plan-fixture.js';

export type Cmd = { run(argv: string[]): Promise<number> };

/** Before each test: a temp repo with `plan`, entered, and no session from the environment. Returns the current repo. */
export function eachInTempRepo(plan: Plan): () => ReturnType<typeof tempRepo> {
  let repo: ReturnType<typeof tempRepo>;
  const cwd = process.cwd();
  beforeEach(() => {
    repo = tempRepo(plan);
    process.chdir(repo.root);
    delete process.env.SQUAD_SESSION;
    delete process.env.SQUAD_SESSION_PID;
  });
  afterEach(() => {
    process.chdir(cwd);
    repo.cleanup();
  });
  return () => repo;
}

export async function sq(cmd: Cmd, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await cmd.run(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
