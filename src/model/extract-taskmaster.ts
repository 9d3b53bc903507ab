// Task Master tasks.json -> tasks. Tagged (`{"master":{"tasks":[...]}}`) or legacy (`{"tasks":[...]}`) format.
// One tag is compiled (Task Master works on one tag at a time): `master`, or the one named with --tag.
import { z } from 'zod';
import { UserError } from '../io/errors.js';
import { pathsInText } from './paths.js';
import { emptyDoc, newTask, type RawDoc, type RawTask } from './types.js';

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

const DONE = new Set(['done', 'completed', 'complete', 'closed', 'cancelled', 'canceled']);

export function extractTaskmaster(text: string, file: string, tag: string | null): RawDoc {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : null;
    throw new UserError(`not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '')}); fix the file or regenerate it with Task Master`, file, line);
  }
  const tags = tagsOf(data);
  if (!tags) throw new UserError('not a Task Master tasks.json: expected {"master":{"tasks":[...]}} or {"tasks":[...]}', file, 1);
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
  const lines = idLines(text);
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
    for (const t of tags[name]!) {
      const parent = toTask(t, String(t.id), lineById.get(t) ?? 1, order++, chosen);
      doc.tasks.push(parent);
      for (const s of t.subtasks ?? []) {
        const id = `${t.id}.${s.id}`;
        const sub = toTask(s, id, lineById.get(s) ?? 1, order++, chosen);
        sub.parentId = parent.id;
        // Subtask dependencies are sibling-relative when they are plain numbers.
        sub.deps = (s.dependencies ?? []).map((d) => ({
          ref: typeof d === 'number' || /^\d+$/.test(String(d)) ? `${t.id}.${d}` : String(d),
          line: sub.line,
          kind: 'after' as const,
          text: false,
        }));
        doc.tasks.push(sub);
      }
    }
  }
  return doc;
}

function toTask(t: TmTask, id: string, line: number, order: number, tag: string): RawTask {
  const task = newTask({ id, authorId: true, kind: 'json', title: (t.title ?? id).trim(), line, order });
  task.status = DONE.has(String(t.status ?? '').toLowerCase()) ? 'done' : 'open';
  task.deps = (t.dependencies ?? []).map((d) => ({ ref: String(d), line, kind: 'after' as const, text: false }));
  task.depsDeclared = true;
  if (t.description) task.details.push(t.description.trim());
  if (t.details) task.details.push(t.details.trim());
  if (t.testStrategy) task.acceptance.push(t.testStrategy.trim());
  for (const path of pathsInText(`${t.title ?? ''} ${t.details ?? ''}`)) {
    if (!task.files.some((f) => f.path === path)) task.files.push({ path, access: 'modify', line, explicit: false });
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

/** Line numbers of every `"id": x` in the text, in order, per id value. */
function idLines(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const re = /"id"\s*:\s*"?([^",\s}]+)"?/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    const list = out.get(m[1]!) ?? [];
    list.push(line);
    out.set(m[1]!, list);
  }
  return out;
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
