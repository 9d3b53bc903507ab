// mdast -> tasks. One walk over the tree with the heading context in hand; regular expressions only ever look at
// the text of one node. Families handled (README "The reader"): list-item tasks with ids or checkboxes, nested
// sub-tasks, task headings, task tables, checkbox paragraphs, feature sections with file lists (PRDs), field lines,
// DOT graphs and beads trees in code blocks, and dependency prose.
import type { Code, Heading, List, ListItem, Paragraph, Table, RootContent } from 'mdast';
import type { ParsedChunk } from '../parse/markdown.js';
import { inlineText, lineOf, ownParagraph, squash, BOLD, MARKUP } from './inline-text.js';
import { idKey, isRequirementId, leadingId, slugId } from './ids.js';
import { TASK_FACT_FIELDS, cleanName, fieldsOfLine, parseField, fileAccessOfLabel, type FieldKind } from './fields.js';
import { parseDepList } from './dep-refs.js';
import { depsInSentences, readTitleMarkers } from './markers.js';
import { pathsInList, pathsInText } from './paths.js';
import { matchTitle, words } from './fuzzy.js';
import { readKeyedTable, readTable } from './extract-table.js';
import { readCodeBlock } from './extract-code.js';
import { emptyDoc, newTask, traceFact, type RawDoc, type RawTask } from './types.js';
import { addFiles, CREATE_VERB, foldShortNames, MODIFY_VERB } from './file-access.js';
import { accessNote, applyField, applyGate, applyPendingValue, gateInSentence, isDoneStatus } from './task-fields.js';
import { chainInLine } from './arrow-chains.js';
import { ownersOfSiblings } from './owner-sections.js';
import { markHumanSteps } from './human-step.js';
import { PHASE, TASK_HEADING, TASK_HEADING_NO_ID, roleOf, unitLabel, type Role } from './sections.js';
import { DEPENDS_PROSE, PARALLEL_PROSE, PARALLEL_WITH, STRONG_IDS, UNIT_WAIT, WAIT_PROSE } from './prose.js';


interface Section {
  /** Its number among the document's headings (1, 2, ...): a task's sectionIndex. */
  index: number;
  depth: number;
  text: string;
  line: number;
  role: Role;
  /** Bullets seen before a PRD section turned out to be a task (its "Files to Create" comes last). */
  buffered: string[];
  task: RawTask | null;
}

interface Ctx {
  task: RawTask | null;
  field: FieldKind | null;
  fieldLine: number;
}

export function extractMarkdown(chunks: Iterable<ParsedChunk>): RawDoc {
  return new Extractor().run(chunks);
}

// A line that points to a file to read, not one to write: "See `docs/design.md`", "Based on `spec.md`", "Per `ADR-3.md`".
const READ_POINTER = /^(?:see|see also|refer to|cf\.?|per|based on|as (?:in|described in|defined in)|following|according to|reference|context|background|design doc|spec)\b/i;

// A line under a label squad does not know (`Manifest: \`.runs/x.json\``, `Evidence: ...`): what the label means is unknown.
const LABELLED = /^[\p{L}][\p{L}\p{N} _-]{0,30}:\s/u;
/**
 * A file of the repository named in prose: relative, in a folder, with an extension; not a folder, a pattern or a
 * system path. (A bare name is too weak a sign in prose, and `a/b.cpp:7014`, a place in a file, is pointed to for
 * reading: the caller drops those.)
 */
const isRepoFile = (p: string): boolean => /^[^/~][^*?<>]*\/[^/]*[^/]\.[A-Za-z0-9]+$/.test(p);
/** The files a sentence of the task's own prose names for writing: none when it points to them for reading. */
const proseFiles = (text: string): string[] => (READ_POINTER.test(text) ? [] : pathsInText(text).filter((p) => isRepoFile(p) && !text.includes(`${p}:`)));

class Extractor {
  private doc: RawDoc = emptyDoc('markdown', false);
  private offset = 0;
  private order = 0;
  private sections: Section[] = [];
  private phase: { name: string; index: number; depth: number; together: boolean } | null = null;
  private phaseCount = 0;
  private headingTask: { task: RawTask; depth: number } | null = null;
  /** Tasks read from a level-1 heading (`# ADR-0014: ...`): the document's title may be one (titleIsNotATask). */
  private titleTasks = new Set<RawTask>();
  /** Title tasks a work section followed: the tasks after it are not its sub-tasks, yet it is the document's title. */
  private titleOverWork = new Set<RawTask>();
  /** A field whose values come in the next list (`**File scope:**` then `- Create: ...`). */
  private pending: { field: FieldKind; line: number } | null = null;
  private weak = new Set<RawTask>();
  private weakStream = new Map<RawTask, string>();
  private groupAssignments: { id: string; group: string }[] = [];
  private ids = new Map<string, RawTask>();
  /** path -> access from a document-level CREATE / MODIFY list. */
  private accessHints = new Map<string, 'create' | 'modify'>();
  private sectionCount = 0;
  /** Every heading, with the one it sits under (0: none), for reading sections per person after the walk. */
  private headings: { index: number; depth: number; text: string; line: number; parent: number }[] = [];
  /** Names in arrow chains, first mention: the tasks of a document that has nothing else. */
  private chainNodes = new Map<string, number>();
  /** Tables that held no task: read again at the end, as facts about tasks they name in their first column. */
  private looseTables: { node: Table; offset: number }[] = [];
  private listDepth = 0;
  /** The list being read marks status with glyphs, some of them open (⬜ 🚧): its ✅ items are done tasks. */
  private glyphStatusList = false;
  /** The list being read names its items with code names (a Makefile-style target list). */
  private namedList = false;
  private namedLists = false;
  /** Outline items (the last tier of the candidate rule): taken only when the document has no other task. */
  private outline: { item: ListItem; line: number; title: string; bold: boolean; section: Section | undefined; phase: { name: string; index: number } | null; nested: List[] }[] = [];

