// A beads export (`.beads/issues.jsonl`, `bd export`): one issue object per line -> one task per issue that is
// not an epic, its id as beads wrote it (`fal-cli-1ew`).
// Dependencies `[{issue_id, depends_on_id, type}]`: the blocking types order work (`blocks`, `conditional-blocks`,
// `waits-for`; waiting on an epic means waiting on its children); `parent-child` to an epic puts the issue in the
// epic's group and orders nothing; to another issue it makes a sub-task. Other types (`related`,
// `discovered-from`, ...) link without ordering: listed as skipped. An epic named only in the notes
// ("Parent: x", "Epic: x") groups too. closed = done; deferred issues are left out (listed as skipped).
// The `design` markdown gives files (`## Files`: `` `a.js` (create) ``), read-only patterns (`## Patterns`),
// acceptance criteria and the gate (`## Verify`: the command that must pass); else "Verify: cmd" in the notes.
import { UserError } from '../../io/errors.js';
import { addFiles } from '../file-access.js';
import { pathsInText } from '../paths.js';
import { emptyDoc, newTask, traceFact, type RawDoc, type RawTask } from '../types.js';
import { parseJsonText } from './json-text.js';

interface Issue {
  id: string;
  title: string;
  status?: string;
  issue_type?: string;
  description?: string;
  design?: string;
  acceptance_criteria?: string;
  notes?: string;
  assignee?: string;
  estimated_minutes?: number;
  dependencies?: { issue_id?: string; depends_on_id?: string; type?: string }[];
}

/** beads dependency types that keep an issue from being ready (reference: internal/types/types.go). */
const BLOCKING = new Set(['blocks', 'conditional-blocks', 'waits-for']);
const FIX = "fix the line, or export again with 'bd export'";
const PROSE_PARENT = /\b(Parent|Epic)\s*:\s*([A-Za-z0-9][\w.-]*[A-Za-z0-9])/;

export function extractBeadsJsonl(text: string, file: string): RawDoc {
  const doc = emptyDoc('beads-jsonl', true);
  const issues: { issue: Issue; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const data = parseJsonText(raw, file, `each line of a beads export is one issue object; ${FIX}`, i + 1);
    if (!data || typeof data !== 'object' || Array.isArray(data) || typeof (data as Issue).id !== 'string' || typeof (data as Issue).title !== 'string') {
      throw new UserError(`not a beads issue: expected an object with string "id" and "title"; ${FIX}`, file, i + 1);
    }
    issues.push({ issue: data as Issue, line: i + 1 });
  });
  const epics = new Map(issues.filter(({ issue }) => issue.issue_type === 'epic').map(({ issue }) => [issue.id, [] as string[]]));
  const tasks: RawTask[] = [];
  for (const { issue, line } of issues) {
    const label = `${issue.id} ${issue.title}`;
    if (epics.has(issue.id)) {
      doc.skipped.push({ line, text: label, why: 'an epic: it groups its children, it is not a task of its own' });
      continue;
    }
    if (issue.status === 'deferred') {
      doc.skipped.push({ line, text: label, why: "status 'deferred': not work to do now (what depends on it keeps it as an external dependency)" });
      continue;
    }
    tasks.push(toTask(issue, line, tasks.length, epics, doc));
  }
  for (const [epic, children] of epics) for (const t of tasks) if (t.group === epic) children.push(t.id);
  // Waiting on an epic is waiting on every child of it.
  for (const t of tasks) {
    t.deps = t.deps.flatMap((d) => (epics.get(d.ref)?.length ? epics.get(d.ref)!.map((c) => ({ ...d, ref: c })) : [d]));
  }
  doc.tasks = tasks;
  return doc;
}

