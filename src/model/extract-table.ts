// Task tables: `| Done | ID | Task | Deliverable / Files | Dependencies |` rows become tasks; a table mapping
// tracks or groups to lists of task ids (`| Track | Tasks |`) assigns groups to tasks defined elsewhere.
import type { Table, TableRow } from 'mdast';
import { inlineText, lineOf, squash, BOLD, MARKUP, BOLD_OR_CODE, foldAccents } from './inline-text.js';
import { isRequirementId, leadingId, slugId } from './ids.js';
import { readTitleMarkers } from './markers.js';
import { cleanName } from './fields.js';
import { parseDepList } from './dep-refs.js';
import { parseEstimateField } from './estimate.js';
import { pathsInList, pathsInText } from './paths.js';
import { addFiles } from './file-access.js';
import { newTask, traceFact, type RawTask, type SkippedLine } from './types.js';
import { applyGate, isDoneStatus } from './task-fields.js';

export type Column = 'id' | 'title' | 'deps' | 'blocks' | 'files' | 'agent' | 'status' | 'estimate' | 'group' | 'gate' | 'parent' | 'tasks';

// Header cell -> role, by synonyms (README "Tables"); the first role that matches wins, each role once per table.
// Non-English headers seen in real plans are included; `reader.columns` in squad.config.yaml adds more.
const HEADER_SYNONYMS: [Column, RegExp][] = [
  ['id', /^(?:id|task ?id|#|no\.?|nr\.?|key|issue|ticket|编号|任务编号|番号|ID|번호)$/i],
  ['deps', /depend|blocked[ -]?(?:by|on)|requires|prereq|^after$|^needs$|^waits? for$|依赖|前置|依存|前提|선행|의존|abhängig|voraussetz|dependenc|dépend/i],
  ['blocks', /^(?:blocks|unblocks|blocking)$/i],
  ['gate', /^(?:gate|verify|verification|test|tests|check|checks|validation|test command|acceptance tests?|verifica|验证|検証|검증|prüfung|prüfen|testen|vérifier|verificar|verificación|comprobar)$/i],
  ['files', /file|deliverable|path|may touch|^scope$|touches|文件|ファイル|파일|dateien|archivos|fichiers/i],
  ['agent', /agent|owner|assignee|^role$|executor|^(?:who|qui|quien|wer|quem|chi|assegnato a|eigenaar)$|负责|担当|담당|verantwortlich|responsable/i],
  ['status', /^(?:done\??|status|state|resolution|stato|✓|✔|complete|状态|状態|ステータス|상태|erledigt|estado|statut)$/i],
  ['estimate', /estimate|effort|^time$|^size$|duration|^(?:est\.?\s*)?(?:hours|days|hrs)$|工作量|预估|見積|工数|예상|aufwand|dauer|estimación|durée/i],
  ['group', /^(?:group|track|lane|wave|stream|parallel group|phase|波次|分组)$/i],
  ['tasks', /^(?:tasks|plans)$/i],
  ['parent', /^(?:parent|parent (?:task|issue|id)|epic|上级|父任务|親|親タスク|상위)$/i],
  ['title', /task|title|description|summary|name|work|item|slice|story|card|issue|ticket|任务|タスク|작업|aufgabe|tarea|tâche|名称|内容/i],
];

// Headers are matched with their accents folded away (columnRoles), so the synonyms are too: `Prüfung`, `Prufung`
// and `PRÜFUNG` all read as a gate column.
const foldPattern = (re: RegExp): RegExp => new RegExp(foldAccents(re.source), re.flags);
const HEADERS: [Column, RegExp][] = HEADER_SYNONYMS.map(([c, re]) => [c, foldPattern(re)]);

export const COLUMN_ROLES: Column[] = ['id', 'title', 'deps', 'blocks', 'files', 'agent', 'status', 'estimate', 'group', 'gate', 'parent'];

let extraColumns: [Column, RegExp][] = [];

/** Header synonyms from `reader.columns` in squad.config.yaml (role -> extra header texts). */
export function setExtraColumns(extra: Partial<Record<Column, string[]>>): void {
  extraColumns = Object.entries(extra).filter(([, names]) => names && names.length).map(([role, names]) => [role as Column, foldPattern(new RegExp(`^(?:${names!.map(escape).join('|')})$`, 'i'))]);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface TableResult {
  skipped: SkippedLine[];
  tasks: RawTask[];
  groupAssignments: { id: string; group: string }[];
  explicitDeps: boolean;
}

/** Which column plays which role, by its header (the first matching column of each role). */
function columnRoles(headerTexts: string[], skip = -1): Map<Column, number> {
  const columns = new Map<Column, number>();
  headerTexts.forEach((h, i) => {
    if (i === skip) return;
    // Accents do not change a header's meaning: `Prérequis`, `Vérification`, `Quién` read as prerequis, verification, quien.
    const text = foldAccents(h.replace(MARKUP, '').trim());
    const col = [...extraColumns, ...HEADERS].find(([c, re]) => !columns.has(c) && re.test(text))?.[0];
    if (col) columns.set(col, i);
  });
  return columns;
}

export interface KeyedRow {
  id: string;
  line: number;
  title: string | null;
  files: string[];
  agent: string | null;
  estimateMinutes: number | null;
  /** The gate cell as written (a command in inline code is a gate; task-fields.ts applyGate decides). */
  gate: string;
  header: string;
}

/**
 * A table that is not a task table but whose first column names tasks defined elsewhere (`| A.R1 | parsers/a.py |`
 * under "Agent | Files touched", `| DF1 | Route extractor | 3 |` under "Phase | Output | Days"): each row adds
 * facts to its task by the other columns' roles; the first column without a role is the title.
 */
export function readKeyedTable(node: Table, offset: number, known: (cell: string) => string | null): KeyedRow[] {
  const [head, ...rows] = node.children;
  if (!head) return [];
  const headerTexts = cells(head);
  const columns = columnRoles(headerTexts, 0);
  const plainCol = headerTexts.findIndex((_h, i) => i > 0 && ![...columns.values()].includes(i));
  const out: KeyedRow[] = [];
  for (const row of rows) {
    const c = cells(row);
    const id = known((c[0] ?? '').replace(MARKUP, '').trim());
    if (!id) continue;
    const get = (role: Column): string => (columns.has(role) ? c[columns.get(role)!] ?? '' : '');
    out.push({
      id,
      line: lineOf(row, offset),
      title: plainCol > 0 && c[plainCol] ? c[plainCol]! : null,
      files: pathsInList(get('files')),
      agent: get('agent') ? cleanName(get('agent')) || null : null,
      estimateMinutes: columns.has('estimate') ? parseEstimateField(get('estimate'), headerTexts[columns.get('estimate')!]!.toLowerCase()) : null,
      gate: get('gate'),
      header: headerTexts[0] ?? '',
    });
  }
  return out;
}

function cells(row: TableRow): string[] {
  return row.children.map((c) => squash(inlineText(c)));
}

export function readTable(node: Table, offset: number, phase: { name: string; index: number } | null): TableResult | null {
  const [head, ...rows] = node.children;
  if (!head || rows.length === 0) return null;
  const headerTexts = cells(head);
  const columns = columnRoles(headerTexts);
  // "Deliverable" names files in some tables and the work in others: without a title column and without paths in
  // its cells, it is the title.
  const files = columns.get('files');
  if (files !== undefined && !columns.has('title') && /deliverable/i.test(headerTexts[files]!) && !rows.some((r) => pathsInList(cells(r)[files] ?? '').length)) {
    columns.delete('files');
    columns.set('title', files);
  }
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
    return { tasks: [], groupAssignments, explicitDeps: false, skipped: [] };
  }
  // Whatever its header says (`Step`, `Étape`, `Ref`), a column whose every cell is one id and nothing else is the
  // id column, unless the rows' titles lead with their own ids (`#9 Commit ...`) or the ids are requirements (AC-, FR-).
  const leadingTitleIds = (c: string[]) => columns.has('title') && leadingId((c[columns.get('title')!] ?? '').replace(MARKUP, '').trim())?.rest;
  if (!columns.has('id') && !rows.some((r) => leadingTitleIds(cells(r)))) {
    const idLike = idColumn(rows.map(cells), new Set(columns.values()));
    if (idLike !== undefined) columns.set('id', idLike);
  }
  let idCol = columns.get('id');
  const titleCol = columns.get('title');
  if (idCol === undefined && titleCol === undefined) return null;
  // A table of requirements (ID | Requirement | Priority) is not a task table: it needs a task, dependency or
  // status column.
  const headers = cells(head).join(' ').toLowerCase();
  if (!/\btasks?\b|\btitle\b|\bwork\b|\bitem\b|\bslice\b|\bcard\b|任务|タスク/.test(headers) && !columns.has('deps') && !columns.has('status') && !columns.has('gate')) return null;
  const body = rows.map(cells);
  // A `#` column holding row numbers while the dependency column names other ids (`#50`): the ids are the issue
  // numbers the row carries elsewhere (a title `#1145 ...`, a URL `/issues/50`); the row number is not the id.
  const rowIds = pickRowIds(body, idCol, titleCol, columns.get('deps'));
  if (rowIds.fromOther) idCol = undefined;
  const tasks: RawTask[] = [];
  const skipped: SkippedLine[] = [];
  const titleId = (c: string[]): ReturnType<typeof leadingId> => (titleCol === undefined ? null : leadingId((c[titleCol] ?? '').replace(/^\[[ xX]\]\s*/, '').replace(BOLD_OR_CODE, '')));
  const someRowHasId = body.some((c, r) => rowIds.ids[r] || (titleId(c) && (titleId(c)!.strength === 'strong' || titleId(c)!.separated)));
  for (const [r, row] of rows.entries()) {
    const c = body[r]!;
    const line = lineOf(row, offset);
    let id: string | null = rowIds.ids[r] ?? null;
    let titleText = titleCol !== undefined ? c[titleCol] ?? '' : '';
    let idRule = idCol !== undefined ? `table column '${headerTexts[idCol]}'` : 'the row\'s issue number';
    // `T1: migration + model` in a task column: id plus title.
    const inTitle = titleId(c);
    if (inTitle && (inTitle.strength === 'strong' || inTitle.separated) && (!id || id === inTitle.id)) {
      id ??= inTitle.id;
      titleText = inTitle.rest;
      if (idCol === undefined && !rowIds.fromOther) idRule = `id leading the '${headerTexts[titleCol!]}' cell`;
    } else if (rowIds.fromOther && inTitle && inTitle.id === id) titleText = inTitle.rest;
    // A row with no id of its own in a table of tasks (other rows have ids, or the table says more than a title:
    // an agent, a status, dependencies) is a task all the same, named by its title. Otherwise it is prose.
    const slug = !id && !inTitle && titleCol !== undefined && /[\p{L}\p{N}]/u.test(titleText) && (someRowHasId || TASK_FACT_COLUMNS.some((k) => columns.has(k)));
    if (!id && !slug) {
      if (c.some((x) => /\w/.test(x))) skipped.push({ line, text: c.filter(Boolean).join(' | ').slice(0, 120), why: 'a table row without an id' });
      continue;
    }
    const markers = readTitleMarkers(titleText, line);
    const title = markers.title.replaceAll(BOLD, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    const task = newTask({ id: id ?? slugId(title), authorId: Boolean(id), kind: 'table', title: title || id!, line, order: 0 });
    traceFact(task, 'id', task.id, line, id ? idRule : `a row of a task table without an id: a slug of its '${headerTexts[titleCol!]}' cell`);
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
    // A parent column (`#49` for an epic's slice): the slice is the parent's sub-task, so an epic in the same
    // table waits for its slices instead of being worked as a task of its own.
    const parent = columns.has('parent') ? leadingId((c[columns.get('parent')!] ?? '').replace(MARKUP, '').trim()) : null;
    if (parent && parent.id !== task.id) {
      task.parentId = parent.id;
      traceFact(task, 'parent', parent.id, line, `table column '${headerTexts[columns.get('parent')!]}'`);
    }
    const statusText = columns.has('status') ? c[columns.get('status')!] ?? '' : c.find((x) => /^\[[ xX]\]$/.test(x)) ?? '';
    if (/^\[[xX]\]|^(?:yes)$/i.test(statusText.trim()) || isDoneStatus(statusText)) task.status = 'done';
    if (/^\[[ xX]\]/.test(statusText.trim())) task.checkboxLine = line;
    if (columns.has('deps')) {
      const list = parseDepList(c[columns.get('deps')!] ?? '', line);
      task.deps.push(...list.refs);
      for (const d of list.refs) traceFact(task, 'dep', d.ref, line, `table column '${headerTexts[columns.get('deps')!]}'`);
      task.depsDeclared = true;
    }
    if (columns.has('blocks')) {
      const list = parseDepList(c[columns.get('blocks')!] ?? '', line, 'blocks');
      task.deps.push(...list.refs);
      for (const d of list.refs) traceFact(task, 'blocks', d.ref, line, `table column '${headerTexts[columns.get('blocks')!]}'`);
    }
    if (columns.has('gate')) applyGate(task, c[columns.get('gate')!] ?? '', line, `table column '${headerTexts[columns.get('gate')!]}'`);
    if (columns.has('files')) {
      // A deliverable is made by its task (later writers of the same path are turned into modifiers).
      const access = /deliverable|output/i.test(headerTexts[columns.get('files')!] ?? '') ? 'create' : 'modify';
      for (const path of pathsInList(c[columns.get('files')!] ?? '')) task.files.push({ path, access, line, explicit: true });
    }
    // Without a file column, paths the title cell names in code (`Dockerfile for orders-api (\`services/x/Dockerfile\`)`)
    // are the row's files, as a list item's title names its files.
    if (!columns.has('files')) addFiles(task, pathsInText(titleText), null, line, false);
    if (columns.has('agent')) {
      const a = cleanName(c[columns.get('agent')!] ?? '');
      if (a && !/^[-—–]+$/.test(a)) {
        task.agent = { name: a, line };
        traceFact(task, 'agent', a, line, `table column '${headerTexts[columns.get('agent')!]}'`);
      }
    }
    if (columns.has('estimate')) task.estimateMinutes = parseEstimateField(c[columns.get('estimate')!] ?? '', headerTexts[columns.get('estimate')!]!.toLowerCase()) ?? task.estimateMinutes;
    if (columns.has('group')) {
      const g = cleanName(c[columns.get('group')!] ?? '');
      if (g && g !== '-') task.group = g;
    }
    tasks.push(task);
  }
  if (tasks.length === 0) return skipped.length ? { tasks: [], groupAssignments: [], explicitDeps: false, skipped } : null;
  return { tasks, groupAssignments: [], explicitDeps: columns.has('deps'), skipped };
}

const TASK_FACT_COLUMNS: Column[] = ['agent', 'status', 'deps', 'files', 'gate', 'estimate'];

/**
 * Which ids the rows carry. Normally the id column (or an id leading the task cell). When that column holds only
 * row numbers (1, 2, 3, ...) or no ids while the dependency cells reference `#NN` issue numbers, each row's own
 * issue number (the first `#NN` or `/issues/NN` in it) is its id.
 */
/** The first column not given a role whose cells are each a lone id (`E1`, `1.2`, `T-04`; not `3`), all different; else undefined. */
function idColumn(body: string[][], taken: Set<number>): number | undefined {
  const width = Math.max(0, ...body.map((c) => c.length));
  for (let col = 0; col < width; col++) {
    if (taken.has(col)) continue;
    const ids = body.map((c) => {
      const cell = (c[col] ?? '').replace(MARKUP, '').trim();
      const lead = leadingId(cell);
      // Plain numbers are row numbers or weeks as often as ids: by content alone, an id has a letter or a dot.
      return lead && !lead.rest && !isRequirementId(lead.id) && !/^\d+$/.test(lead.id) ? lead.id : null;
    });
    if (ids.every((id) => id !== null) && new Set(ids).size === ids.length) return col;
  }
  return undefined;
}

function pickRowIds(body: string[][], idCol: number | undefined, titleCol: number | undefined, depsCol: number | undefined): { ids: (string | null)[]; fromOther: boolean } {
  const fromColumn = body.map((c) => {
    if (idCol === undefined) return null;
    const lead = leadingId((c[idCol] ?? '').replace(MARKUP, '').trim());
    return lead && (lead.strength === 'strong' || lead.separated || /[A-Za-z]/.test(lead.id) || /^\d+$/.test(lead.id)) && lead.rest.length < 40 ? lead.id : null;
  });
  const refsIssues = depsCol !== undefined && body.some((c) => /#\d+/.test(c[depsCol] ?? ''));
  const plainNumbers = fromColumn.every((id) => id === null || /^\d+$/.test(id));
  if (!refsIssues || !plainNumbers) return { ids: fromColumn, fromOther: false };
  // The row's own number: an issue number leading its title, else the issue its URL points to (a `#NN` in
  // another cell is a reference: a parent, a blocker).
  const issueOf = (c: string[]): string | null => {
    const lead = titleCol !== undefined ? /^\s*#(\d+)\b/.exec(c[titleCol] ?? '') : null;
    if (lead) return lead[1]!;
    for (const cell of c) {
      const m = /\/(?:issues|pull)\/(\d+)\b/.exec(cell);
      if (m) return m[1]!;
    }
    return null;
  };
  const ids = body.map(issueOf);
  return ids.filter(Boolean).length >= Math.max(1, fromColumn.filter(Boolean).length / 2) ? { ids, fromOther: true } : { ids: fromColumn, fromOther: false };
}
