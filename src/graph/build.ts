// Raw tasks -> dependency DAG: merge duplicates, resolve references (ids, ranges, free text, stories), add the
// ordering the mode asks for, and refuse cycles. Pure: the file name is only used in messages.
import { UserError } from '../io/errors.js';
import { matchTitle, words, type Candidate } from '../model/fuzzy.js';
import { unitLabel } from '../model/sections.js';
import { ALL_ABOVE, splitRange } from '../model/dep-refs.js';
import { idKey } from '../model/ids.js';
import type { DocWarning, RawDoc, RawTask } from '../model/types.js';
import { chooseOrder, type OrderMode, type OrderRequest } from './order-mode.js';
import { documentOrderEdges, documentSteps } from './document-order.js';
import { findCycle } from './cycles.js';

export type EdgeWhy = 'declared' | 'document' | 'parent' | 'prose';

export interface Edge {
  line: number | null;
  why: EdgeWhy;
}

export interface Dag {
  tasks: RawTask[];
  byId: Map<string, RawTask>;
  /** task id -> (dependency id -> why). Insertion order is the order deps are listed in plan.json. */
  deps: Map<string, Map<string, Edge>>;
  children: Map<string, string[]>;
  external: Map<string, { requiredBy: string[]; line: number }>;
  mode: OrderMode;
  requested: OrderRequest;
  reason: string;
  warnings: DocWarning[];
}

