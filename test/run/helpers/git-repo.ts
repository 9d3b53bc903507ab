// Temp git repositories for worktree runs: a plan, a config whose agents are the fake agent
// (test/fixtures/fake-agent), the fake agent's script, and an initial commit on `main`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plan } from '../../../src/plan/schema.js';
import { tempDir } from './cli.js';
import { writePlan } from './plan.js';

export const FAKE_AGENT = resolve(import.meta.dirname, '../../fixtures/fake-agent/fake-agent.mjs');

/** One step of the fake agent (see its header). */
export type AgentStep =
  | { write: string; text: string }
  | { append: string; text: string }
  | { replace: string; from: string; to: string }
  | { touch: string }
  | { waitFor: string }
  | { commit: string }
  | { exit: number };

export interface GitRepo {
  dir: string;
  /** Where the test's signal files go (outside the repository). */
  signals: string;
  git(...args: string[]): string;
}

/** The fake agent's script: task id -> steps; a function gets the path of a signal file (outside the repository). */
export type AgentScript = Record<string, AgentStep[]> | ((signal: (name: string) => string) => Record<string, AgentStep[]>);

/** `test` is the config's test command (default: one that passes); `config` adds more keys. */
export function gitRepo(o: { plan: Plan; script: AgentScript; files?: Record<string, string>; config?: string; test?: string }): GitRepo {
  const dir = tempDir('squad-wt-');
  const signals = tempDir('squad-wt-signals-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  const scriptPath = join(signals, 'script.json');
  const script = typeof o.script === 'function' ? o.script((name) => join(signals, name)) : o.script;
  writeFileSync(scriptPath, JSON.stringify(script, null, 2));
  writePlan(dir, o.plan);
  const agent = JSON.stringify(['node', FAKE_AGENT, '{task}', scriptPath]);
  writeFileSync(join(dir, 'squad.config.yaml'), `agents:\n  default: ${agent}\ntest:\n  command: ${JSON.stringify(o.test ?? 'echo 1 passed')}\n${o.config ?? ''}`);
  for (const [path, text] of Object.entries(o.files ?? { 'README.md': '# test\n' })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return { dir, signals, git };
}
