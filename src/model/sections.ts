// What a heading says about the content under it: its role (success criteria, read-only files, a task list, ...),
// whether it starts a phase, and whether it is itself a task ("## Task 4: title", "# Task ID: 15").

export type Role = 'criteria' | 'readOnly' | 'sequential' | 'taskList' | 'deps' | null;

export const ROLE_PATTERNS: [Exclude<Role, null>, RegExp][] = [
  ['criteria', /success criteria|acceptance criteria|definition of done|\bverification\b|\bchecklist\b|exit criteria|success metrics\b(?! validation)|functional requirements|non-functional/i],
  ['readOnly', /read[- ]?only/i],
  ['sequential', /\bsequential\b/i],
  ['deps', /dependenc|execution order|\bordering\b/i],
  ['taskList', /\btasks?\b|breakdown|implementation order|work items|\bto-?do\b|backlog|\bstreams?\b|\btracks?\b|\blanes?\b/i],
];
export const PHASE = /^(?:phase|stage|milestone|wave)\b|\bphase\s+\d/i;
// "Task 2 — title", "Task ID: 15", "Task Group 3: title", and the same word in other languages (任务 2.1：...).
const TASK_WORD = String.raw`(?:task|任务|任務|タスク|작업|aufgabe|tarea|tâche|tache|задача)`;
export const TASK_HEADING = new RegExp(String.raw`^${TASK_WORD}\s*(?:id|group)?\s*[:#]?\s*([A-Za-z]*\d[\w.-]*)\s*(?:[:：—–-]\s*(.*))?$`, 'i');
export const TASK_HEADING_NO_ID = /^task\s*:\s*(.+)$/i;

export function roleOf(heading: string): Role {
  return ROLE_PATTERNS.find(([, re]) => re.test(heading))?.[0] ?? null;
}
