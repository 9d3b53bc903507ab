// Task Master tasks.json -> tasks. Tagged (`{"master":{"tasks":[...]}}`) or legacy (`{"tasks":[...]}`) format.
// One tag is compiled (Task Master works on one tag at a time): `master`, or the one named with --tag.
// Subtask ids restart at 1 under each parent: subtask 2 of task 4 is `4.2`. A subtask's dependency on a bare
// number is its sibling (4.2 depending on 1 waits for 4.1); a dotted "4.1" is absolute.
// Statuses: done / completed / complete / closed are done; cancelled is done too (it will never be worked on, so
// nothing waits for it); deferred is not work for now: it is left out (listed as skipped), so its parent does not
// wait for it, and a task that names it keeps it as an external dependency.
import { z } from 'zod';
import { UserError } from '../../io/errors.js';
import { pathsInText } from '../paths.js';
import { emptyDoc, newTask, traceFact, type RawDoc, type RawTask } from '../types.js';
import { keyLines } from './json-text.js';

/** Task Master statuses that mean finished: read as done here, and closed as done by the tracker. */
export const CLOSED_STATUSES = new Set(['done', 'completed', 'complete', 'closed', 'cancelled', 'canceled']);

interface TmTask {
  id: number | string;
  title?: string;
  description?: string;
  details?: string;
  testStrategy?: string;
  status?: string;
  dependencies?: (number | string)[];
  subtasks?: TmTask[];
}

const DEFERRED = 'deferred';
const status = (t: TmTask) => String(t.status ?? '').toLowerCase();

/** `data`: the parsed file (formats/index.ts parses it once to tell the JSON formats apart). */
export function extractTaskmaster(data: unknown, text: string, file: string, tag: string | null): RawDoc {
  const tags = tagsOf(data);
  if (!tags) {
    throw new UserError('not a JSON task file squad reads: expected Task Master {"master":{"tasks":[...]}} or {"tasks":[...]}, or a Ralph prd.json {"userStories":[...]}', file, 1);
  }
  const names = Object.keys(tags);
  const chosen = tag ?? (names.includes('master') ? 'master' : names[0]!);
  const tasks = tags[chosen];
  const listTags = () => names.map((n) => `${n} (${tags[n]!.length})`).join(', ');
  if (!tasks) throw new UserError(`no tag '${chosen}' in this tasks.json; tags: ${listTags()}`, file, 1, 2);
  if (tasks.length === 0) {
    const other = names.find((n) => tags[n]!.length > 0);
    throw new UserError(`tag '${chosen}' has no tasks; tags: ${listTags()}${other ? `; pass --tag ${other}` : ''}`, file, 1);
  }
  for (const name of names) checkShape(tags[name]!, name, file);
  // Task Master lists each task's dependencies: explicit order.
  const doc: RawDoc = emptyDoc('taskmaster-json', true);
  for (const other of names) {
    if (other !== chosen) doc.warnings.push({ message: `tag '${other}' (${tags[other]!.length} tasks) not compiled; pass --tag ${other} to compile it`, line: null });
  }
  const lines = keyLines(text, 'id');
  let order = 0;
  const lineFor = (id: string | number): number => {
    const queue = lines.get(String(id));
    return queue && queue.length ? queue.shift()! : 1;
  };
  // Lines are matched in document order: walk tags in file order, skipping the tags not compiled.
  for (const name of names) {
    const walk = (list: TmTask[]): void => {
      for (const t of list) {
        const line = lineFor(t.id);
        if (name === chosen) lineById.set(t, line);
        if (Array.isArray(t.subtasks)) walk(t.subtasks);
      }
    };
    const lineById = new Map<TmTask, number>();
    walk(tags[name]!);
    if (name !== chosen) continue;
    const deferred = (t: TmTask, id: string): boolean => {
      if (status(t) !== DEFERRED) return false;
      doc.skipped.push({ line: lineById.get(t) ?? 1, text: `${id} ${t.title ?? ''}`.trim(), why: "status 'deferred': not work to do now (what depends on it keeps it as an external dependency)" });
      return true;
    };
    for (const t of tags[name]!) {
      if (deferred(t, String(t.id))) continue;
      const parent = toTask(t, String(t.id), lineById.get(t) ?? 1, order++, chosen, (d) => String(d));
      doc.tasks.push(parent);
      for (const s of t.subtasks ?? []) {
        const id = `${t.id}.${s.id}`;
        if (deferred(s, id)) continue;
        // Subtask dependencies are sibling-relative when they are plain numbers.
        const sub = toTask(s, id, lineById.get(s) ?? 1, order++, chosen, (d) => (typeof d === 'number' || /^\d+$/.test(String(d)) ? `${t.id}.${d}` : String(d)));
        sub.parentId = parent.id;
        traceFact(sub, 'parent', parent.id, sub.line, 'Task Master subtask of its task');
        doc.tasks.push(sub);
      }
    }
  }
  return doc;
}

