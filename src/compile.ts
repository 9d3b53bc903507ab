// The compiler: source text in, plan out. No I/O: parse -> model -> graph -> allocate (src/allocate/stage.ts); emit/
// turns the plan into files. Every step is a pure function of the text and the options, so the output is deterministic.
import { readSource } from './model/formats/index.js';
import type { RawDoc, RawTask } from './model/types.js';
import { checkRepoPath } from './model/paths.js';
import { buildGraph, type Dag } from './graph/build.js';
import type { OrderRequest } from './graph/order-mode.js';
import { allocate, defaultRouting, type AllocateOptions } from './allocate/stage.js';
import type { Plan } from './plan/schema.js';
import { UserError } from './io/errors.js';
import { applyReaderConfig, type ReaderConfig } from './model/reader-config.js';
import { frontMatterTaskHint } from './model/front-matter.js';
import { addTasks } from './graph/added-tasks.js';
import { DEFAULT_ESTIMATE_MINUTES } from './plan/estimates.js';
export { DEFAULT_ESTIMATE_MINUTES, defaultRouting };

export interface CompileOptions extends AllocateOptions {
  order?: OrderRequest;
  /** Absolute path of the repository root: absolute paths below it are accepted and made relative. */
  repoRoot?: string | null;
  /** Task Master tag to compile. */
  tag?: string | null;
  /** `reader:` from squad.config.yaml: extra id patterns, field labels, column headers. */
  reader?: ReaderConfig;
}

/** The source's format is picked by its extension, then its content (src/model/formats/index.ts). */
export function readDocument(text: string, opts: CompileOptions): RawDoc {
  return readSource(text, opts.file, opts.tag ?? null);
}

export function compile(text: string, opts: CompileOptions): Plan {
  return compileWithReading(text, opts).plan;
}

/** The plan and how it was read: the raw document (with its trace and skipped lines) and the DAG's edge reasons. */
export interface Reading {
  plan: Plan;
  doc: RawDoc;
  dag: Dag;
}

export function compileWithReading(text: string, opts: CompileOptions): Reading {
  applyReaderConfig(opts.reader);
  const doc = readDocument(text, opts);
  if (doc.tasks.length === 0) {
    const hint = frontMatterTaskHint(text);
    if (hint) throw new UserError(hint, opts.file, 1);
    throw new UserError(
      'no tasks found: squad reads task lists (checkbox or id items like "- [ ] T001 ..."), task headings ("## Task 1: ..."), task tables, or PRD sections with "Files to Create" lists; see README "The reader"',
      opts.file,
      1,
    );
  }
  checkPaths(doc, opts);
  const dag = buildGraph(doc, opts.file, opts.order ?? 'auto');
  const added = addTasks(dag, opts.added ?? [], opts.file, opts.repoRoot ?? null);
  for (const message of added.warnings) dag.warnings.push({ message, line: null });
  return { plan: allocate(dag, doc, text, opts, added.ids), doc, dag };
}

/** Paths leaving the repository: an error in an explicit file list, skipped with a warning when inferred from prose. */
function checkPaths(doc: RawDoc, opts: CompileOptions): void {
  for (const task of doc.tasks) {
    const kept: RawTask['files'] = [];
    for (const f of task.files) {
      const check = checkRepoPath(f.path, opts.repoRoot ?? null);
      if (check.ok) {
        if (!kept.some((k) => k.path === check.path)) kept.push({ ...f, path: check.path });
      } else if (f.explicit && f.access !== 'read') {
        throw new UserError(`task ${task.id}: file ${f.path} ${check.reason}; squad only plans files inside the repository`, opts.file, f.line);
      } else {
        doc.warnings.push({ message: `task ${task.id}: ${f.path} ${check.reason}; not counted as a file of the task`, line: f.line });
      }
    }
    task.files = kept;
  }
  const keepInside = (list: { path: string; line: number }[]): { path: string; line: number }[] =>
    list.flatMap((f) => {
      const c = checkRepoPath(f.path, opts.repoRoot ?? null);
      return c.ok ? [{ path: c.path, line: f.line }] : [];
    });
  doc.readOnlyFiles = keepInside(doc.readOnlyFiles);
  doc.sequentialFiles = keepInside(doc.sequentialFiles);
}