  run(chunks: Iterable<ParsedChunk>): RawDoc {
    for (const chunk of chunks) {
      this.offset = chunk.lineOffset;
      for (const node of chunk.root.children) this.top(node);
    }
    this.settleWeakTasks();
    this.issueNumbersAsIds();
    this.ownersInParentheses();
    this.ownersFromSections();
    if (this.doc.tasks.length === 0) this.takeChainNodes();
    if (this.doc.tasks.length === 0 && this.outline.length) this.takeOutline();
    this.keyedTables();
    this.parentsByNumber();
    this.titleIsNotATask();
    this.doneByChildren();
    markHumanSteps(this.doc.tasks);
    for (const t of this.doc.tasks) foldShortNames(t);
    if (this.doc.defaultAgent) for (const t of this.doc.tasks) t.agent ??= this.doc.defaultAgent;
    for (const t of this.doc.tasks) {
      for (const f of t.files) {
        const hint = this.accessHints.get(f.path) ?? this.accessHints.get('/' + f.path.replace(/^\//, ''));
        if (hint) f.access = hint;
      }
    }
    for (const { id, group } of this.groupAssignments) {
      const t = this.ids.get(id);
      if (t && !t.group) t.group = group;
    }
    return this.doc;
  }

  // ---- top-level blocks -------------------------------------------------------------------------------------------

  private top(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        return this.heading(node);
      // A pending field ("**Test Strategy:**") feeds every list until the next other block: a long list that
      // the parser received in pieces arrives here as consecutive lists and must read the same.
      case 'list':
        return this.list(node, this.baseCtx());
      case 'paragraph':
        return this.paragraph(node);
      case 'table':
        this.pending = null;
        return this.table(node);
      case 'code':
        this.pending = null;
        return this.code(node);
      case 'blockquote':
        for (const child of node.children) this.top(child);
        return;
      case 'html':
        return this.htmlComment(node.value, lineOf(node, this.offset), this.headingTask?.task);
      default:
        return;
    }
  }

  private baseCtx(): Ctx {
    const task = this.headingTask?.task ?? null;
    return { task, field: this.pending?.field ?? null, fieldLine: this.pending?.line ?? 0 };
  }

  private section(): Section | undefined {
    return this.sections[this.sections.length - 1];
  }

  private role(): Role {
    for (let i = this.sections.length - 1; i >= 0; i--) {
      const sec = this.sections[i]!;
      // A document titled "# Tasks: ..." does not make every numbered list in it a task list.
      if (sec.role === 'taskList' && sec.depth === 1 && i !== this.sections.length - 1) continue;
      if (sec.role) return sec.role;
    }
    return null;
  }

  private heading(node: Heading): void {
    const text = squash(inlineText(node)).replaceAll(BOLD, '');
    const line = lineOf(node, this.offset);
    this.pending = null;
    if (this.headingTask && node.depth <= this.headingTask.depth) this.headingTask = null;
    // `# ADR-0042: ...` then `## Migration steps`: a section that says it holds the work is not the title task's text;
    // its items are tasks of their own, and the title names the document (titleIsNotATask).
    if (this.headingTask && this.titleTasks.has(this.headingTask.task) && roleOf(text) === 'taskList') {
      this.titleOverWork.add(this.headingTask.task);
      this.headingTask = null;
    }
    while (this.sections.length && this.sections[this.sections.length - 1]!.depth >= node.depth) this.sections.pop();
    if (this.phase && node.depth <= this.phase.depth) this.phase = null;
    // A wave is a set of tasks that run together ("Wave 2"), as is a phase said to be parallel ("Phase 3 (parallel)").
    if (PHASE.test(text)) this.phase = { name: text, index: ++this.phaseCount, depth: node.depth, together: /^wave\b|\bparallel\b/i.test(text) && !/\bsequential\b|\bnot parallel\b/i.test(text) };
    // A phase is work, whatever its name says: "Phase 4: Final Verification" is not a list of criteria.
    const named = roleOf(text);
    const role = named === 'criteria' && PHASE.test(text) ? null : named;
    this.sectionCount++;
    this.headings.push({ index: this.sectionCount, depth: node.depth, text, line, parent: this.sections.at(-1)?.index ?? 0 });
    const section: Section = { index: this.sectionCount, depth: node.depth, text, line, role, buffered: [], task: null };
    this.sections.push(section);

    // A sub-heading inside a task that introduces a file list: `#### Files to create`, `### CREATE`.
    const access = fileAccessOfLabel(text);
    if (this.headingTask && access && /file|create|modify|read|new|deliverable/i.test(text) && text.length < 40) {
      this.pending = { field: access, line };
      return;
    }
    if (this.headingTask) return;

    const task = this.taskFromHeading(text, line);
    if (task) {
      // "## M1 — Foundations ✅ shipped": the heading says the work is done.
      if (DONE_HEADING.test(text)) {
        task.status = 'done';
        task.title = task.title.replace(/\s*[✔✓✅☑]\uFE0F?\s*(?:done|shipped|complete[d]?|released)?\s*$/iu, '').trim() || task.title;
        traceFact(task, 'status', 'done', line, 'its heading marks it done');
      }
      section.task = task;
      this.headingTask = { task, depth: node.depth };
      if (node.depth === 1) this.titleTasks.add(task);
    } else if (access && /^(?:create|modify|read[- ]?only|new|files to \w+)\b/i.test(text)) {
      // Document-level ownership lists (`### CREATE` / `### MODIFY` / `### READ-ONLY` in an agent plan): read-only
      // files are facts of their own; CREATE and MODIFY say how the tasks that name a file touch it.
      this.pending = { field: access, line };
    }
  }

  private taskFromHeading(text: string, line: number): RawTask | null {
    const m = TASK_HEADING.exec(text);
    if (m) {
      return this.newTask(m[1]!, true, 'heading', m[2]?.trim() || `Task ${m[1]}`, line);
    }
    const noId = TASK_HEADING_NO_ID.exec(text);
    if (noId) return this.newTask(null, false, 'heading', noId[1]!.trim(), line);
    // Numbered headings ("## 2. Goals") are document structure; a heading leads with an id only in a strong
    // shape that has a letter or an issue number (`### T012 — ...`, `## #50 — ...`, `### L-27: ...`).
    const lead = leadingId(text);
    const headingLead = lead && (lead.strength === 'strong' || lead.separated) && (/[A-Za-z]/.test(lead.id) || /^#\d/.test(text));
    if (lead && headingLead && !isRequirementId(lead.id)) {
      return this.newTask(lead.id, true, 'heading', lead.rest || lead.id, line);
    }
    if (lead && lead.strength === 'strong' && isRequirementId(lead.id)) this.skip(line, text, `${lead.id} reads as a requirement id (FR-, AC-, SC-, ...), not a task`);
    return null;
  }

  private skip(line: number, text: string, why: string): void {
    this.doc.skipped.push({ line, text: stripMarkup(text).slice(0, 120), why });
  }

  // ---- tasks --------------------------------------------------------------------------------------------------

  private newTask(id: string | null, authorId: boolean, kind: RawTask['kind'], titleText: string, line: number): RawTask {
    const markers = readTitleMarkers(titleText, line);
    let title = markers.title.replace(/^\u0002(.+?)\u0002\s*(?:[—–:-]\s*)?/, '$1 — ').replace(/ — $/, '');
    title = title.replaceAll(BOLD, '');
    const detail: string[] = [];
    // A log line's timestamp (`(2026-05-06 10:00Z) migrate schema`, ExecPlan progress) is when, not what.
    const stamp = /^[([]\s*(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\s*Z?)?)\s*[)\]]\s*/.exec(title);
    if (stamp && stamp[0].length < title.length) {
      detail.push(`at ${stamp[1]}`);
      title = title.slice(stamp[0].length);
    }
    // `**Short title** — longer description`: the bold part is the title.
    const bold = /^(.+?) — (.+)$/.exec(title);
    if (bold && /^\u0002/.test(markers.title)) {
      title = bold[1]!;
      detail.push(bold[2]!);
    }
    const finalId = this.uniqueId(id ?? slugId(title), authorId);
    const task = newTask({ id: finalId, authorId: authorId && finalId === id, kind, title: title || finalId, line, order: this.order++ });
    task.parallel = markers.parallel;
    task.group = markers.group;
    task.story = markers.story;
    task.deps.push(...markers.deps);
    task.depsDeclared = markers.depsDeclared;
    // An id named after a dependency word mid-sentence counts when it is a task defined above this one.
    const named = markers.mentions.filter((m) => this.ids.has(m.ref));
    if (named.length) {
      task.deps.push(...named);
      task.depsDeclared = true;
    }
    if (markers.afterMarker) this.doc.explicitSyntax = true;
    if (markers.commit) {
      task.status = 'done';
      traceFact(task, 'status', 'done', line, `the commit [${markers.commit}] after its title`);
    }
    task.estimateMinutes = markers.estimateMinutes;
    if (markers.agent) task.agent = { name: markers.agent, line };
    task.details.push(...detail);
    for (const list of markers.listedFiles) addFiles(task, pathsInList(list), null, line, true);
    for (const list of markers.contextFiles) addFiles(task, pathsInList(list), 'read', line, true);
    addFiles(task, pathsInText(title), null, line, false);
    // `**Add the sweeper** in \`internal/session/sweeper.go\`: ...`: the description after a bold title is the task's own
    // text, read for files as its body is (fieldOrDetail).
    if (bold && /^\u0002/.test(markers.title)) {
      addFiles(task, proseFiles(bold[2]!), null, line, false, title);
      this.sentenceFields(task, bold[2]!, line);
    }
    if (this.phase) {
      task.phase = this.phase.name;
      task.phaseIndex = this.phase.index;
      if (this.phase.together && !task.group) {
        task.group = this.phase.name.replace(/\s*\([^)]*\)\s*$/, '').trim();
        traceFact(task, 'group', task.group, line, `under "${this.phase.name}": a wave, or a phase said to be parallel, runs its tasks together`);
      }
    }
    task.sectionIndex = this.sectionCount;
    this.doc.tasks.push(task);
    if (!this.ids.has(finalId)) this.ids.set(finalId, task);
    return task;
  }

  /** Author ids are kept as written (duplicates are reported by the graph); generated ids get a suffix. */
  private uniqueId(id: string, authorId: boolean): string {
    if (authorId || !this.ids.has(id)) return id;
    for (let n = 2; ; n++) if (!this.ids.has(`${id}-${n}`)) return `${id}-${n}`;
  }

  // ---- lists --------------------------------------------------------------------------------------------------

