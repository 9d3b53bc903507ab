// What a task runs. A task with a `run:` line runs it through `sh -c` (it is the author's own command).
// Any other task runs the agent command configured for its agent type, an argument array whose
// placeholders are replaced by paths and ids only: the task's text reaches the agent through the
// prompt file, never through a command line or a shell.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { PlanTask } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';

export interface Placeholders {
  prompt: string;
  plan: string;
  task: string;
  agent: string;
  cwd: string;
}

/** The configured argv for an agent type (`default` serves types without an entry), or null. */
export function agentCommandFor(config: Config, agentType: string): { argv: string[]; key: string } | null {
  const own = config.agents[agentType];
  if (own) return { argv: own, key: agentType };
  const fallback = config.agents.default;
  return fallback ? { argv: fallback, key: 'default' } : null;
}

export function fillPlaceholders(argv: readonly string[], values: Placeholders): string[] {
  return argv.map((arg) => arg.replace(/\{(prompt|plan|task|agent|cwd)\}/g, (_, name: keyof Placeholders) => values[name]));
}

export function taskArgv(task: PlanTask, config: Config, values: Placeholders): string[] {
  if (task.run !== null) return ['sh', '-c', task.run];
  const cmd = agentCommandFor(config, task.agent);
  if (!cmd) throw new Error(`no agent command for ${task.agent}; checkAgentCommands should have refused the run`);
  return fillPlaceholders(cmd.argv, values);
}

/** Full path of an executable, searching PATH for bare names; null when there is none. */
export function findExecutable(name: string, cwd: string, path = process.env.PATH ?? ''): string | null {
  const candidates = name.includes('/') ? [isAbsolute(name) ? name : resolve(cwd, name)] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* not here */
    }
  }
  return null;
}

/**
 * Before anything starts: every agent task has a configured command, and that command exists.
 * One line names every problem and says where to configure a command.
 */
export function checkAgentCommands(tasks: readonly PlanTask[], config: Config, configFile: string | null, cwd: string): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of tasks) {
    if (t.run !== null || t.status === 'done' || seen.has(t.agent)) continue;
    seen.add(t.agent);
    const cmd = agentCommandFor(config, t.agent);
    const users = tasks.filter((u) => u.run === null && u.agent === t.agent).map((u) => u.id);
    const who = `${users.slice(0, 3).join(', ')}${users.length > 3 ? ', ...' : ''}`;
    if (!cmd) problems.push(`no agent command for type '${t.agent}' (tasks ${who})`);
    else if (!findExecutable(cmd.argv[0]!, cwd)) problems.push(`agent command '${cmd.argv[0]}' for type '${t.agent}' (agents.${cmd.key}) is not installed or not on PATH`);
  }
  if (problems.length === 0) return;
  const where = configFile ?? 'squad.config.yaml';
  // One line; the example lives in README ("Agent commands") and in the config `squad init` writes.
  throw new UserError(
    `${problems.join('; ')}; configure one per agent type (or 'default') under 'agents:' in ${where} (examples: 'squad init', README "Agent commands"), or give the task a 'run:' line`,
    configFile,
  );
}