export function buildGraph(doc: RawDoc, file: string, requested: OrderRequest): Dag {
  const warnings: DocWarning[] = [...doc.warnings];
  const tasks = mergeDuplicates(doc.tasks, file, warnings);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const deps = new Map<string, Map<string, Edge>>(tasks.map((t) => [t.id, new Map()]));
  const children = new Map<string, string[]>();
  const external = new Map<string, { requiredBy: string[]; line: number }>();
  const resolver = new Resolver(tasks, byId);
  /** Is `id` the task `of` or one of its sub-tasks (at any depth)? */
  const isDescendant = (id: string, of: string): boolean => {
    for (let cur: string | null = id, hops = 0; cur && hops < 1000; cur = byId.get(cur)?.parentId ?? null, hops++) if (cur === of) return true;
    return false;
  };

  const addEdge = (from: string, to: string, edge: Edge): void => {
    if (from === to) {
      if (edge.why === 'declared' || edge.why === 'prose') warnings.push({ message: `task ${from} waits for itself; ignored (remove the reference)`, line: edge.line });
      return;
    }
    const m = deps.get(from)!;
    if (!m.has(to)) m.set(to, edge);
  };
  const addExternal = (task: RawTask, ref: string, line: number): void => {
    const e = external.get(ref) ?? { requiredBy: [], line };
    if (!e.requiredBy.includes(task.id)) e.requiredBy.push(task.id);
    external.set(ref, e);
  };

  for (const task of tasks) {
    for (const ref of task.deps) {
      const targets = resolver.resolve(ref.ref, ref.text, task);
      if (targets.kind === 'tasks') {
        for (const t of targets.ids) {
          if (ref.kind === 'blocks') addEdge(t, task.id, { line: ref.line, why: 'declared' });
          else addEdge(task.id, t, { line: ref.line, why: 'declared' });
        }
      } else if (targets.kind === 'external') {
        for (const id of targets.ids) addExternal(task, id, ref.line);
      } else {
        // Free text that names no task ("a pwsh runtime", "owner decision"): a blocker outside the plan. It is
        // kept as an external dependency, never turned into an edge to whatever task happens to come before.
        const text = ref.ref.replace(/\s+/g, ' ').trim();
        addExternal(task, text.length > 80 ? `${text.slice(0, 77)}...` : text, ref.line);
      }
    }
    if (task.parentId && byId.has(task.parentId)) {
      const list = children.get(task.parentId) ?? [];
      list.push(task.id);
      children.set(task.parentId, list);
    }
  }

  // Inputs name outputs: a task whose input (`**Inputs:** \`JsonRpcClient\``) is a file an earlier task writes, or
  // that file's name without its extension, waits for that task. An input nothing earlier makes is context.
  const makers = new Map<string, RawTask>();
  for (const t of tasks) {
    for (const f of t.files) {
      if (f.access === 'read') continue;
      const base = f.path.slice(f.path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '').toLowerCase();
      for (const key of [f.path.toLowerCase(), base]) if (key && !makers.has(key)) makers.set(key, t);
    }
  }
  for (const task of tasks) {
    for (const input of task.inputs) {
      const name = input.name.replace(/\(\)$/, '').toLowerCase();
      const maker = makers.get(name) ?? makers.get(name.slice(name.lastIndexOf('/') + 1).replace(/\.[^.]+$/, ''));
      if (!maker || maker === task || maker.order >= task.order || isDescendant(task.id, maker.id) || isDescendant(maker.id, task.id)) continue;
      addEdge(task.id, maker.id, { line: input.line, why: 'declared' });
      task.depsDeclared = true;
      task.trace.push({ fact: 'dep', value: maker.id, line: input.line, rule: `its input \`${input.name}\` is made by ${maker.id}` });
    }
  }

  const chainWarned = new Set<number>();
  for (const extra of doc.extraDeps) {
    const from = resolver.resolve(extra.from, extra.text, null);
    const to = resolver.resolve(extra.to, extra.text, null);
    if (from.kind !== 'tasks' || to.kind !== 'tasks') {
      if (!extra.chain) warnings.push({ message: `dependency statement "${extra.from} depends on ${extra.to}" names no task of this document; ignored`, line: extra.line });
      else if (!chainWarned.has(extra.line)) {
        chainWarned.add(extra.line);
        warnings.push({ message: `the arrow chain here names ${from.kind !== 'tasks' ? extra.from : extra.to}, which is no task of this document; that step is ignored`, line: extra.line });
      }
      continue;
    }
    for (const f of from.ids) {
      // A stated dependency of one task is a declaration, whether it sits in the task or in a "Dependencies"
      // section; story-level statements ("US5 depends on US2") order stories, not each task, so they don't count.
      if (from.ids.length === 1) byId.get(f)!.depsDeclared = true;
      for (const t of to.ids) addEdge(f, t, { line: extra.line, why: 'prose' });
    }
  }

  // A parent task is finished when its sub-tasks are: it waits for all of them. Its sub-tasks wait for what the
  // parent waits for (Task Master: subtask 2.1 of task 2, which depends on 1, cannot start before 1 is done).
  // Parents are taken in document order, so a grandchild inherits what its parent inherited.
  for (const parent of tasks.filter((t) => children.has(t.id))) {
    const kids = children.get(parent.id)!;
    const mine = new Set(kids);
    const waits = [...deps.get(parent.id)!].filter(([dep]) => !mine.has(dep));
    for (const kid of kids) {
      for (const [dep, e] of waits) if (!isDescendant(dep, kid)) addEdge(kid, dep, { line: e.line, why: e.why });
    }
    // An optional sub-task (`- [ ]* 4.3`) may stay open when its parent is done: the parent does not wait for it.
    for (const kid of kids) if (!byId.get(kid)!.optional) addEdge(parent.id, kid, { line: byId.get(kid)!.line, why: 'parent' });
  }

  for (const [id, e] of external) {
    warnings.push({
      message: `${e.requiredBy.join(', ')} depend(s) on ${id}, which this document does not define: kept as an external dependency (squad run checks it before starting)`,
      line: e.line,
    });
  }

  const choice = chooseOrder(requested, doc, tasks);
  if (choice.warning) warnings.push(choice.warning);
  if (choice.mode === 'document') {
    const sets = doc.parallelSets.map((set) => set.ids.filter((id) => byId.has(id)));
    const steps = documentSteps(tasks, children, sets);
    const stepOf = new Map<string, number>();
    steps.forEach((step, i) => step.forEach((t) => stepOf.set(t.id, i)));
    // A declared dependency on work that document order puts at or after the task contradicts that order: the
    // declaration wins, and the task leaves the chain (it runs by its declared dependencies).
    const floating = new Set<string>();
    for (const [id, m] of deps) {
      const mine = stepOf.get(id);
      if (mine === undefined) continue;
      for (const [dep, e] of m) {
        const theirs = stepOf.get(dep);
        if (e.why === 'parent' || theirs === undefined || theirs < mine) continue;
        floating.add(id);
        warnings.push({ message: `task ${id} is declared to wait for ${dep}, which the document order puts ${theirs === mine ? 'beside' : 'after'} it; ${id} follows its declared dependencies instead of the document order`, line: e.line });
        break;
      }
    }
    for (const [from, to] of documentOrderEdges(steps, floating)) addEdge(from, to, { line: null, why: 'document' });
  }

  const ids = tasks.map((t) => t.id);
  const cycle = findCycle(ids, deps);
  if (cycle) {
    const steps = cycle.map(({ from, to }) => {
      const e = deps.get(from)!.get(to)!;
      const where = e.line ? `line ${e.line}` : 'document order';
      return `${from} waits for ${to} (${where})`;
    });
    const firstLine = cycle.map(({ from, to }) => deps.get(from)!.get(to)!.line).find((l) => l !== null) ?? null;
    const hint = cycle.some(({ from, to }) => deps.get(from)!.get(to)!.why === 'document')
      ? 'a declared dependency points forward against the document order; pass --order explicit, or move the task'
      : 'remove one of these dependencies';
    throw new UserError(`dependency cycle: ${steps.join(', ')}; ${hint}`, file, firstLine);
  }

  return { tasks, byId, deps, children, external, mode: choice.mode, requested, reason: choice.reason, warnings };
}