/** `ref`: a dependency as written -> the plan id it names (subtasks resolve bare numbers to their siblings). */
function toTask(t: TmTask, id: string, line: number, order: number, tag: string, ref: (d: number | string) => string): RawTask {
  const task = newTask({ id, authorId: true, kind: 'json', title: (t.title ?? id).trim(), line, order });
  traceFact(task, 'id', id, line, t.id === id ? "Task Master field 'id'" : "Task Master subtask 'id', after its task's id");
  traceFact(task, 'title', task.title, line, "Task Master field 'title'");
  if (t.status !== undefined) {
    task.status = CLOSED_STATUSES.has(status(t)) ? 'done' : 'open';
    traceFact(task, 'status', task.status, line, `Task Master status '${t.status}'`);
  }
  task.deps = (t.dependencies ?? []).map((d) => ({ ref: ref(d), line, kind: 'after' as const, text: false }));
  for (const [i, d] of task.deps.entries()) traceFact(task, 'dep', d.ref, line, `Task Master 'dependencies' entry ${JSON.stringify(t.dependencies![i])}`);
  task.depsDeclared = true;
  if (t.description) task.details.push(t.description.trim());
  if (t.details) task.details.push(t.details.trim());
  if (t.testStrategy) task.acceptance.push(t.testStrategy.trim());
  for (const path of pathsInText(`${t.title ?? ''} ${t.details ?? ''}`)) {
    if (task.files.some((f) => f.path === path)) continue;
    task.files.push({ path, access: 'modify', line, explicit: false });
    traceFact(task, 'file', path, line, "a path named in Task Master 'title' or 'details'");
  }
  task.tracker = { kind: 'taskmaster', tag, rawId: t.id };
  return task;
}

function tagsOf(data: unknown): Record<string, TmTask[]> | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const obj = data as Record<string, unknown>;
  if (Array.isArray(obj.tasks)) return { master: obj.tasks as TmTask[] };
  const out: Record<string, TmTask[]> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object' && Array.isArray((v as { tasks?: unknown }).tasks)) out[k] = (v as { tasks: TmTask[] }).tasks;
  }
  return Object.keys(out).length ? out : null;
}

const TmTaskShape: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    id: z.union([z.number(), z.string().min(1)]),
    title: z.string().optional(),
    description: z.string().nullish(),
    details: z.string().nullish(),
    testStrategy: z.string().nullish(),
    status: z.string().optional(),
    dependencies: z.array(z.union([z.number(), z.string()])).optional(),
    subtasks: z.array(TmTaskShape).optional(),
  }),
);

/** Fields squad reads must have the types Task Master writes; anything else is one clear line, not a crash. */
function checkShape(tasks: unknown[], tag: string, file: string): void {
  tasks.forEach((t, i) => {
    const r = TmTaskShape.safeParse(t);
    if (r.success) return;
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? ` field ${issue.path.join('.')}` : '';
    const id = t && typeof t === 'object' && 'id' in t ? ` (id ${String((t as { id: unknown }).id)})` : '';
    throw new UserError(`tag '${tag}' task #${i + 1}${id}${where}: ${issue.message}; fix the file or regenerate it with Task Master`, file, null);
  });
}
