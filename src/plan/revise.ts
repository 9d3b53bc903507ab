// A new revision of a plan while work goes on (`squad allocate` again, `squad add`): tasks may be added and open
// tasks changed, but a task that is running or done keeps its place. Pure.
import type { AddedTask } from '../graph/added-tasks.js';
import type { Plan } from './schema.js';

/** What the coordination store says of the previous plan's tasks. */
export interface LiveState {
  /** Task id -> who holds it (claimed or in progress). */
  running: Map<string, string>;
  done: Set<string>;
}

/**
 * One line for each running or done task the new plan would drop, or would make wait for a task that is not done
 * (the work already started or finished before it: the plan would no longer say what happened). Empty: fine.
 */
export function revisionRefusals(previous: Plan, next: Plan, live: LiveState): string[] {
  const byId = new Map(next.tasks.map((t) => [t.id, t]));
  const what = (id: string) => (live.done.has(id) ? 'is done' : `is running (held by ${live.running.get(id)})`);
  const finished = (id: string) => live.done.has(id) || byId.get(id)?.status === 'done';
  const lines: string[] = [];
  const held = (id: string) => live.running.has(id) || live.done.has(id);
  for (const id of previous.tasks.map((t) => t.id).filter(held)) {
    const t = byId.get(id);
    if (!t) {
      lines.push(`task ${id} ${what(id)} and the new plan drops it; keep it in the document${live.done.has(id) ? '' : `, or finish or release it first`}`);
      continue;
    }
    const waits = t.deps.filter((d) => !finished(d));
    if (waits.length) lines.push(`task ${id} ${what(id)} and the new plan makes it wait for ${waits.join(', ')}, not done yet; keep its dependencies as they were`);
  }
  return lines;
}

/** The tasks an earlier plan got from `squad add`, to be added again to its next revision. */
export function addedTasksOf(plan: Plan): AddedTask[] {
  return plan.tasks.flatMap((t) =>
    t.added
      ? [
          {
            id: t.id,
            title: t.title,
            after: t.deps,
            group: t.group,
            agent: t.routing.source === 'explicit' ? t.agent : null,
            files: t.files,
            run: t.run,
            estimateMinutes: t.estimateMinutes,
            by: t.added.by,
            at: t.added.at,
          },
        ]
      : [],
  );
}