/**
 * The same id twice is one task when one of the two is a row of a summary table (the table and the heading
 * describe the same work); otherwise it is an error naming both lines.
 */
function mergeDuplicates(tasks: RawTask[], file: string, warnings: DocWarning[]): RawTask[] {
  const seen = new Map<string, RawTask>();
  const out: RawTask[] = [];
  for (const t of tasks) {
    const prev = seen.get(t.id);
    if (!prev) {
      seen.set(t.id, t);
      out.push(t);
      continue;
    }
    if (prev.kind === 'table' || t.kind === 'table') {
      const [keep, summary] = prev.kind === 'table' ? [t, prev] : [prev, t];
      mergeInto(keep, summary, warnings);
      if (keep !== prev) {
        out[out.indexOf(prev)] = keep;
        seen.set(t.id, keep);
        keep.order = prev.order;
      }
      continue;
    }
    if (prev.kind === 'tree' && t.kind === 'tree') continue;
    // "1. **#1301 goes first.**" above "- [x] #1301 Add the wrapper": the checkbox item is the task; the other line is
    // a sentence about it (its dependencies on other ids are kept), said in a warning, never a second task.
    if (prev.kind === 'list' && t.kind === 'list' && (prev.checkboxLine === null) !== (t.checkboxLine === null)) {
      const [keep, mention] = prev.checkboxLine !== null ? [prev, t] : [t, prev];
      for (const d of mention.deps) {
        if (d.text || keep.deps.some((k) => k.ref === d.ref)) continue;
        keep.deps.push(d);
        keep.depsDeclared = true;
      }
      warnings.push({ message: `${t.id} at line ${mention.line} is also the checkbox item at line ${keep.line}: read as a sentence about that task, not a second one`, line: mention.line });
      if (keep !== prev) {
        // The checkbox item keeps its own place in the document.
        out.splice(out.indexOf(prev), 1);
        out.push(keep);
        seen.set(t.id, keep);
      }
      continue;
    }
    throw new UserError(`duplicate task id ${t.id}: also defined at line ${prev.line}; give one of them another id`, file, t.line);
  }
  return out;
}

