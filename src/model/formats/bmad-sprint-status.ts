// A BMAD `sprint-status.yaml`: `development_status` maps keys to statuses. `epic-N` (and `epic-N-M`, epic N.M)
// is an epic; `N-M-slug` is story M of epic N, and `N-M-K-slug` story K of epic N.M when the file declares
// `epic-N-M` (else `3-5-help-overlay` and `3-5-0-cleanup` could not be told apart); `epic-N-retrospective` is an
// optional ritual. Each story is a task, its key its id, its group its epic. Only `done` (or `completed`) is done.
// Order: the file states no story-to-story edges; BMAD's own workflow drafts a story only after the previous one
// of its epic is done, so the stories of one epic run one after another, in story-number order (numeric: 7-10
// comes after 7-9), and epics run side by side. A comment above an epic saying it "must complete before Epic N"
// is an edge between the two epics; other comments are not read for edges.
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { UserError } from '../../io/errors.js';
import { emptyDoc, newTask, traceFact, type RawDoc, type RawTask } from '../types.js';

const EPIC = /^epic-(\d+)(?:-(\d+))?$/;
const RETRO = /^epic-(\d+)(?:-(\d+))?-retrospective$/;
const STORY3 = /^(\d+)-(\d+)-(\d+)-([a-z0-9].*)$/i;
const STORY2 = /^(\d+)-(\d+)-([a-z0-9].*)$/i;
const DONE = new Set(['done', 'completed']);
const BEFORE_EPIC = /must (?:complete|be (?:done|completed|finished)|finish) before epic (\d+(?:\.\d+)?)/i;

interface Story {
  task: RawTask;
  epic: string;
  number: number;
}

export function isBmadSprintStatus(text: string): boolean {
  return /^development_status\s*:/m.test(text);
}

export function extractBmadSprintStatus(text: string, file: string): RawDoc {
  const counter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const err = yaml.errors[0];
  if (err) throw new UserError(`not valid YAML (${err.message.split('\n')[0]}); fix the file`, file, counter.linePos(err.pos[0]).line);
  const map = yaml.get('development_status', true);
  if (!isMap(map)) {
    throw new UserError('not a BMAD sprint-status.yaml: no development_status map of story keys to statuses; squad reads markdown, Task Master and Ralph JSON, beads JSONL, BMAD sprint status and YAML lists of task records (id, title, needs, files, owner, check)', file, 1);
  }
  const doc = emptyDoc('bmad-sprint-status', true);
  const textLines = text.split('\n');
  const entries = map.items.map((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = isScalar(pair.value) ? String(pair.value.value ?? '') : '';
    const line = isScalar(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line : 1;
    return { key, value, line };
  });
  const decimalEpics = new Set(entries.flatMap((e) => (EPIC.exec(e.key)?.[2] !== undefined ? [e.key] : [])));
  const stories: Story[] = [];
  const epicBefore: { epic: string; before: string; line: number }[] = [];
  for (const { key, value, line } of entries) {
    if (EPIC.test(key)) {
      doc.skipped.push({ line, text: `${key}: ${value}`, why: 'an epic: it groups its stories, it is not a task of its own' });
      const said = BEFORE_EPIC.exec(commentAbove(textLines, line));
      if (said) epicBefore.push({ epic: key, before: `epic-${said[1]!.replace('.', '-')}`, line });
      if (/\bdeferred\b/i.test(commentAbove(textLines, line)) && !/deferred|done/i.test(value)) {
        doc.warnings.push({ message: `${key}: a comment above it says DEFERRED, but its status is '${value}': its stories are planned as open work; set their status to deferred to leave them out`, line });
      }
      continue;
    }
    if (RETRO.test(key)) {
      doc.skipped.push({ line, text: `${key}: ${value}`, why: 'a retrospective: optional, not a task' });
      continue;
    }
    const s3 = STORY3.exec(key);
    const s2 = STORY2.exec(key);
    const decimal = s3 && decimalEpics.has(`epic-${s3[1]}-${s3[2]}`);
    if (!decimal && !s2) {
      doc.skipped.push({ line, text: `${key}: ${value}`, why: 'not an epic, story or retrospective key (N-M-slug)' });
      continue;
    }
    const [epic, number, slug] = decimal ? [`epic-${s3[1]}-${s3[2]}`, Number(s3[3]), s3[4]!] : [`epic-${s2![1]}`, Number(s2![2]), s2![3]!];
    if (/^deferred/i.test(value)) {
      doc.skipped.push({ line, text: `${key}: ${value}`, why: `status '${value}': not work to do now` });
      continue;
    }
    const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
    const task = newTask({ id: key, authorId: true, kind: 'json', title, line, order: stories.length });
    traceFact(task, 'id', key, line, 'BMAD story key');
    traceFact(task, 'title', title, line, 'BMAD story key: the words after the story number');
    task.status = DONE.has(value.toLowerCase()) ? 'done' : 'open';
    traceFact(task, 'status', task.status, line, `BMAD status '${value}'`);
    task.group = epic;
    traceFact(task, 'group', epic, line, decimal ? `BMAD story key N-M-K of the declared epic ${epic}` : 'BMAD story key N-M: epic N');
    task.depsDeclared = true;
    stories.push({ task, epic, number });
  }
  const byEpic = new Map<string, Story[]>();
  for (const s of stories) byEpic.set(s.epic, [...(byEpic.get(s.epic) ?? []), s]);
  for (const list of byEpic.values()) {
    list.sort((a, b) => a.number - b.number || a.task.order - b.task.order);
    list.forEach((s, i) => {
      const prev = list[i - 1];
      if (prev) addDep(s.task, prev.task.id, 'BMAD: stories of one epic in story-number order');
    });
  }
  for (const { epic, before, line } of epicBefore) {
    const first = byEpic.get(before)?.[0];
    const last = byEpic.get(epic)?.at(-1);
    if (first && last) addDep(first.task, last.task.id, `BMAD comment at line ${line}: ${epic} must complete before ${before}`);
    else doc.warnings.push({ message: `${epic}: a comment says it must complete before ${before}, but ${first ? epic : before} has no stories here`, line });
  }
  doc.tasks = stories.map((s) => s.task);
  return doc;
}

function addDep(task: RawTask, on: string, rule: string): void {
  task.deps.push({ ref: on, line: task.line, kind: 'after', text: false });
  traceFact(task, 'dep', on, task.line, rule);
}

/** The `#` comment lines right above a key (up to the first line that is not a comment). */
function commentAbove(lines: string[], line: number): string {
  const out: string[] = [];
  for (let i = line - 2; i >= 0 && /^\s*#/.test(lines[i]!); i--) out.unshift(lines[i]!.replace(/^\s*#\s?/, ''));
  return out.join('\n');
}