  private list(list: List, ctx: Ctx): void {
    let index = 0;
    this.listDepth++;
    const outer = this.glyphStatusList;
    const outerNamed = this.namedList;
    // A list whose items lead with code names (`hillshade: ...`, `release: ...`), most of them, all different: a
    // target list, whose names are the ids even without a hyphen.
    const names = list.children.map((item) => {
      const p = ownParagraph(item);
      const t = p ? squash(inlineText(p)).replace(/^\[[ xX~\-/]\]\*?\s+/, '').replace(STATUS_GLYPH, '').replace(/^\((?:P[0-4]|high|medium|low|critical|urgent)\)\s+/i, '') : '';
      return /^`?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)`?\s*:\s+\S/.exec(t)?.[1] ?? null;
    });
    const named = names.filter((n): n is string => n !== null);
    const distinct = new Set(named).size === named.length;
    // Once the document has such a list, a later short list named the same way (`examples:`, `release:`) is one too.
    this.namedList = distinct && ((named.length >= 3 && named.length * 5 >= list.children.length * 3) || (this.namedLists && named.length === list.children.length && named.length > 0));
    if (this.namedList) this.namedLists = true;
    this.glyphStatusList = list.children.some((item) => {
      const p = ownParagraph(item);
      const m = p ? STATUS_GLYPH.exec(squash(inlineText(p))) : null;
      return m !== null && !isDoneStatus(m[1]!);
    });
    for (const item of list.children) {
      const number = list.ordered ? (list.start ?? 1) + index : null;
      this.listItem(item, ctx, number);
      index++;
    }
    this.glyphStatusList = outer;
    this.namedList = outerNamed;
    this.listDepth--;
  }