function mergeInto(keep: RawTask, summary: RawTask, warnings: DocWarning[]): void {
  if (summary.status !== keep.status) {
    warnings.push({ message: `task ${keep.id}: the summary table (line ${summary.line}) says ${summary.status}, the task (line ${keep.line}) says ${keep.status}; using the task`, line: summary.line });
  }
  if (!keep.depsDeclared && summary.depsDeclared) {
    keep.deps.push(...summary.deps);
    keep.depsDeclared = true;
  }
  for (const f of summary.files) if (!keep.files.some((k) => k.path === f.path)) keep.files.push(f);
  keep.agent ??= summary.agent;
  keep.estimateMinutes ??= summary.estimateMinutes;
  keep.group ??= summary.group;
  keep.checkboxLine ??= summary.checkboxLine;
  keep.parentId ??= summary.parentId;
  keep.gate ??= summary.gate;
  // What the summary said is part of the reading: explain shows the row's facts the task did not state itself.
  const stated = new Set(keep.trace.map((f) => f.fact));
  keep.trace.push(...summary.trace.filter((f) => !stated.has(f.fact)));
}

type Resolution = { kind: 'tasks'; ids: string[] } | { kind: 'external'; ids: string[] } | { kind: 'unknown' };

class Resolver {
  private candidates: Candidate[];
  private byLower = new Map<string, string>();
  private byStory = new Map<string, string[]>();

  private position = new Map<string, number>();

  constructor(private tasks: RawTask[], private byId: Map<string, RawTask>) {
    this.candidates = tasks.map((t) => ({ id: t.id, title: t.title, order: t.order }));
    tasks.forEach((t, i) => this.position.set(t.id, i));
    for (const t of tasks) {
      this.byLower.set(t.id.toLowerCase(), t.id);
      if (t.story) this.byStory.set(t.story, [...(this.byStory.get(t.story) ?? []), t.id]);
    }
  }

  /** Normalised id -> id (null when two ids share the key): case, `#`, `Task`/`task-` prefixes and zero padding. */
  private byKey = new Map<string, string | null>();
  /** A beads id's short suffix (`wvc` for `proj-wvc`), as authors write it in graphs and prose. */
  private bySuffix = new Map<string, string | null>();

  private indexKeys(): void {
    const put = (map: Map<string, string | null>, key: string, id: string): void => {
      if (!key) return;
      const prev = map.get(key);
      map.set(key, prev === undefined || prev === id ? id : null);
    };
    for (const t of this.tasks) {
      put(this.byKey, idKey(t.id), t.id);
      const beads = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-([a-z0-9]{2,8}(?:\.\d+)*)$/i.exec(t.id);
      if (beads && /[a-z]/i.test(beads[1]!)) put(this.bySuffix, beads[1]!.toLowerCase(), t.id);
    }
  }

