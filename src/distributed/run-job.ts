// One task attempt on a worker: fetch the base the coordinator pushed, work in a fresh worktree of this clone, run
// the task as a local run would (the same argv from this clone's squad.config.yaml, prompt file on stdin, SQUAD_*
// variables, task and inactivity timeouts, process group, gate), commit, push the branch, and say what happened.
// Nothing here touches the claim store: the coordinator holds the claim; the worker holds a lease (jobs.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { logTail } from '../process/log-tail.js';
import type { Config } from '../config/schema.js';
import { taskDirName } from '../state/paths.js';
import { displayCommand } from '../close/test-command.js';
import { startGroup, type GroupResult, type GroupSpec } from '../process/process-group.js';
import { taskArgv } from '../run/launch/task-command.js';
import { taskVariables } from '../run/launch/task-spec.js';
import { gateFailure, gateSpec } from '../run/launch/gate.js';
import { describeEnd } from '../run/launch/process-executor.js';
import { Watchdog } from '../process/watchdog.js';
import { commitLeftovers } from '../run/worktree/branch-changes.js';
import { git, gitFetch, gitMaybe } from '../run/worktree/git.js';
import type { TaskJob, TaskJobResult } from './jobs.js';

export interface WorkerSetup {
  name: string;
  /** This worker's clone of the shared repository. */
  clone: string;
  /** The shared repository: a remote name of the clone, a URL or a path. */
  repo: string;
  config: Config;
}

/** The last 64 KiB of the log: enough to judge a failure, small enough for a job result. */
const LOG_BYTES = 64 * 1024;

export async function runJob(w: WorkerSetup, job: TaskJob, lease: number): Promise<TaskJobResult> {
  const startedAt = Date.now();
  const home = join(w.clone, '.squad', 'worker', taskDirName(w.name), job.run);
  const file = taskDirName(job.task.id);
  const dir = join(home, 'worktrees', file);
  const logPath = join(home, 'logs', `${file}.${job.attempt}.log`);
  const result = (ok: boolean, why: string | null, exitCode: number | null, tip: string | null): TaskJobResult => ({
    worker: w.name,
    host: hostname(),
    lease,
    ok,
    why,
    exitCode,
    tip,
    log: tail(logPath),
    startedAt,
    endedAt: Date.now(),
  });

  // The base, exactly: the commit the coordinator's worktree starts from, fetched from the shared repository.
  await gitFetch(w.clone, ['--quiet', w.repo, `+refs/heads/${job.branch}:refs/squad-worker/${file}`]);
  const fetched = await git(w.clone, ['rev-parse', `refs/squad-worker/${file}`]);
  if (fetched !== job.base) return result(false, `the shared repository's ${job.branch} is at ${fetched.slice(0, 10)}, not the base ${job.base.slice(0, 10)} the coordinator sent`, null, null);
  await gitMaybe(w.clone, ['worktree', 'remove', '--force', '--force', dir]);
  rmSync(dir, { recursive: true, force: true });
  await git(w.clone, ['worktree', 'add', '--quiet', '--detach', dir, job.base]);
  try {
    const spec = taskGroupSpec(w, job, home, dir, logPath);
    const watchdog = new Watchdog({ taskMs: job.limits.taskMs, inactivityMs: job.limits.inactivityMs });
    const ran = await runGroup(spec, job.limits.graceMs, watchdog);
    if (!(ran.reason === 'exit' && ran.exitCode === 0)) return result(false, describeEnd(ran.reason, ran.exitCode, ran.signal, ran.error), ran.exitCode, null);
    const gate = gateSpec(job.task, spec);
    if (gate) {
      const g = await runGroup(gate.spec, job.limits.graceMs, watchdog);
      if (!(g.reason === 'exit' && g.exitCode === 0)) return result(false, gateFailure(gate.command, describeEnd(g.reason, g.exitCode, g.signal, g.error), logPath), g.exitCode ?? 1, null);
    }
    const tip = await commitLeftovers(dir, `squad: ${job.task.id} ${job.task.title}`);
    await git(dir, ['push', '--quiet', '--force', w.repo, `${tip}:refs/heads/${job.branch}`]);
    return result(true, null, 0, tip);
  } finally {
    await gitMaybe(w.clone, ['worktree', 'remove', '--force', '--force', dir]);
    rmSync(dir, { recursive: true, force: true });
    await gitMaybe(w.clone, ['worktree', 'prune']);
  }
}

/** What the task runs here: the files it reads written into this worker's folder, and the argv from this clone's config. */
function taskGroupSpec(w: WorkerSetup, job: TaskJob, home: string, dir: string, logPath: string): GroupSpec {
  const file = taskDirName(job.task.id);
  const write = (name: string, text: string | null): string | null => {
    if (text === null) return null;
    const path = join(home, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const prompt = write(join('prompts', `${file}.md`), job.prompt);
  const context = write('context.md', job.context);
  const agentPlan = write(`${job.task.agentId}.md`, job.agentPlan);
  const argv = taskArgv(job.task, w.config, { prompt: prompt ?? '', plan: agentPlan ?? '', task: job.task.id, agent: job.task.agentId, cwd: dir });
  return {
    argv,
    cwd: dir,
    env: {
      ...process.env,
      ...taskVariables(job.task, { agentPlan, context, worktree: { path: dir, branch: job.branch } }),
      SQUAD_WORKER: w.name,
      ...(prompt ? { SQUAD_PROMPT: prompt } : {}),
    },
    logPath,
    stdinPath: prompt,
    header: `# ${job.task.id} attempt ${job.attempt} on worker ${w.name}: ${displayCommand(argv)}`,
    marker: `${job.run}/${file}`,
  };
}

async function runGroup(spec: GroupSpec, graceMs: number, watchdog: Watchdog): Promise<GroupResult> {
  const group = startGroup(spec, graceMs);
  if (group.pid !== null) watchdog.watch(group);
  return group.done;
}

function tail(path: string): string {
  const lines = logTail(path, Infinity, LOG_BYTES);
  return lines.length ? lines.join('\n') + '\n' : '';
}