  private listItem(item: ListItem, ctx: Ctx, number: number | null): void {
    // A PRD section can turn into a task half-way through its list ("Files to Create" comes last).
    if (!ctx.task && this.headingTask) ctx = { ...ctx, task: this.headingTask.task };
    const para = ownParagraph(item);
    const line = lineOf(item, this.offset);
    let text = para ? squash(inlineText(para)) : '';
    // Checkbox states GFM does not know: `[-]` / `[~]` / `[/]` in progress, `[ ]*` optional (Kiro). They are
    // checkboxes all the same: the state is read, the marker leaves the text.
    let optional = false;
    const box = item.checked == null ? /^\[([ xX~\-/])\](\*)?\s+/.exec(text) : null;
    if (box) {
      item = { ...item, checked: box[1] === 'x' || box[1] === 'X' };
      optional = box[2] === '*';
      text = text.slice(box[0]!.length);
    }
    // A status glyph in place of a checkbox (Notion, Obsidian, status boards): ✅ done; 🚧 ⏳ ⬜ ☐ ❌ open. Only in a
    // list that has open ones too, before an id, or in a section that says it holds the work ("Migration steps"): a
    // list of ✅ alone elsewhere is decisions made or points shown, not work.
    const glyph = item.checked == null ? STATUS_GLYPH.exec(text) : null;
    if (glyph && (this.glyphStatusList || leadingId(text.slice(glyph[0]!.length)) || (number !== null && this.role() === 'taskList'))) {
      item = { ...item, checked: isDoneStatus(glyph[1]!) };
      text = text.slice(glyph[0]!.length);
    }
    // `**AUTH-410** SAML metadata parsing — \`a.py\` ✅`: a done mark closing an item led by an id.
    const doneMark = item.checked == null ? DONE_MARK_END.exec(text) : null;
    if (doneMark && leadingId(text.replaceAll(BOLD, ''))) {
      item = { ...item, checked: true };
      text = text.slice(0, doneMark.index);
    }
    // todo.txt: `(A) Fix the race +uploader @codex` is an open task and `x 2024-06-07 (A) Bump pillow +deps` a done one,
    // as with a checkbox: a letter priority or an `x` and a date lead it, and a `+project` or `@context` tag is in it
    // (so `(A) Use Redis` among alternatives stays prose). Not in code: a legend "`(A)` this week" is no task.
    const todo = item.checked == null && para?.children[0]?.type === 'text' ? TODO_TXT.exec(text) : null;
    if (todo && (todo[1] || todo[2]) && /(?:^|\s)[+@][\w-]+/.test(text)) {
      item = { ...item, checked: Boolean(todo[1]) };
      text = text.slice(todo[0]!.length);
    }
    // A priority before the title (`(P0) wasm-build: ...`, `(high)`) is metadata, not the title or the id.
    const priority = /^\((P[0-4]|high|medium|low|critical|urgent)\)\s+/i.exec(text);
    if (priority) text = text.slice(priority[0]!.length);
    let [first = '', ...restLines] = text.split('\n');
    this.chain(first, line);
    // `Task 3: title` and `Task: title` in a list item: the label is not part of the title.
    const labelled = TASK_HEADING.exec(first.replaceAll(BOLD, ''));
    const labelledNoId = labelled ? null : TASK_HEADING_NO_ID.exec(first.replaceAll(BOLD, ''));
    if (labelled && labelled[2]) first = `${labelled[1]}: ${labelled[2]}`;
    else if (labelledNoId) first = labelledNoId[1]!;
    const lead = leadingId(first);
    const hasCheckbox = item.checked === true || item.checked === false;
    const nested = item.children.filter((c): c is List => c.type === 'list');

    if (ctx.task) {
      // Inside a task: a sub-task (own id), a field line, a value of a pending field, a step, or detail.
      if (lead && isAcceptanceId(lead.id)) {
        ctx.task.acceptance.push(stripMarkup(text));
        for (const l of nested) this.list(l, ctx);
        return;
      }
      // A sub-task: a strong id, a weak one with a checkbox, or one numbered under this task (`M2.1` in M2).
      const subLead = lead && (lead.strength === 'strong' ? hasCheckbox || ctx.task.kind === 'list' || /^\d+(?:\.\d+)+$/.test(lead.id) : (hasCheckbox && /[A-Za-z]/.test(lead.id)) || lead.id.startsWith(`${ctx.task.id}.`));
      if (subLead && !isRequirementId(lead.id)) {
        const sub = this.taskFromItem(item, lead!.id, true, lead!.rest, line, hasCheckbox, restLines, optional);
        sub.parentId = ctx.task.id;
        inheritFromParent(sub, ctx.task);
        for (const l of nested) this.list(l, { task: sub, field: null, fieldLine: 0 });
        return;
      }
      const field = parseField(first);
      if (field && !(ctx.field && ['create', 'modify', 'read', 'files'].includes(ctx.field) && !['create', 'modify', 'read', 'files'].includes(field.kind))) {
        // A wrapped value continues on the following lines until the next field line.
        const more = restLines.findIndex((l) => parseField(l) !== null);
        const cont = more < 0 ? restLines : restLines.slice(0, more);
        if (cont.length && field.value) field.value = [field.value, ...cont].join(' ');
        const open = applyField(ctx.task, field, line);
        for (const l of more < 0 ? [] : restLines.slice(more)) this.fieldOrDetail(ctx.task, l, line);
        for (const l of nested) this.list(l, { task: ctx.task, field: open, fieldLine: line });
        return;
      }
      if (ctx.field) {
        // `**Agent Type**: x` straight after the last item of a `**Files**:` list is, to CommonMark, a lazy
        // continuation of that item; to the author it is the next field of the task.
        const more = restLines.findIndex((l) => parseField(l) !== null);
        applyPendingValue(ctx.task, ctx.field, more < 0 ? text : [first, ...restLines.slice(0, more)].join('\n'), line);
        for (const l of more < 0 ? [] : restLines.slice(more)) {
          // `Files to modify:` swallowed the same way opens the field for the rest of this list's items.
          const opened = this.fieldOrDetail(ctx.task, l, line);
          if (opened) ctx.field = opened;
        }
        for (const l of nested) this.list(l, ctx);
        return;
      }
      // Bare paths under a task (`- \`docs/auth.md\` (new)`, `- \`a.ts\`, \`b.ts\``): files of the task, a note saying how
      // they are touched. Every code span must be a path: `- \`npm test\` passes` is not a file list.
      const spans = /^`[^`]+`(?:\s*,?\s*`[^`]+`)*(?:\s*\([^)]*\))?(?:\s+[—–-]\s+.*)?$/.test(first) ? first.split(/\s+[—–-]\s+/)[0]!.match(/`[^`]+`/g)! : [];
      const bare = !hasCheckbox && spans.length ? pathsInText(spans.join(' ')) : [];
      if (bare.length && bare.length === spans.length) addFiles(ctx.task, bare, accessNote(first), line, accessNote(first) !== null);
      else if (hasCheckbox) ctx.task.steps.push(stripMarkup(text));
      else if (text) this.fieldOrDetail(ctx.task, text, line, true);
      for (const l of nested) this.list(l, { task: ctx.task, field: null, fieldLine: 0 });
      return;
    }

    const role = this.role();
    // Outside any task.
    if (role === 'excluded' || role === 'notes') {
      this.skip(line, text, `under "${this.section()!.text}": ${role === 'notes' ? 'notes about the plan (a legend, a glossary), not work' : 'work this plan leaves out'}`);
      return;
    }
    // `~~**AUTH-419** SCIM provisioning~~ → moved to sprint 24`: struck through from its start, the item was dropped.
    if (para?.children[0]?.type === 'delete' && leadingId(squash(inlineText(para.children[0])).replaceAll(BOLD, ''))) {
      this.skip(line, text, 'struck through: dropped or moved out of this plan');
      return;
    }
    if (ctx.field && ['read', 'create', 'modify'].includes(ctx.field) && role !== 'criteria') {
      for (const p of pathsInList(first.split(/\s+[—–-]\s+|:\s/)[0]!.replace(/\s*\(.*\)\s*$/, ''))) {
        if (ctx.field === 'read') this.doc.readOnlyFiles.push({ path: p, line });
        else this.accessHints.set(p, ctx.field as 'create' | 'modify');
      }
      return;
    }
    // Acceptance-criteria ids (AC-1) outside a task are the plan's success criteria.
    if (lead && isAcceptanceId(lead.id) && (hasCheckbox || role === 'criteria')) {
      this.doc.successCriteria.push({ text: stripMarkup(text), line, done: item.checked === true });
      return;
    }
    const hasFieldChildren = nested.some((l) => l.children.some((c) => {
      const p = ownParagraph(c);
      return p ? parseField(squash(inlineText(p)).split('\n')[0]!) !== null : false;
    })) || restLines.some((l) => parseField(l) !== null);
    // "T011, T012, T013 - all different files" lists ids; a bare id already defined is a mention, not a task.
    const idList = lead && /^(?:[,/&]|and\b|or\b)/.test(lead.rest);
    const mention = lead && !hasCheckbox && this.ids.has(lead.id);
    // The candidate rule (README "Candidates"), the same for every kind: a strong id leads a task; a weak one (`3.`,
    // `R001`, `T3:`) does with a separator or a letter, when a checkbox, a task section or field lines back it.
    // Requirement ids (FR-001, SC-002, US1) name requirements, not work, unless the item has a checkbox.
    // Numbering under a coded heading backs a weak id: `M2.1` under "## M2 — Usage pricing" is M2's deliverable.
    const headingCode = this.section() ? leadingId(this.section()!.text) : null;
    const underCode = Boolean(lead && headingCode && /[A-Za-z]/.test(headingCode.id) && lead.id.startsWith(`${headingCode.id}.`));
    const backed = hasCheckbox || role === 'taskList' || hasFieldChildren || underCode;
    const idLead = lead && (lead.strength === 'strong' || ((lead.separated || /[A-Za-z]/.test(lead.id)) && backed));
    const strongLead = idLead && (hasCheckbox || !isRequirementId(lead!.id));
    if (lead && !strongLead && !idList && !mention && (lead.strength === 'strong' || lead.separated) && role !== 'criteria' && /[A-Za-z]/.test(lead.id)) {
      this.skip(line, first, isRequirementId(lead.id) ? `${lead.id} reads as a requirement id (FR-, SC-, US, ...) without a checkbox, not a task` : `${lead.id} leads a line outside any task section, without a checkbox or fields`);
    }
    if (strongLead && !idList && !mention) {
      const task = this.taskFromItem(item, lead!.id, true, lead!.rest, line, hasCheckbox, restLines, optional);
      for (const l of nested) this.list(l, { task, field: null, fieldLine: 0 });
      return;
    }
    if (hasCheckbox && role === 'criteria') {
      this.doc.successCriteria.push({ text: stripMarkup(text), line, done: item.checked === true });
      this.skip(line, text, `a checkbox under "${this.section()?.text ?? ''}": read as a success criterion of the plan`);
      return;
    }
    if (hasCheckbox || (role === 'taskList' && (number !== null || hasFieldChildren))) {
      const unit = lead ? null : unitLead(first) ?? codeNameLead(first, this.namedList);
      const numberId = unit ? unit.id : number !== null && role === 'taskList' && !this.ids.has(String(number)) ? String(number) : null;
      // A code name is the author's word but not an id they keep unique (`docs:` twice): a clash gets a suffix.
      const task = this.taskFromItem(item, numberId, numberId !== null && !unit?.codeName, unit?.rest ?? first, line, hasCheckbox, restLines, optional);
      if (!hasCheckbox && !hasFieldChildren && !lead) {
        this.weak.add(task);
        this.weakStream.set(task, this.section()?.text ?? '');
      }
      for (const l of nested) this.list(l, { task, field: null, fieldLine: 0 });
      return;
    }
    const sec = this.section();
    if (role === 'sequential' || role === 'readOnly') {
      const paths = pathsInList(first.split(/\s+[—–-]\s+|:\s/)[0]!);
      if (paths.length) {
        for (const p of paths) (role === 'readOnly' ? this.doc.readOnlyFiles : this.doc.sequentialFiles).push({ path: p, line });
        if (role === 'sequential' && sec) {
          const task = this.sectionTask(sec);
          addFiles(task, paths, 'create', line, true);
        }
        return;
      }
    }
    const field = parseField(first);
    if (field?.kind === 'agent' && field.label === 'agent type' && /^@?[\w-]+$/.test(field.value.replace(MARKUP, '')) && !this.doc.defaultAgent) {
      this.doc.defaultAgent = { name: cleanName(field.value), line };
      return;
    }
    const namesFiles = field && (field.value ? pathsInList(field.value).length > 0 : nested.length > 0);
    if (field && namesFiles && ['create', 'modify', 'files'].includes(field.kind) && sec && role !== 'criteria') {
      // PRD feature section: "- **Files to Create**:" with a list makes the section a task.
      const task = this.sectionTask(sec);
      const open = applyField(task, field, line);
      this.headingTask = { task, depth: sec.depth };
      for (const l of nested) this.list(l, { task, field: open, fieldLine: line });
      return;
    }
    if (this.prose(text, line)) return;
    if (sec && text) sec.buffered.push(stripMarkup(text));
    // The outline tier: a top-level item of a feature, phase or work section (`- **Landing Page:**`, a bullet under
    // `## Phase 2`). Kept aside; it becomes a task only when the document has no task of a stronger kind.
    const bold = /^\u0002[^\u0002]{2,80}\u0002/.test(first);
    if (this.listDepth === 1 && text && !hasCheckbox && sec && isOutlineSection(this.sections) && (bold || this.phase || role === 'taskList')) {
      const title = bold ? first.slice(1, first.indexOf(BOLD, 1)).replace(/[:：]\s*$/, '') : stripMarkup(first);
      this.outline.push({ item, line, title, bold, section: sec, phase: this.phase, nested });
      return;
    }
    for (const l of nested) this.list(l, ctx);
  }

  private taskFromItem(item: ListItem, id: string | null, authorId: boolean, rest: string, line: number, hasCheckbox: boolean, restLines: string[], optional = false): RawTask {
    const task = this.newTask(id, authorId, 'list', rest, line);
    task.optional = optional;
    if (hasCheckbox) {
      task.checkboxLine = line;
      if (item.checked) task.status = 'done';
    }
    for (const l of restLines) {
      // A wrapped task line continues the title's sentence: paths there are the task's too.
      if (!parseField(l)) addFiles(task, pathsInText(l), null, line, false, `${task.title} ${l}`);
      this.fieldOrDetail(task, l, line);
    }
    // "Can run in parallel with M3.2", "can be built in parallel with M2.1 and M2.2": a set that may run together.
    const together = PARALLEL_WITH.exec([rest, ...restLines].join(' ').replaceAll(BOLD, ''));
    if (together) {
      const refs = parseDepList(together[1]!, line).refs.filter((r) => !r.text).map((r) => r.ref);
      if (refs.length) this.doc.parallelSets.push({ ids: [task.id, ...refs], line });
    }
    // Sentences that run over the wrapped lines can state a dependency ("..., so it needs M1.3.").
    const wrapped = restLines.filter((l) => !parseField(l));
    if (wrapped.length) {
      for (const ref of depsInSentences([rest, ...wrapped].join(' '), line)) {
        if (task.deps.some((d) => d.ref === ref.ref)) continue;
        task.deps.push(ref);
        task.depsDeclared = true;
        traceFact(task, 'dep', ref.ref, line, 'a sentence of the task naming what it needs');
      }
    }
    // Continuation paragraphs of the item are details (or field lines).
    for (const child of item.children.slice(1)) {
      if (child.type === 'html') this.htmlComment(child.value, lineOf(child, this.offset), task);
      if (child.type === 'paragraph') for (const l of squash(inlineText(child)).split('\n')) this.fieldOrDetail(task, l, lineOf(child, this.offset));
      if (child.type === 'code') this.code(child, task);
    }
    return task;
  }

  /** `<!-- depends: T1 -->` / `<!-- agent: qa -->` on lines of their own under a task: field lines hidden from the reader. */
  private htmlComment(html: string, line: number, task: RawTask | undefined): void {
    const comment = /^<!--([\s\S]*?)-->\s*$/.exec(html.trim());
    if (!comment || !task) return;
    comment[1]!.split(/\n|;\s*/).forEach((l, i) => {
      for (const part of l.split(/,\s*(?=[\p{L}][\p{L}\s_-]{0,30}:)/u)) {
        const field = parseField(part.trim());
        if (field) applyField(task, field, line + i);
      }
    });
  }

  /** Returns the field a value-less field line opens (`**File scope:**`), for a list that may follow. */
  private fieldOrDetail(task: RawTask, text: string, line: number, ownLine = task.kind !== 'list'): FieldKind | null {
    const fields = fieldsOfLine(text);
    if (fields.length > 0) {
      let open: FieldKind | null = null;
      for (const f of fields) open = applyField(task, f, line);
      // "Needs steps 3 and 4. Owner: human. Check: `x`.": a dependency sentence, then fields as sentences.
      this.sentenceFields(task, text, line);
      return open;
    }
    if (!text.trim()) return null;
    this.sentenceFields(task, text, line);
    task.details.push(stripMarkup(text));
    const plain = stripMarkup(text);
    // "Verify with `npm test`", "Comprobar con `npm run x`": a command given to check the work is its gate.
    const gate = gateInSentence(plain);
    if (gate) applyGate(task, `\`${gate}\``, line, 'a sentence giving the command that checks the work');
    // In a task's body (its own lines, not the wrapped title of a list item), an imperative line ("Create
    // `src/client.py` ...", "Update `src/config.py`", "Crear `scripts/x.ts`") names a file.
    if (ownLine && /`[^`]+`/.test(plain)) {
      if (CREATE_VERB.test(plain)) addFiles(task, pathsInText(plain.split(/[.;:]\s/)[0]!), 'create', line, false);
      else if (MODIFY_VERB.test(plain)) addFiles(task, pathsInText(plain.split(/[.;:]\s/)[0]!), 'modify', line, false);
      // "Handler in `a.go`, dedupe in `b.go`", "Migration `003.sql`.": a file the task's own text names is one of its
      // files, unless the line points to it for reading ("See `docs/x.md`", "Based on `spec.md`") or the task has a
      // file list of its own (then prose names other things). Only files: a folder or a pattern named in prose is
      // where things are, not what the task writes.
      else if (!LABELLED.test(plain) && !task.files.some((f) => f.explicit)) addFiles(task, proseFiles(plain), null, line, false);
    }
    return null;
  }

  /** "... indexes). Owner: codex. Check: `make db-check`.": fields as sentences of a prose line, each after a full stop. */
  private sentenceFields(task: RawTask, text: string, line: number): void {
    const sentences = text.split(/(?<=[.;])\s+(?=[\p{Lu}\u0002*_][\p{L}\u0002*_ ]{0,30}:\s)/u);
    for (const sentence of sentences.slice(1)) {
      const f = parseField(sentence.replace(/[.;]\s*$/, ''));
      if (f) applyField(task, f, line);
    }
  }

  /**
   * A labelled unit heading ("### Stream B: TTL cleanup", "### Phase 2: Auth"), or a heading led by an id of any shape
   * ("### 1.2 In-memory backend", which alone would be document numbering), becomes a task when the lines under it
   * declare what a task has: dependencies, files, an agent, a gate. Those lines are the evidence, so one rule serves
   * every way of numbering. When a summary line already made that unit a task (`- [x] **Phase 2: Auth** - ...`),
   * the heading's section adds to it: one unit, one task.
   */
  private unitTask(lines: string[]): RawTask | undefined {
    const sec = this.section();
    if (!sec || sec.task || this.role() === 'criteria') return undefined;
    if (!lines.some((l) => fieldsOfLine(l).some((f) => TASK_FACT_FIELDS.has(f.kind)))) return undefined;
    const unit = unitLabel(sec.text) ?? idHeading(sec.text);
    if (!unit) return undefined;
    const task = this.ids.get(unit.id) ?? this.newTask(unit.id, true, 'heading', unit.title, sec.line);
    traceFact(task, 'id', task.id, sec.line, `a ${unitLabel(sec.text) ? 'labelled unit' : 'numbered'} heading ("${sec.text}") with task fields under it`);
    sec.task = task;
    this.headingTask = { task, depth: sec.depth };
    return task;
  }

  private sectionTask(sec: Section): RawTask {
    if (sec.task) return sec.task;
    const numbered = /^(\d+(?:\.\d+)*)[.)]?\s+(.+)$/.exec(sec.text);
    const title = (numbered ? numbered[2]! : sec.text).replace(/\s*\((?:[^)]*)\)\s*$/, '').trim();
    const id = numbered && !this.ids.has(numbered[1]!) ? numbered[1]! : null;
    const task = this.newTask(id, id !== null, 'section', title, sec.line);
    task.details.push(...sec.buffered);
    sec.task = task;
    return task;
  }

  // ---- paragraphs ---------------------------------------------------------------------------------------------

  private paragraph(node: Paragraph): void {
    const text = squash(inlineText(node));
    const line = lineOf(node, this.offset);
    const lines = text.split('\n');
    lines.forEach((l, i) => this.chain(l, line + i));
    const task = this.headingTask?.task ?? this.unitTask(lines);
    if (task) {
      // Only a top-level paragraph opens a field for the list after it; fields inside list items stay there.
      this.pending = null;
      lines.forEach((l, i) => {
        const open = this.fieldOrDetail(task, l, line + i);
        if (open) this.pending = { field: open, line: line + i };
      });
      return;
    }
    this.pending = null;
    // `[x] TASK-101 title` with fields on the following lines (no list dash).
    const box = /^\[([ xX])\]\s+(.*)$/.exec(lines[0]!);
    if (box) {
      const lead = leadingId(box[2]!);
      const t = this.newTask(lead?.id ?? null, Boolean(lead), 'paragraph', lead ? lead.rest : box[2]!, line);
      t.checkboxLine = line;
      if (box[1] !== ' ') t.status = 'done';
      lines.slice(1).forEach((l, i) => this.fieldOrDetail(t, l, line + i + 1));
      return;
    }
    // A field line alone (`**Files to create:**`) opens a list that follows.
    const field = parseField(lines[0]!);
    if (field && !field.value && ['create', 'modify', 'files', 'read'].includes(field.kind) && this.role() === 'readOnly') {
      this.pending = { field: 'read', line };
      return;
    }
    if (this.prose(text, line)) return;
    const sec = this.section();
    if (sec) sec.buffered.push(stripMarkup(text));
  }

  /** An arrow chain anywhere (`#50 → (#51 → #52) and (#53 → #54)`): each step waits for the one before. */
  private chain(text: string, line: number): void {
    const found = chainInLine(text);
    if (!found) return;
    for (const ref of found.refs) if (!ref.includes('..') && !this.chainNodes.has(ref)) this.chainNodes.set(ref, line);
    for (const e of found.edges) this.doc.extraDeps.push({ from: e.from, to: e.to, line, text: false, chain: true });
  }

  /**
   * Dependency statements outside tasks, one per line (a paragraph of "M1.2 requires M1.1." lines is read line by
   * line). Returns true when the text held one.
   */
  private prose(text: string, line: number): boolean {
    let found = false;
    stripMarkup(text).split('\n').forEach((l, i) => {
      if (this.proseLine(l, line + i)) found = true;
    });
    return found;
  }

  private proseLine(plain: string, line: number): boolean {
    // "#421 should wait until #417 lands", "T009 starts only after T004 and T005": a note ordering two tasks.
    const wait = WAIT_PROSE.exec(plain);
    if (wait && leadingId(wait[1]!)?.strength === 'strong') {
      const refs = parseDepList(wait[2]!, line).refs.filter((r) => !r.text);
      for (const r of refs) this.doc.extraDeps.push({ from: leadingId(wait[1]!)!.id, to: r.ref, line, text: false });
      if (refs.length) return true;
    }
    const units = UNIT_WAIT.exec(plain);
    if (units) {
      this.doc.extraDeps.push({ from: (units[1] ?? units[3])!, to: (units[2] ?? units[4])!, line, text: true });
      return true;
    }
    if (PARALLEL_PROSE.test(plain)) {
      const after = /\bafter\s+(.+?)(?:[).]|$)/i.exec(plain);
      const head = plain.slice(0, plain.search(PARALLEL_PROSE));
      const ids = head.match(STRONG_IDS) ?? [];
      if (ids.length > 1) this.doc.parallelSets.push({ ids, line });
      if (after && ids.length) {
        const blockers = after[1]!.match(STRONG_IDS) ?? [];
        for (const from of ids) for (const to of blockers) this.doc.extraDeps.push({ from, to, line, text: false });
      }
      return ids.length > 0;
    }
    if (this.role() !== 'deps') return false;
    const m = DEPENDS_PROSE.exec(plain);
    if (!m) return false;
    const from = m[1]!.replace(/[*_:]/g, '').trim();
    // "Foundational (Phase 2): Depends on Setup completion" orders phases, which document order already does.
    if (/\bphases?\b/i.test(from)) return false;
    // The statement ends with its sentence: "M3.4 requires M1.2 only; it can run alongside ..." names M1.2.
    const list = parseDepList(m[2]!.split(/;|\.\s/)[0]!.replace(/\s+only\s*\.?\s*$/i, ''), line);
    // "M2.1 and M2.2 both require M1.1": each id of the subject waits.
    const subjects = parseDepList(from.replace(/\s+(?:both|all)$/i, ''), line).refs;
    const froms = subjects.length > 1 && subjects.every((s) => !s.text) ? subjects.map((s) => s.ref) : [from];
    for (const f of froms) for (const ref of list.refs) this.doc.extraDeps.push({ from: f, to: ref.ref, line, text: ref.text || !/\d/.test(f) });
    return list.refs.length > 0;
  }

  // ---- tables and code ----------------------------------------------------------------------------------------

  private table(node: Table): void {
    for (const row of node.children.slice(1)) {
      for (const cell of row.children) this.chain(squash(inlineText(cell)), lineOf(row, this.offset));
    }
    const result = readTable(node, this.offset, this.phase);
    if (!result || result.tasks.length === 0) this.looseTables.push({ node, offset: this.offset });
    if (!result) return;
    if (result.explicitDeps) this.doc.explicitSyntax = true;
    this.doc.skipped.push(...result.skipped);
    // A board column (`## Shipped`, `## Done`) says the status of the cards under it.
    const column = this.section();
    for (const t of result.tasks) {
      if (column && DONE_HEADING.test(column.text) && t.status !== 'done') {
        t.status = 'done';
        traceFact(t, 'status', 'done', column.line, `the section heading marks it done ("${column.text}")`);
      }
      if (!t.authorId) t.id = this.uniqueId(t.id, false);
      t.order = this.order++;
      t.sectionIndex = this.sectionCount;
      this.doc.tasks.push(t);
      if (!this.ids.has(t.id)) this.ids.set(t.id, t);
    }
    this.groupAssignments.push(...result.groupAssignments);
  }

  private code(node: Code, inTask?: RawTask): void {
    // A plain block of prose ("T015, T016 can run in parallel (after T014)") states facts like a paragraph.
    if (!node.lang || /^(?:text|txt|plain|plaintext)$/i.test(node.lang)) {
      const first = lineOf(node, this.offset) + 1;
      node.value.split('\n').forEach((l, i) => {
        if (PARALLEL_PROSE.test(l)) this.prose(l, first + i);
        this.chain(l, first + i);
      });
    }
    const result = readCodeBlock(node, this.offset);
    if (!result) return;
    this.doc.extraDeps.push(...result.edges);
    // Arrows drawn between a chart's boxes are the author's own dependency syntax: they order the work.
    if (result.edges.length && result.tasks.some((t) => t.kind === 'chart')) this.doc.explicitSyntax = true;
    if (inTask) return;
    for (const t of result.tasks) {
      const known = this.ids.get(t.id);
      if (known) {
        // A chart names a task again (a lane, then a box, then a schedule line): later sightings fill in what the
        // first one lacked.
        if (known.kind === 'chart' && known.title === known.id && t.title !== t.id) known.title = t.title;
        if (known.kind === 'chart') known.estimateMinutes ??= t.estimateMinutes;
        continue;
      }
      t.order = this.order++;
      t.sectionIndex = this.sectionCount;
      if (this.phase) {
        t.phase = this.phase.name;
        t.phaseIndex = this.phase.index;
      }
      this.doc.tasks.push(t);
      this.ids.set(t.id, t);
    }
  }

  // ---- after the walk ----

  /**
   * `# ADR-0014: Move sessions to a table` over a rollout list: a level-1 heading led by an id, of which every other
   * task of the document is a sub-task, and which says nothing of its own (no files, dependencies, agent or gate),
   * names the document, not a piece of work. It is said in `squad explain`; its sub-tasks stand on their own. A
   * document that is one task under its heading (`# Task ID: 15`) keeps it.
   */
  /** `## Alice` / `## Bongani` / `## codex (agent)`: each names who does the tasks under it (owner-sections.ts). */
  private ownersFromSections(): void {
    const byIndex = new Map(this.headings.map((h) => [h.index, h]));
    const holding = new Set<number>();
    for (const t of this.doc.tasks) {
      for (let i = t.sectionIndex, hops = 0; i && hops < 20; i = byIndex.get(i)?.parent ?? 0, hops++) holding.add(i);
    }
    const groups = new Map<string, typeof this.headings>();
    for (const h of this.headings) {
      const key = `${h.parent}:${h.depth}`;
      groups.set(key, [...(groups.get(key) ?? []), h]);
    }
    const owner = new Map<number, { name: string; line: number }>();
    for (const siblings of groups.values()) {
      const names = ownersOfSiblings(siblings.map((h) => ({ text: h.text, hasTasks: holding.has(h.index) })));
      siblings.forEach((h, i) => names[i] && owner.set(h.index, { name: names[i]!, line: h.line }));
    }
    if (owner.size === 0) return;
    for (const t of this.doc.tasks) {
      if (t.agent) continue;
      for (let i = t.sectionIndex, hops = 0; i && hops < 20; i = byIndex.get(i)?.parent ?? 0, hops++) {
        const o = owner.get(i);
        if (!o) continue;
        t.agent = { name: o.name, line: o.line };
        traceFact(t, 'agent', o.name, o.line, `the section it sits in ("${byIndex.get(i)!.text}"), one of sibling sections per person`);
        break;
      }
    }
  }

  private titleIsNotATask(): void {
    for (const t of this.titleTasks) {
      const others = this.doc.tasks.filter((o) => o !== t);
      if (others.length === 0 || hasTaskFacts(t)) continue;
      const byId = new Map(this.doc.tasks.map((o) => [o.id, o]));
      const under = (o: RawTask): boolean => {
        for (let p = o.parentId, hops = 0; p && hops < 50; p = byId.get(p)?.parentId ?? null, hops++) if (p === t.id) return true;
        return false;
      };
      if (!this.titleOverWork.has(t) && !others.every(under)) continue;
      for (const o of others) if (o.parentId === t.id) o.parentId = null;
      this.doc.tasks = others;
      this.ids.delete(t.id);
      this.skip(t.line, t.title, `the document's title: every task is under it and it says nothing of its own`);
    }
  }

  /**
   * A task with no status of its own (a task heading, no checkbox) is done when every sub-task it waits for is:
   * "Task Group 1" over ten ticked boxes is finished work. Deepest first, so the rule climbs the tree.
   */
  private doneByChildren(): void {
    const kids = new Map<string, RawTask[]>();
    for (const t of this.doc.tasks) if (t.parentId && !t.optional) kids.set(t.parentId, [...(kids.get(t.parentId) ?? []), t]);
    for (const t of [...this.doc.tasks].reverse()) {
      const mine = kids.get(t.id);
      if (mine && t.status === 'done' && (t.checkboxLine !== null || t.trace.some((f) => f.fact === 'status'))) {
        // A roadmap ticks a phase while its plan list stays unticked: the document disagrees with itself. Keep
        // what each line says (the parent done, the open sub-tasks still to run) and say so.
        const open = mine.filter((k) => k.status !== 'done').map((k) => k.id);
        if (open.length) this.doc.warnings.push({ line: t.line, message: `${t.id} is marked done but its sub-task(s) ${open.join(', ')} are not: read as written (the sub-tasks stay open); tick them or untick ${t.id}` });
      }
      if (!mine || t.status === 'done' || t.checkboxLine !== null || t.trace.some((f) => f.fact === 'status')) continue;
      if (mine.every((k) => k.status === 'done')) {
        t.status = 'done';
        traceFact(t, 'status', 'done', t.line, `all ${mine.length} of its sub-tasks are done`);
      }
    }
  }

  /**
   * Numbering is hierarchy even when the indentation is not (Kiro writes `- [ ] 3.` and `- [ ] 3.1` at one indent):
   * a dotted id whose prefix is an earlier task's id (`3.1` under `3`, `2.1.4` under `2.1`) is that task's sub-task.
   */
  private parentsByNumber(): void {
    const seen = new Map<string, RawTask>();
    for (const t of this.doc.tasks) {
      const m = /^(\d+(?:\.\d+)*)\.\d+$/.exec(t.id);
      if (t.authorId && m && t.parentId === null) {
        const parent = seen.get(m[1]!) ?? seen.get(`${m[1]}.0`);
        if (parent && parent !== t) {
          t.parentId = parent.id;
          traceFact(t, 'parent', parent.id, t.line, `its number ${t.id} continues ${parent.id}'s`);
          t.phase ??= parent.phase;
          if (!t.agent && parent.agent) t.agent = parent.agent;
        }
      }
      if (!seen.has(t.id)) seen.set(t.id, t);
    }
  }

  /**
   * No task of a stronger kind: the document is an outline (a PRD's feature list, a phase plan of bullets). Its
   * items are the tasks, in the order written; their nested items are details. Bold-lead items win over plain ones
   * when both exist (the bold ones are the features, the plain ones their notes).
   */
  /**
   * A document with no task list whose arrow chains name the work (`F → (A.R1 ‖ B ‖ C) → E.demo`, a master plan):
   * the named nodes are the tasks, in the order first named, and the chains order them.
   */
  private takeChainNodes(): void {
    if (this.chainNodes.size < 3) return;
    for (const [id, line] of this.chainNodes) {
      const t = this.newTask(id, true, 'list', id, line);
      traceFact(t, 'id', id, line, 'a node of an arrow chain (the document has no task list)');
    }
    this.doc.explicitSyntax = true;
    this.doc.warnings.push({ message: `no task list found: read the ${this.chainNodes.size} node(s) named by the document's arrow chains as tasks (squad explain lists them)`, line: [...this.chainNodes.values()][0]! });
  }

  /** Tables keyed by the ids of tasks defined elsewhere add titles, files, agents, estimates and gates to them. */
  private keyedTables(): void {
    if (!this.looseTables.length || !this.doc.tasks.length) return;
    const byKey = new Map<string, RawTask>();
    for (const t of this.doc.tasks) if (t.authorId) byKey.set(idKey(t.id), t);
    const known = (cell: string): string | null => byKey.get(idKey(cell))?.id ?? null;
    for (const { node, offset } of this.looseTables) {
      for (const row of readKeyedTable(node, offset, known)) {
        const t = this.ids.get(row.id)!;
        const rule = `a row of the table keyed by '${row.header}'`;
        if (row.title && t.title === t.id) t.title = row.title;
        if (row.files.length) addFiles(t, row.files, null, row.line, true);
        if (row.agent && !t.agent) {
          t.agent = { name: row.agent, line: row.line };
          traceFact(t, 'agent', row.agent, row.line, rule);
        }
        if (row.estimateMinutes !== null && t.estimateMinutes === null) {
          t.estimateMinutes = row.estimateMinutes;
          traceFact(t, 'estimate', `${row.estimateMinutes}m`, row.line, rule);
        }
        if (row.gate && !t.gate) applyGate(t, row.gate, row.line, rule);
      }
    }
  }

  private takeOutline(): void {
    const anyBold = this.outline.some((o) => o.bold);
    const picked = this.outline.filter((o) => o.bold || !anyBold);
    for (const o of picked) {
      const t = this.newTask(null, false, 'list', o.title, o.line);
      traceFact(t, 'id', t.id, o.line, `outline item under "${o.section?.text ?? ''}" (the document has no task list)`);
      if (o.phase) {
        t.phase = o.phase.name;
        t.phaseIndex = o.phase.index;
      }
      if (o.section && DONE_HEADING.test(o.section.text)) {
        t.status = 'done';
        traceFact(t, 'status', 'done', o.section.line, `the section heading marks it done ("${o.section.text}")`);
      }
      for (const l of o.nested) this.list(l, { task: t, field: null, fieldLine: 0 });
    }
    this.doc.warnings.push({
      message: `no task list found: read ${picked.length} ${anyBold ? 'bold-lead ' : ''}item(s) of the document's outline as tasks, in the order written (squad explain lists them)`,
      line: picked[0]!.line,
    });
  }

  // ---- after the walk -----------------------------------------------------------------------------------------

  /**
   * `- [ ] feat(api): since filter (#418) — owner: codex`: list tasks without an id of their own, each naming exactly
   * one issue in parentheses, the way commit and changelog lines do. When two or more tasks do so, each with a
   * different number, the number is the task's id (`#418` is 418), so `blocked on #418` finds it.
   */
  private issueNumbersAsIds(): void {
    const found = new Map<RawTask, string>();
    for (const t of this.doc.tasks) {
      if (t.authorId || t.kind !== 'list') continue;
      const nums = [...t.title.matchAll(/\(#(\d+)\)/g)].map((m) => m[1]!);
      if (nums.length === 1 && !this.ids.has(nums[0]!)) found.set(t, nums[0]!);
    }
    const numbers = [...found.values()];
    if (numbers.length < 2 || new Set(numbers).size !== numbers.length) return;
    for (const [t, n] of found) {
      const old = t.id;
      for (const o of this.doc.tasks) if (o.parentId === old) o.parentId = n;
      this.ids.delete(old);
      t.id = n;
      t.authorId = true;
      this.ids.set(n, t);
      traceFact(t, 'id', n, t.line, `the one issue its line names in parentheses (#${n}), as its neighbours' lines do`);
    }
  }

  /**
   * `- [ ] R3 Enable dual-write in staging (Priya)`, `... (codex) — \`a.py\``, `... — *codex*`: when two or more list
   * tasks of one section end their sentence with one word in parentheses or after a dash, and one of those words is
   * a name (capitalised) or one recurs, the word is who does each task: an explicit agent, taken out of the title.
   * One such item alone is only a remark.
   */
  private ownersInParentheses(): void {
    const bySection = new Map<number, { task: RawTask; word: string; at: number; length: number }[]>();
    for (const t of this.doc.tasks) {
      if (t.kind !== 'list' || t.agent) continue;
      const m = OWNER_PARENS.exec(t.title) ?? OWNER_AFTER_DASH.exec(t.title);
      const word = m ? (m[1] ?? '').replace(/^@/, '') : '';
      if (!m || !word || NOT_OWNER.test(word)) continue;
      const list = bySection.get(t.sectionIndex) ?? [];
      list.push({ task: t, word, at: m.index, length: m[0].length });
      bySection.set(t.sectionIndex, list);
    }
    for (const found of bySection.values()) {
      // Names, not remarks: one of them is capitalised (a person), or one word recurs (the same agent on several tasks).
      const recurs = new Set(found.map((f) => f.word.toLowerCase())).size < found.length;
      if (found.length < 2 || !(recurs || found.some((f) => /^\p{Lu}\p{Ll}/u.test(f.word)))) continue;
      for (const { task, word, at, length } of found) {
        task.agent = { name: word, line: task.line };
        task.title = (task.title.slice(0, at) + task.title.slice(at + length)).replace(/\s+/g, ' ').trim();
        traceFact(task, 'agent', word, task.line, 'a name in parentheses ending the task, as its neighbours end theirs: who does it');
      }
    }
  }

  /**
   * Numbered items under a "Stream 1: Frontend" heading with no id, checkbox or fields are weak evidence of tasks.
   * When the document defines stronger tasks (feature sections with files, task headings), such an item is a
   * step of the task its stream names; otherwise the items are the tasks.
   */
  private settleWeakTasks(): void {
    if (this.weak.size === 0) return;
    const strong = this.doc.tasks.filter((t) => !this.weak.has(t));
    if (strong.length === 0) return;
    const candidates = strong.map((t) => ({ id: t.id, title: t.title, order: t.order }));
    const keep: RawTask[] = [];
    const moved = new Map<string, number>();
    for (const t of this.doc.tasks) {
      if (!this.weak.has(t)) {
        keep.push(t);
        continue;
      }
      const heading = this.weakStream.get(t) ?? '';
      // Only a stream/track/lane heading names the task these items belong to. Other numbered items stay tasks when
      // they say what a task says (what they wait for, files, who, a check: "Needs step 2. Owner: codex. Check: ..."),
      // else they are numbered prose beside the document's real tasks, listed as skipped.
      if (!/^(?:stream|track|lane|workstream)\b/i.test(heading)) {
        if (hasTaskFacts(t)) keep.push(t);
        else this.skip(t.line, t.title, `a numbered item under "${heading}" with no task facts, beside the document's tasks: read as prose`);
        continue;
      }
      const stream = heading.replace(/^(?:stream|track|lane|workstream)\s*\d*\s*[:.-]?\s*/i, '').replace(/\(.*?\)/g, '');
      const target = words(stream).length ? matchTitle(stream, candidates) : null;
      if (target) {
        const owner = strong.find((s) => s.id === target.id)!;
        owner.steps.push(t.title);
        moved.set(owner.id, (moved.get(owner.id) ?? 0) + 1);
      } else keep.push(t);
    }
    this.doc.tasks = keep;
    this.ids = new Map();
    for (const t of keep) if (!this.ids.has(t.id)) this.ids.set(t.id, t);
    for (const [id, n] of moved) {
      const owner = keep.find((t) => t.id === id)!;
      this.doc.warnings.push({ message: `${n} numbered item(s) of a stream list were read as steps of task ${id} (${owner.title})`, line: owner.line });
    }
  }
}

// todo.txt's leads: `x` and the completion date (and the creation date), then an `(A)`-`(Z)` priority.
const TODO_TXT = /^(x\s+\d{4}-\d{2}-\d{2}\s+(?:\d{4}-\d{2}-\d{2}\s+)?)?(?:\(([A-Z])\)\s+)?/;

// One word in parentheses closing a task's sentence (before a dash and its files, or at the end).
const OWNER_PARENS = /\s*\((@?[\p{L}][\p{L}.'-]{1,30})\)(?=\s*(?:[—–]\s|$))/u;
// The same word after a closing dash, often in italics: `... (deps: A1) — *codex*`, `— *Lena* (human, ...)`.
const OWNER_AFTER_DASH = /\s+[—–]\s+[*_]?(@?[\p{L}][\p{L}.'-]{1,30})[*_]?(?=\s*(?:\([^()]*\)\s*)?$)/u;
// Parenthesised words that say something about the task, not who does it.
const NOT_OWNER = /^(?:optional|required|blocked|done|draft|stretch|later|todo|maybe|deprecated|wip|mvp|new|beta|experimental|manual|critical|urgent|high|medium|low)$/i;

function inheritFromParent(sub: RawTask, parent: RawTask): void {
  if (!sub.phase) {
    sub.phase = parent.phase;
    sub.phaseIndex = parent.phaseIndex;
  }
  if (!sub.agent && parent.agent) sub.agent = parent.agent;
}

// Sections whose items may be the work itself when nothing else is (features, phases, waves, steps, plans).
const OUTLINE_HEADING = /feature|functionalit|phase|stage|milestone|wave|\bsteps?\b|sprint|iteration|epic|deliverable|work ?items|roadmap|\bplan\b|implementation|\btasks?\b|to-?do|backlog|phasen?|schritt|meilenstein|arbeitspaket|etappe|阶段|功能|任务|フェーズ|機能|タスク|단계|기능|작업|fase|étape|tarea/i;
/** Fields that make a labelled unit heading a task. */
/** A heading led by an author's id ("1.2 In-memory backend", "R3: ..."), not a requirement id: the unit it names. */
function idHeading(text: string): { id: string; title: string } | null {
  const lead = leadingId(text);
  if (!lead || !lead.rest || isRequirementId(lead.id)) return null;
  return { id: lead.id, title: lead.rest };
}

/** A task says something of its own: what it waits for, a file list, who does it, a check or a command. A path its
 * prose mentions ("Supersedes `docs/adr/0003.md`") is no file list. */
function hasTaskFacts(t: RawTask): boolean {
  return t.deps.length > 0 || t.files.some((f) => f.explicit) || t.agent !== null || t.gate !== null || t.run !== null;
}

const NOT_OUTLINE = /non-?goals?|out of scope|\bformat\b|syntax|template|schema|example|future|assumption|risk|open question|appendix|glossary|reference|success|acceptance|criteria|metric|functional requirements|stack|overview|background|context|\bziele?\b|目标|目標|목표/i;

/**
 * The innermost heading is not a list of goals, risks or references, and it or a heading above it names work.
 * The document's title does not count ("# Generating a Task List" is about tasks, not a list of them).
 */
function isOutlineSection(sections: Section[]): boolean {
  const inner = sections[sections.length - 1];
  if (!inner || (NOT_OUTLINE.test(inner.text) && !PHASE.test(inner.text))) return false;
  return sections.some((s) => OUTLINE_HEADING.test(s.text) && !(s.depth === 1 && s.line <= 3));
}

/** A done mark closing a line: `**AUTH-410** SAML parsing ✅` (the same glyphs DONE_HEADING reads). */
const DONE_MARK_END = /\s*[✔✓✅☑]\uFE0F?\s*$/u;

/** A heading that marks its section finished: `## Phase 1 – Grundlage ✔`, `## Done`, `## Shipped`. */
const DONE_HEADING = /[✔✓✅☑]\uFE0F?\s*(?:done|shipped|complete[d]?|released)?\s*$|\((?:done|complete|completed|erledigt|fertig|完成|完了)\)\s*$|^(?:done|completed?|shipped|closed|merged|finished|released|erledigt|fertig|完成|已完成|完了|완료)\b/i;

const STATUS_GLYPH = /^(✅|☑️?|✔️?|✓|🟢|🚧|⏳|🔄|🟡|⬜|☐|🔲|❌|🔴|⭕)\uFE0F?\s+/u;

/**
 * `wasm-build: compile the renderer` (a Makefile-style target list): a code name in kebab or snake case before a
 * colon names the task, as an id would. Only where a checkbox or a task list backs the item (the caller's rule).
 */
function codeNameLead(first: string, namedList: boolean): { id: string; rest: string; codeName: true } | null {
  const word = namedList ? /^`?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)`?\s*:\s+(\S.*)$/s : /^`?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)`?\s*:\s+(\S.*)$/s;
  const m = word.exec(first.replaceAll(BOLD, ''));
  return m ? { id: m[1]!, rest: m[2]!, codeName: true } : null;
}

/** `**Phase 1: Dead code** - remove ...` or `Stream A: storage`: the unit's id, and the text without the label. */
function unitLead(first: string): { id: string; rest: string; codeName?: boolean } | null {
  const bold = /^\u0002([^\u0002]+)\u0002(.*)$/s.exec(first);
  const unit = unitLabel(bold ? bold[1]! : first);
  if (!unit) return null;
  return { id: unit.id, rest: bold ? `${BOLD}${unit.title}${BOLD}${bold[2]}` : unit.title };
}

function stripMarkup(text: string): string {
  return text.replaceAll(BOLD, '').trim();
}


function isAcceptanceId(id: string): boolean {
  return /^AC[-_]?\d/.test(id);
}