  private lookup(ref: string): string | null {
    if (this.byKey.size === 0) this.indexKeys();
    if (this.byId.has(ref)) return ref;
    const lower = this.byLower.get(ref.toLowerCase());
    if (lower) return lower;
    const key = this.byKey.get(idKey(ref));
    if (key) return key;
    // DOT node names and prose: `task6`, `T6`, `#6` for a task whose id is `6`.
    const num = /^(?:task\s*|t)?[-_#]?(\d+(?:\.\d+)*)$/i.exec(ref);
    if (num && this.byId.has(num[1]!)) return num[1]!;
    const suffix = this.bySuffix.get(ref.toLowerCase());
    if (suffix) return suffix;
    return null;
  }

  /** `Phase 3`, `Task Group 2`, `Stream C`: the tasks of that phase, or the task with that title. */
  private named(ref: string): string[] | null {
    const label = unitLabel(ref.trim());
    if (label && this.byId.has(label.id)) return [label.id];
    const m = /^(phase|stage|wave|milestone|task group|group|stream|track)\s+([\w.]+)$/i.exec(ref.trim());
    if (!m) return null;
    // A labelled unit heading made the task `stream-c` / `phase-3` (model/sections.ts unitLabel).
    const unit = `${m[1]!.toLowerCase().replace(/\s+/g, '')}-${m[2]!.toLowerCase()}`;
    if (this.byId.has(unit)) return [unit];
    const want = new RegExp(`^${m[1]!.replace(/\s+/g, '\\s+')}\\s+${m[2]!.replace(/\./g, '\\.')}(?![\\w.])`, 'i');
    const titled = this.tasks.filter((t) => want.test(t.title));
    if (titled.length) return titled.map((t) => t.id);
    const inPhase = this.tasks.filter((t) => t.phase && want.test(t.phase.replace(/^#+\s*/, '')));
    if (inPhase.length) return inPhase.map((t) => t.id);
    const grouped = this.tasks.filter((t) => t.group && t.group.toLowerCase() === m[2]!.toLowerCase() && /^(?:group|wave|stream|track)$/i.test(m[1]!));
    return grouped.length ? grouped.map((t) => t.id) : null;
  }

  resolve(ref: string, text: boolean, self: RawTask | null): Resolution {
    if (ref === ALL_ABOVE) {
      // "ALL above", "all previous tasks": every task before this one that is not its parent or its sub-task.
      const mine = self ? this.position.get(self.id)! : this.tasks.length;
      const ids = this.tasks.slice(0, mine).filter((t) => !self || (t.parentId !== self.id && self.parentId !== t.id)).map((t) => t.id);
      return ids.length ? { kind: 'tasks', ids } : { kind: 'unknown' };
    }
    const named = this.named(ref);
    if (named) return { kind: 'tasks', ids: named.filter((id) => id !== self?.id) };
    const range = text ? null : splitRange(ref);
    if (range) return this.range(range[0], range[1]);
    const id = this.lookup(ref.trim());
    if (id) return { kind: 'tasks', ids: [id] };
    const story = /^(US\d+|Story\d+)\b/i.exec(ref.trim());
    if (story && this.byStory.has(story[1]!.toUpperCase())) return { kind: 'tasks', ids: this.byStory.get(story[1]!.toUpperCase())! };
    if (!text) return { kind: 'external', ids: [ref.trim()] };
    const others = self ? this.candidates.filter((c) => c.id !== self.id) : this.candidates;
    const hit = matchTitle(ref, others, self?.order ?? Infinity);
    if (hit) return { kind: 'tasks', ids: [hit.id] };
    // "Components created", "Models": the tasks whose files live under such a name (every one of them).
    const byFiles = matchFiles(ref, this.tasks.filter((t) => t !== self && (!self || t.order < self.order)));
    return byFiles.length ? { kind: 'tasks', ids: byFiles } : { kind: 'unknown' };
  }

  /** `T002..T004`, `1..7`: every id in between that exists (missing ones are skipped; none existing: external). */
  private range(a: string, b: string): Resolution {
    const ma = /^(.*?)(\d+)$/.exec(a);
    const mb = /^(.*?)(\d+)$/.exec(b);
    const first = this.lookup(a);
    const last = this.lookup(b);
    if (!ma || !mb || ma[1] !== mb[1]) {
      // `1.2-2.1`: both ends defined, so every task between them in the document.
      if (first && last) {
        const [i, j] = [this.position.get(first)!, this.position.get(last)!].sort((x, y) => x - y);
        return { kind: 'tasks', ids: this.tasks.slice(i!, j! + 1).map((t) => t.id) };
      }
      return { kind: 'external', ids: [a, b].filter((x) => !this.lookup(x)) };
    }
    const lo = Number(ma[2]);
    const hi = Number(mb[2]);
    if (hi < lo || hi - lo > 10000) return { kind: 'external', ids: [a, b] };
    const width = ma[2]!.length;
    const ids: string[] = [];
    const missing: string[] = [];
    for (let n = lo; n <= hi; n++) {
      const candidate = ma[1] + (ma[2]!.startsWith('0') ? String(n).padStart(width, '0') : String(n));
      const id = this.lookup(candidate);
      if (id) ids.push(id);
      else missing.push(candidate);
    }
    if (ids.length === 0) return { kind: 'external', ids: missing };
    return { kind: 'tasks', ids };
  }
}

/** Tasks that write a file whose path holds every word of `ref` (at most a handful; more is not a reference). */
function matchFiles(ref: string, tasks: RawTask[]): string[] {
  const want = words(ref);
  if (want.length === 0) return [];
  const hits = tasks.filter((t) =>
    t.files.some((f) => {
      if (f.access === 'read') return false;
      const have = new Set(words(f.path.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[/._-]/g, ' ')));
      return want.every((w) => have.has(w));
    }),
  );
  return hits.length <= 5 ? hits.map((t) => t.id) : [];
}
