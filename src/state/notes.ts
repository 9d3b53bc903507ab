// Handoff notes, read for those who act on them: a task's prompt lists the notes of the tasks it depends on, and
// status and the dashboard list every task's notes. The notes themselves are entries of each task's log (store.addNote).
import type { Note } from './fold.js';
import type { Store, TaskView } from './store.js';

export type { Note };
export type TaskNote = Note & { task: string };

/** Every note on these tasks, task by task in the order given, each task's oldest first. */
export function notesOn(store: Pick<Store, 'task'>, ids: readonly string[]): TaskNote[] {
  return ids.flatMap((task) => store.task(task).notes.map((n) => ({ task, ...n })));
}

/** Every note of a snapshot, in plan order: what status --json and the dashboard show. */
export function allNotes(views: readonly TaskView[]): TaskNote[] {
  return views.flatMap((v) => v.notes.map((n) => ({ task: v.id, ...n })));
}

/** `T003 (alice): the API returns cents, not dollars`. */
export function noteLine(n: TaskNote): string {
  return `${n.task} (${n.by}): ${n.text}`;
}
