// A Ralph `prd.json`: `{project, branchName, userStories: [{id, title, description, acceptanceCriteria, priority,
// passes, notes}]}` -> one task per user story; passes: true = done.
// Ralph has no dependency field: its loop takes the open story with the lowest priority number, one at a time,
// so the priority IS the order of work. squad reads it so: a story waits for the stories of the next lower
// priority number (stories sharing a priority wait for the same ones and may run together; a story without a
// priority comes after all that have one, in file order). Story ids named in notes ("fixed in US-003") are
// hints, not edges: each is a warning, and listed as skipped.
import { UserError } from '../../io/errors.js';
import { addFiles } from '../file-access.js';
import { pathsInText } from '../paths.js';
import { emptyDoc, newTask, traceFact, type RawDoc, type RawTask } from '../types.js';
import { keyLines } from './json-text.js';

interface Story {
  id: string;
  title?: string;
  description?: string;
  acceptanceCriteria?: string[];
  priority?: number;
  passes?: boolean;
  notes?: string;
}

export function isRalphPrd(data: unknown): boolean {
  return !!data && typeof data === 'object' && Array.isArray((data as { userStories?: unknown }).userStories);
}

export function extractRalphPrd(data: unknown, text: string, file: string): RawDoc {
  const stories = (data as { userStories: unknown[] }).userStories;
  const doc = emptyDoc('ralph-prd-json', true);
  const lines = keyLines(text, 'id');
  const tasks: { task: RawTask; priority: number }[] = [];
  stories.forEach((raw, i) => {
    const s = raw as Story;
    if (!s || typeof s !== 'object' || typeof s.id !== 'string' || !s.id) {
      throw new UserError(`userStories[${i}]: expected an object with a string "id"; fix the file or regenerate it with Ralph`, file, null);
    }
    const line = lines.get(s.id)?.shift() ?? 1;
    const task = newTask({ id: s.id, authorId: true, kind: 'json', title: (s.title ?? s.id).trim(), line, order: i });
    traceFact(task, 'id', task.id, line, "Ralph field 'id'");
    traceFact(task, 'title', task.title, line, "Ralph field 'title'");
    task.status = s.passes === true ? 'done' : 'open';
    traceFact(task, 'status', task.status, line, `Ralph field 'passes': ${String(s.passes ?? false)}`);
    task.depsDeclared = true;
    if (s.description) task.details.push(s.description.trim());
    if (s.notes) task.details.push(s.notes.trim());
    task.acceptance.push(...(s.acceptanceCriteria ?? []).filter((a) => typeof a === 'string').map((a) => a.trim()));
    const prose = `${task.title}. ${s.description ?? ''}`;
    for (const path of pathsInText(prose)) {
      const before = task.files.length;
      addFiles(task, [path], null, line, false, prose);
      if (task.files.length > before) traceFact(task, 'file', `${path} (${task.files[before]!.access})`, line, "a path named in Ralph 'title' or 'description'");
    }
    for (const ref of new Set((s.notes ?? '').match(/\b[A-Z]{1,6}-\d+\b/g) ?? [])) {
      if (ref === s.id || !stories.some((o) => (o as Story)?.id === ref)) continue;
      const why = `notes of ${s.id} name ${ref}: a hint, not a dependency (Ralph orders work by priority)`;
      doc.warnings.push({ message: why, line });
      doc.skipped.push({ line, text: ref, why });
    }
    tasks.push({ task, priority: typeof s.priority === 'number' ? s.priority : Infinity });
  });
  // Priority levels, lowest number first: each level waits for the level before it.
  const levels = [...new Set(tasks.map((t) => t.priority))].sort((a, b) => a - b);
  for (const { task, priority } of tasks) {
    const before = levels[levels.indexOf(priority) - 1];
    if (before === undefined) continue;
    for (const prev of tasks.filter((t) => t.priority === before)) {
      task.deps.push({ ref: prev.task.id, line: task.line, kind: 'after', text: false });
      traceFact(task, 'dep', prev.task.id, task.line, `Ralph priority ${priority === Infinity ? 'none' : priority}: after priority ${before}`);
    }
  }
  doc.tasks = tasks.map((t) => t.task);
  return doc;
}
