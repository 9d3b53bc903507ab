// Task tables: `| Done | ID | Task | Deliverable / Files | Dependencies |` rows become tasks; a table mapping
// tracks or groups to lists of task ids (`| Track | Tasks |`) assigns groups to tasks defined elsewhere.
import type { Table, TableRow } from 'mdast';
import { inlineText, lineOf, squash } from './inline-text.js';
import { leadingId } from './ids.js';
import { readTitleMarkers } from './markers.js';
import { cleanName } from './fields.js';
import { parseDepList } from './dep-refs.js';
import { parseEstimate } from './estimate.js';
import { pathsInList } from './paths.js';
import { newTask, type RawTask } from './types.js';

type Column = 'id' | 'title' | 'deps' | 'files' | 'agent' | 'status' | 'estimate' | 'group' | 'tasks';

const HEADERS: [Column, RegExp][] = [
  ['id', /^(?:id|task ?id|#|no\.?|key)$/i],
  ['deps', /depend|blocked by|requires|prereq|^after$/i],
  ['files', /file|deliverable|path/i],
  ['agent', /agent|owner|assignee|role/i],
  ['status', /^(?:done|status|state|✓|✔|complete)$/i],
  ['estimate', /estimate|effort|^time$|^size$|duration/i],
  ['group', /^(?:group|track|lane|wave|stream|parallel group)$/i],
  ['tasks', /^tasks$/i],
  ['title', /task|title|description|summary|name|work/i],
];

export interface TableResult {
  tasks: RawTask[];
  groupAssignments: { id: string; group: string }[];
  explicitDeps: boolean;
}

function cells(row: TableRow): string[] {
  return row.children.map((c) => squash(inlineText(c)));
}

export function readTable(node: Table, offset: number, phase: { name: string; index: number } | null): TableResult | null {
  const [head, ...rows] = node.children;
  if (!head || rows.length === 0) return null;
  const columns = new Map<Column, number>();
  const headerTexts = cells(head);
  headerTexts.forEach((h, i) => {
    const col = HEADERS.find(([c, re]) => !columns.has(c) && re.test(h.replace(/\u0002/g, '').trim()))?.[0];
    if (col) columns.set(col, i);
  });
  // A table that maps tracks to task lists.
  if (!columns.has('id') && columns.has('group') && columns.has('tasks')) {
    const groupAssignments: TableResult['groupAssignments'] = [];
    for (const row of rows) {
      const c = cells(row);
      const group = cleanName(c[columns.get('group')!] ?? '');
      if (!group) continue;
      for (const ref of parseDepList(c[columns.get('tasks')!] ?? '', 0).refs) {
        if (!ref.text && !ref.ref.includes('..')) groupAssignments.push({ id: ref.ref, group });
      }
    }
    return { tasks: [], groupAssignments, explicitDeps: false };
  }
  const idCol = columns.get('id');
  const titleCol = columns.get('title');
  if (idCol === undefined && titleCol === undefined) return null;
  // A table of requirements (ID | Requirement | Priority) is not a task table: it needs a task, dependency or
  // status column.
  const headers = cells(head).join(' ').toLowerCase();
  if (!/\btasks?\b|\btitle\b|\bwork\b/.test(headers) && !columns.has('deps') && !columns.has('status')) return null;
  const tasks: RawTask[] = [];
  for (const row of rows) {
    const c = cells(row);
    const line = lineOf(row, offset);
    let id: string | null = null;
    let titleText = titleCol !== undefined ? c[titleCol] ?? '' : '';
    if (idCol !== undefined) {
      const lead = leadingId((c[idCol] ?? '').replace(/[`*\u0002]/g, ''));
      id = lead?.id ?? null;
    } else {
      const lead = leadingId(titleText.replace(/^\[[ xX]\]\s*/, ''));
      if (lead && /^(?:T\d|[A-Z]+-\d)/.test(lead.id)) {
        id = lead.id;
        titleText = lead.rest;
      }
    }
    if (!id) continue; // rows without an id are prose, not tasks
    const markers = readTitleMarkers(titleText, line);
    const task = newTask({ id, authorId: true, kind: 'table', title: markers.title.replace(/\u0002/g, '') || id, line, order: 0 });
    task.parallel = markers.parallel;
    task.group = markers.group;
    task.story = markers.story;
    task.deps.push(...markers.deps);
    task.depsDeclared = markers.depsDeclared;
    task.estimateMinutes = markers.estimateMinutes;
    if (markers.agent) task.agent = { name: markers.agent, line };
    if (phase) {
      task.phase = phase.name;
      task.phaseIndex = phase.index;
    }
    const statusText = columns.has('status') ? c[columns.get('status')!] ?? '' : c.find((x) => /^\[[ xX]\]$/.test(x)) ?? '';
    if (/^\[[xX]\]|^(?:done|complete|completed|closed|✓|✔|✅|yes)$/i.test(statusText.trim())) task.status = 'done';
    if (/^\[[ xX]\]/.test(statusText.trim())) task.checkboxLine = line;
    if (columns.has('deps')) {
      const list = parseDepList(c[columns.get('deps')!] ?? '', line);
      task.deps.push(...list.refs);
      task.depsDeclared = true;
    }
    if (columns.has('files')) {
      // A deliverable is made by its task (later writers of the same path are turned into modifiers).
      const access = /deliverable|output/i.test(headerTexts[columns.get('files')!] ?? '') ? 'create' : 'modify';
      for (const path of pathsInList(c[columns.get('files')!] ?? '')) task.files.push({ path, access, line, explicit: true });
    }
    if (columns.has('agent')) {
      const a = cleanName(c[columns.get('agent')!] ?? '');
      if (a && a !== '-') task.agent = { name: a, line };
    }
    if (columns.has('estimate')) task.estimateMinutes = parseEstimate(c[columns.get('estimate')!] ?? '') ?? task.estimateMinutes;
    if (columns.has('group')) {
      const g = cleanName(c[columns.get('group')!] ?? '');
      if (g && g !== '-') task.group = g;
    }
    tasks.push(task);
  }
  if (tasks.length === 0) return null;
  return { tasks, groupAssignments: [], explicitDeps: columns.has('deps') };
}
