// What one task runs, and with what: argv (its `run:` line, or its agent command), environment, log file,
// and for agents the prompt file (written here, given as stdin and as {prompt}).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlanTask } from '../../plan/schema.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { taskDirName } from '../../state/paths.js';
import { displayCommand } from '../../close/test-command.js';
import type { RunContext } from '../run-context.js';
import type { GroupSpec } from '../../process/process-group.js';
import { promptText } from './prompt.js';
import { taskArgv } from './task-command.js';
import type { WorktreePlace } from '../worktree/place.js';
import { taskMarker } from '../../process/escapees.js';
import { notesOn } from '../../state/notes.js';

/** The SQUAD_* variables every task gets, wherever it runs (here, or on a worker: src/distributed/run-job.ts). */
export function taskVariables(task: PlanTask, o: { agentPlan: string | null; context: string | null; worktree: WorktreePlace | null }): Record<string, string> {
  return {
    SQUAD_TASK_ID: task.id,
    SQUAD_AGENT: task.agentId,
    SQUAD_AGENT_TYPE: task.agent,
    SQUAD_AGENT_PLAN: o.agentPlan ?? '',
    SQUAD_CONTEXT: o.context ?? '',
    ...(o.worktree ? { SQUAD_WORKTREE: o.worktree.path, SQUAD_BRANCH: o.worktree.branch } : {}),
  };
}

export function taskSpec(
  ctx: RunContext,
  task: PlanTask,
  o: { slot: number; attempt: number; contextPath: string; env: NodeJS.ProcessEnv; worktree?: WorktreePlace | null },
): GroupSpec {
  // In a worktree run the task works in its own worktree; otherwise in the repository root.
  const cwd = o.worktree?.path ?? ctx.repoRoot;
  const file = taskDirName(task.id);
  const agentPlan = join(dirname(ctx.planPath), `${task.agentId}.md`);
  const agentPlanPath = existsSync(agentPlan) ? agentPlan : null;
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    ...taskVariables(task, { agentPlan: agentPlanPath, context: o.contextPath, worktree: o.worktree ?? null }),
    SQUAD_SLOT: String(o.slot + 1),
  };
  let promptPath: string | null = null;
  if (task.run === null) {
    // Only agents read a prompt; a `run:` task is the author's own command and gets the variables.
    promptPath = join(ctx.runDir, 'prompts', `${file}.md`);
    writeFileAtomic(promptPath, promptText({ task, plan: ctx.plan, agentPlanPath, contextPath: o.contextPath, worktree: o.worktree ?? null, notes: notesOn(ctx.store, task.deps) }));
    env.SQUAD_PROMPT = promptPath;
  }
  const argv = taskArgv(task, ctx.config, {
    prompt: promptPath ?? '',
    plan: agentPlanPath ?? ctx.planPath,
    task: task.id,
    agent: task.agentId,
    cwd,
  });
  return {
    argv,
    cwd,
    env,
    logPath: join(ctx.runDir, 'logs', `${file}.log`),
    stdinPath: promptPath,
    header: `# ${task.id} attempt ${o.attempt}: ${displayCommand(argv)}`,
    marker: taskMarker(ctx.records.record.runId, task.id),
  };
}
