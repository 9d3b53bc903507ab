// squad remote-task: internal. `squad run` starts it, in a task's worktree, for each task it sends to a worker
// (src/distributed/remote-spec.ts); the task's variables come in the environment, as for any task.
import { intFlag, parseFlags } from './args.js';
import { UsageError } from '../io/errors.js';
import { loadPlanFile } from '../plan/load.js';
import { runRemoteTask } from '../distributed/remote-task.js';
import { readTextIfExists } from '../state/missing-ok.js';

export const summary = "internal: run one task of 'squad run' on a worker and wait for it (squad run starts it)";

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags('remote-task', argv, {
    store: { type: 'string' },
    run: { type: 'string' },
    attempt: { type: 'string' },
    remote: { type: 'string' },
    'plan-key': { type: 'string' },
    'task-ms': { type: 'string' },
    'inactivity-ms': { type: 'string' },
    'grace-ms': { type: 'string' },
  });
  const env = process.env;
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new UsageError(`remote-task: missing ${what}; squad run starts this command, not people`);
    return v;
  };
  const planPath = need(env.SQUAD_PLAN, 'SQUAD_PLAN');
  const taskId = need(env.SQUAD_TASK_ID, 'SQUAD_TASK_ID');
  const plan = loadPlanFile(planPath, process.cwd());
  const task = plan.tasks.find((t) => t.id === taskId);
  if (!task) throw new UsageError(`remote-task: ${taskId} is not in ${planPath}`);
  const ms = (name: 'task-ms' | 'inactivity-ms') => intFlag(values[name], name, 1, 2 ** 31);
  return runRemoteTask({
    url: need(values.store, '--store'),
    run: need(values.run, '--run'),
    attempt: intFlag(values.attempt, 'attempt', 1, 1_000_000) ?? 1,
    remote: need(values.remote, '--remote'),
    planKey: need(values['plan-key'], '--plan-key'),
    task,
    worktree: need(env.SQUAD_WORKTREE, 'SQUAD_WORKTREE'),
    branch: need(env.SQUAD_BRANCH, 'SQUAD_BRANCH'),
    prompt: textOf(env.SQUAD_PROMPT),
    context: textOf(env.SQUAD_CONTEXT),
    agentPlan: textOf(env.SQUAD_AGENT_PLAN),
    limits: { taskMs: ms('task-ms'), inactivityMs: ms('inactivity-ms'), graceMs: intFlag(values['grace-ms'], 'grace-ms', 1, 2 ** 31) ?? 10_000 },
    say: (line) => process.stdout.write(`# ${line}\n`),
  });
}

/** The text of a file the run wrote for the task, or null when the task has none (an empty variable). */
function textOf(path: string | undefined): string | null {
  return path ? readTextIfExists(path) : null;
}
