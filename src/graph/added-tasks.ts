// Tasks added to a compiled plan with `squad add`. They join the document's DAG after it is built, with exactly
// the dependencies given (`--after`), and are never chained into the document order: work added while a run goes
// on waits for what it names and nothing else. Pure: the file name is only for messages.
import type { FileAccess } from '../plan/schema.js';
import type { RawTask } from '../model/types.js';
import { checkRepoPath } from '../model/paths.js';
import { UserError } from '../io/errors.js';
import type { Dag } from './build.js';

export interface AddedTask {
  id: string;
  title: string;
  after: string[];
  group: string | null;
  /** Agent type named with `--agent`: an explicit assignment, so it wins over routing. */
  agent: string | null;
  files: { path: string; access: FileAccess }[];
  run: string | null;
  estimateMinutes: number | null;
  by: string;
  at: string;
}

/**
 * Adds the tasks to `dag` in place and returns the ids it added and the warnings met. A task the document now defines itself (same id)
 * is the document's: the added copy is dropped with a warning. A dependency on a task the plan does not have, or a
 * file outside the repository, is refused in one line.
 */
export function addTasks(dag: Dag, added: readonly AddedTask[], file: string, repoRoot: string | null): { ids: Set<string>; warnings: string[] } {
  const warnings: string[] = [];
  const ids = new Set<string>();
  for (const a of added) {
    if (dag.byId.has(a.id)) {
      warnings.push(`task ${a.id} (added with 'squad add') is now written in ${file}: the document's task is kept`);
      continue;
    }
    const deps = new Map<string, { line: null; why: 'declared' }>();
    for (const d of a.after) {
      if (!dag.byId.has(d)) throw new UserError(`task ${a.id} (added with 'squad add') waits for ${d}, which is not a task of the plan; keep ${d} in the document, or remove ${a.id} from the plan's tasks`, file);
      deps.set(d, { line: null, why: 'declared' });
    }
    const files = a.files.map((f) => {
      const check = checkRepoPath(f.path, repoRoot);
      if (!check.ok) throw new UserError(`task ${a.id} (added with 'squad add'): file ${f.path} ${check.reason}; squad only plans files inside the repository`, file);
      return { path: check.path, access: f.access, line: 0, explicit: true };
    });
    const task = rawTask(a, files, dag.tasks.length);
    dag.tasks.push(task);
    dag.byId.set(task.id, task);
    dag.deps.set(task.id, deps);
    ids.add(task.id);
  }
  return { ids, warnings };
}

function rawTask(a: AddedTask, files: RawTask['files'], order: number): RawTask {
  return {
    id: a.id,
    authorId: true,
    kind: 'list',
    title: a.title,
    line: 0,
    status: 'open',
    checkboxLine: null,
    parentId: null,
    parallel: false,
    group: a.group,
    story: null,
    phase: null,
    phaseIndex: Number.MAX_SAFE_INTEGER,
    sectionIndex: Number.MAX_SAFE_INTEGER,
    deps: a.after.map((ref) => ({ ref, line: 0, kind: 'after', text: false })),
    depsDeclared: true,
    files,
    agent: a.agent ? { name: a.agent, line: 0 } : null,
    estimateMinutes: a.estimateMinutes,
    run: a.run,
    gate: null,
    acceptance: [],
    steps: [],
    details: [],
    order,
    tracker: { kind: 'markdown', tag: null, rawId: null },
    trace: [],
    inputs: [],
    optional: false,
  };
}
