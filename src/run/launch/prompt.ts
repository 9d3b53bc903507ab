// The prompt file an agent reads: its lane's plan, the task, what it owns and must not touch, how the
// work is judged. Pure: the caller writes it.
import type { Plan, PlanTask } from '../../plan/schema.js';
import { noteLine, type TaskNote } from '../../state/notes.js';

export interface PromptInput {
  task: PlanTask;
  plan: Plan;
  /** Path of the lane's markdown plan (`plans/agent-2.md`), or null when it was not written. */
  agentPlanPath: string | null;
  /** Path of the run's context file (git HEAD, changes, finished groups). */
  contextPath: string | null;
  /** The task's own worktree and branch (worktree isolation), or null when it works in the shared tree. */
  worktree?: { path: string; branch: string } | null;
  /** Handoff notes on the tasks this one depends on (`squad note`, `squad done --note`). */
  notes?: readonly TaskNote[];
}

const list = (items: readonly string[], empty: string) => (items.length ? items.map((i) => `- ${i}`).join('\n') : `- ${empty}`);

export function promptText({ task, plan, agentPlanPath, contextPath, worktree = null, notes = [] }: PromptInput): string {
  const writes = task.files.filter((f) => f.access !== 'read');
  const reads = task.files.filter((f) => f.access === 'read').map((f) => f.path);
  const mine = new Set(writes.map((f) => f.path));
  // Files other tasks write and this one does not: hands off, another agent owns them.
  const others = [...new Set(plan.tasks.filter((t) => t.id !== task.id).flatMap((t) => t.files.filter((f) => f.access !== 'read').map((f) => f.path)))]
    .filter((p) => !mine.has(p))
    .sort();
  const ownedDirs = plan.agents.find((a) => a.id === task.agentId)?.owns ?? [];
  const parts = [
    `# Task ${task.id}: ${task.title}`,
    `You are ${task.agentId} (${task.agent}). Do this one task, then stop.`,
    agentPlanPath ? `Your plan (all your tasks, in order): ${agentPlanPath}` : '',
    contextPath ? `Current state of the repository and of the other groups: ${contextPath}` : '',
    worktree
      ? `You work in your own git worktree (${worktree.path}) on branch ${worktree.branch}. squad commits what you leave, checks it against the files below and merges it: do not push, merge or switch branches yourself.`
      : '',
    task.details ? `## Details\n\n${task.details}` : '',
    task.steps.length ? `## Steps\n\n${list(task.steps, '')}` : '',
    `## Files you own (create or modify)\n\n${list(writes.map((f) => `${f.path} (${f.access})`).concat(ownedDirs.map((d) => `${d} (directory)`)), 'none listed: keep changes minimal')}`,
    reads.length ? `## Files to read\n\n${list(reads, '')}` : '',
    `## Files you must not touch (other tasks own them)\n\n${list(others, 'none')}`,
    `## Acceptance criteria\n\n${list(task.acceptance, 'none given: the test command must pass')}`,
    task.gate ? `## Gate\n\nWhen you stop, squad runs \`${task.gate}\`; the task counts as done only if it passes.` : '',
    task.deps.length ? `Done before you: ${task.deps.join(', ')}.` : '',
    notes.length ? `## Notes from the tasks before you\n\n${list(notes.map(noteLine), '')}` : '',
  ];
  return parts.filter(Boolean).join('\n\n') + '\n';
}
