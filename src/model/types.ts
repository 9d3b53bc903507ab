// What the extractors read out of a document, before ids are resolved and the graph is built.
import type { FileAccess } from '../plan/schema.js';

export interface SourceFile {
  path: string;
  access: FileAccess;
  line: number;
  /** From an explicit Files field (errors are fatal) or inferred from prose (unsafe paths are skipped). */
  explicit: boolean;
}

export interface DepRef {
  /** The text of one reference: an id (`T012`), a range (`T002–T004`, `Tasks 1-7`), or free text ("Shared types"). */
  ref: string;
  line: number;
  /** `after`: this task waits for ref. `blocks`: ref waits for this task. */
  kind: 'after' | 'blocks';
  /** Free text with no id in it: resolved against task titles. */
  text: boolean;
}

/** One fact of a task's reading, for `squad explain`: what was read, from which line, by which rule. */
export interface ReadFact {
  fact: 'id' | 'title' | 'dep' | 'blocks' | 'group' | 'parallel' | 'agent' | 'file' | 'status' | 'estimate' | 'gate' | 'run' | 'parent';
  value: string;
  line: number | null;
  /** The rule that read it, in words a user can look up in README ("table column 'Depends On'", "field 'deps:'"). */
  rule: string;
}

/** A line that looked like a task or a dependency but was not taken, and why (never dropped silently). */
export interface SkippedLine {
  line: number;
  text: string;
  why: string;
}

export type TaskKind = 'list' | 'heading' | 'table' | 'paragraph' | 'section' | 'json' | 'tree' | 'chart';

export interface RawTask {
  id: string;
  /** The author wrote the id; otherwise squad made one from the title or the list number. */
  authorId: boolean;
  kind: TaskKind;
  title: string;
  line: number;
  status: 'open' | 'done';
  checkboxLine: number | null;
  parentId: string | null;
  /** `[P]`: may run with the neighbouring `[P]` tasks. */
  parallel: boolean;
  group: string | null;
  story: string | null;
  phase: string | null;
  phaseIndex: number;
  /** Which heading section the task sits in: a run of `[P]` tasks does not cross a heading. */
  sectionIndex: number;
  deps: DepRef[];
  /** The task carries a dependency declaration (`none` included). */
  depsDeclared: boolean;
  files: SourceFile[];
  agent: { name: string; line: number } | null;
  estimateMinutes: number | null;
  run: string | null;
  /** `Gate:` / `Verify:` / `Test:` holding inline code: a shell command run after the task, before it counts as done. */
  gate: string | null;
  acceptance: string[];
  steps: string[];
  details: string[];
  /** Position in the document: the author's order. */
  order: number;
  tracker: { kind: 'markdown' | 'taskmaster'; tag: string | null; rawId: string | number | null };
  /** How each fact was read (squad explain). */
  trace: ReadFact[];
  /** Names an input field gives in code (`JsonRpcClient`, `a/b.ts`): an earlier task that makes one is waited for. */
  inputs: { name: string; line: number }[];
  /** Optional work (`- [ ]* 4.3`): it may stay open when its parent is done, so the parent does not wait for it. */
  optional: boolean;
}

export interface DocWarning {
  message: string;
  line: number | null;
}

export interface RawDoc {
  format: string;
  tasks: RawTask[];
  warnings: DocWarning[];
  successCriteria: { text: string; line: number; done: boolean }[];
  /** Files the document declares read-only for everyone (a READ-ONLY section outside any task). */
  readOnlyFiles: { path: string; line: number }[];
  /** Files the document says need sequential access (shared types, ...). */
  sequentialFiles: { path: string; line: number }[];
  /** Edges stated outside tasks: prose, DOT graphs, summary tables. `from` waits for each of `to`. */
  /** Dependencies stated outside the tasks; `chain` for an arrow chain (`a → b → c`), whose unknown names are prose. */
  extraDeps: { from: string; to: string; line: number; text: boolean; chain?: boolean }[];
  /** "T015, T016, T017 can run in parallel": in document order they share a step. */
  parallelSets: { ids: string[]; line: number }[];
  /** The document's own syntax says only declared dependencies order the work (`[after:]`, a dependency column). */
  explicitSyntax: boolean;
  /** `Agent Type:` outside any task (a per-agent plan): the agent of every task that names none. */
  defaultAgent?: { name: string; line: number };
  /** Lines that looked like tasks or dependencies but were not taken (squad explain lists them with the reason). */
  skipped: SkippedLine[];
}

/** Record one fact of a task's reading. */
export function traceFact(task: RawTask, fact: ReadFact['fact'], value: string, line: number | null, rule: string): void {
  task.trace.push({ fact, value, line, rule });
}

export function newTask(partial: Pick<RawTask, 'id' | 'authorId' | 'kind' | 'title' | 'line' | 'order'>): RawTask {
  return {
    status: 'open',
    checkboxLine: null,
    parentId: null,
    parallel: false,
    group: null,
    story: null,
    phase: null,
    phaseIndex: 0,
    sectionIndex: 0,
    deps: [],
    depsDeclared: false,
    files: [],
    agent: null,
    estimateMinutes: null,
    run: null,
    gate: null,
    acceptance: [],
    steps: [],
    details: [],
    tracker: { kind: 'markdown', tag: null, rawId: null },
    trace: [],
    optional: false,
    inputs: [],
    ...partial,
  };
}

export function emptyDoc(format: string, explicitSyntax: boolean): RawDoc {
  return { format, tasks: [], warnings: [], successCriteria: [], readOnlyFiles: [], sequentialFiles: [], extraDeps: [], parallelSets: [], explicitSyntax, skipped: [] };
}