function toTask(issue: Issue, line: number, order: number, epics: Map<string, string[]>, doc: RawDoc): RawTask {
  const task = newTask({ id: issue.id, authorId: true, kind: 'json', title: issue.title.trim(), line, order });
  traceFact(task, 'id', task.id, line, "beads field 'id'");
  traceFact(task, 'title', task.title, line, "beads field 'title'");
  if (issue.status) {
    task.status = issue.status === 'closed' ? 'done' : 'open';
    traceFact(task, 'status', task.status, line, `beads status '${issue.status}'`);
  }
  task.depsDeclared = true;
  for (const dep of issue.dependencies ?? []) {
    const type = dep.type ?? 'blocks';
    const target = dep.depends_on_id;
    if (!target || (dep.issue_id && dep.issue_id !== issue.id)) {
      doc.skipped.push({ line, text: JSON.stringify(dep), why: `a dependency of ${issue.id} that does not name it as issue_id and a depends_on_id` });
    } else if (BLOCKING.has(type)) {
      task.deps.push({ ref: target, line, kind: 'after', text: false });
      traceFact(task, 'dep', target, line, `beads dependency of type '${type}'`);
    } else if (type === 'parent-child' && epics.has(target)) {
      setGroup(task, target, line, "beads dependency of type 'parent-child' on an epic");
    } else if (type === 'parent-child') {
      task.parentId = target;
      traceFact(task, 'parent', target, line, "beads dependency of type 'parent-child'");
    } else {
      doc.skipped.push({ line, text: `${issue.id} -> ${target} (${type})`, why: `beads dependency of type '${type}': a link that does not order work` });
    }
  }
  const prose = PROSE_PARENT.exec(issue.notes ?? '');
  if (prose && !task.group && epics.has(prose[2]!)) setGroup(task, prose[2]!, line, `beads notes '${prose[1]}: ${prose[2]}'`);
  if (issue.assignee && !issue.assignee.includes('@')) {
    task.agent = { name: issue.assignee.replace(/^@/, ''), line };
    traceFact(task, 'agent', task.agent.name, line, "beads field 'assignee'");
  }
  if (typeof issue.estimated_minutes === 'number' && issue.estimated_minutes > 0) {
    task.estimateMinutes = issue.estimated_minutes;
    traceFact(task, 'estimate', `${issue.estimated_minutes}m`, line, "beads field 'estimated_minutes'");
  }
  if (issue.description) task.details.push(issue.description.trim());
  if (issue.acceptance_criteria) task.acceptance.push(issue.acceptance_criteria.trim());
  readDesign(task, issue.design ?? '', line, doc.skipped);
  if (!issue.design) {
    // No design: the paths the description names, as its verb says (a "New src/x.js module" is created).
    for (const path of pathsInText(issue.description ?? '')) addFile(task, path, null, line, false, issue.description ?? '', "a path named in beads 'description'");
  }
  const verify = /\bVerify\s*:\s*(.+?)\s*$/m.exec(issue.notes ?? '');
  if (!task.gate && verify) setGate(task, verify[1]!.replace(/^`|`$/g, ''), line, "beads notes 'Verify:'");
  return task;
}

function setGroup(task: RawTask, epic: string, line: number, rule: string): void {
  task.group = epic;
  traceFact(task, 'group', epic, line, rule);
}

function setGate(task: RawTask, command: string, line: number, rule: string): void {
  task.gate = command.trim();
  traceFact(task, 'gate', task.gate, line, rule);
}

function addFile(task: RawTask, path: string, access: 'create' | 'modify' | 'read' | null, line: number, explicit: boolean, context: string, rule: string): void {
  const before = task.files.length;
  addFiles(task, [path], access, line, explicit, context);
  if (task.files.length > before) traceFact(task, 'file', `${path} (${task.files[before]!.access})`, line, rule);
}

/** `## Heading` sections of the design markdown (fenced code kept inside its section). */
function sections(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  let fence = false;
  for (const line of md.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,4}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) out.set(h[1]!.toLowerCase(), (current = []));
    else current.push(line);
  }
  return out;
}

function readDesign(task: RawTask, design: string, line: number, skipped: RawDoc['skipped']): void {
  if (!design.trim()) return;
  task.details.push(design.trim());
  const parts = sections(design);
  for (const item of parts.get('files') ?? []) {
    // "- `src/lib/file-saver.js` (create) — ...": the word in parentheses says the access.
    const word = /\((create|new|modify|update|read)\)/i.exec(item)?.[1]?.toLowerCase();
    const access = word === 'create' || word === 'new' ? 'create' : word === 'read' ? 'read' : word ? 'modify' : null;
    const path = pathsInText(item.split(/\s[—–-]\s/)[0] ?? '')[0];
    if (path) addFile(task, path, access, line, true, task.title, "beads design '## Files'");
  }
  for (const item of parts.get('patterns') ?? []) {
    for (const path of pathsInText(item)) addFile(task, path, 'read', line, false, item, "beads design '## Patterns' (read)");
  }
  for (const item of parts.get('acceptance criteria') ?? []) {
    const m = /^\s*[-*]\s+(?:\[[ xX]\]\s+)?(.+)$/.exec(item);
    if (m) task.acceptance.push(m[1]!.trim());
  }
  // The gate is a shell command: the section's one line, or its code block; prose around a command is not guessed at.
  const verify = (parts.get('verify') ?? []).filter((l) => l.trim());
  const fenced = verify.findIndex((l) => /^\s*(```|~~~)/.test(l));
  const command = fenced >= 0 ? verify.slice(fenced + 1).filter((l) => !/^\s*(```|~~~)/.test(l)) : verify;
  if (command.length === 1) setGate(task, command[0]!.trim().replace(/^`|`$/g, ''), line, "beads design '## Verify'");
  else if (verify.length) skipped.push({ line, text: verify.join(' / '), why: `${task.id}: '## Verify' holds ${command.length ? 'several lines' : 'no command'}, not one command: not taken as the gate` });
}
