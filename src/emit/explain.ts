// `squad explain`: how each task was read. For every task, the lines it came from and, for each fact, the line and
// the rule that read it; then every line that looked like a task or a dependency but was not taken, and why.
// Pure: the reading in, text or JSON out.
import type { Reading } from '../compile.js';
import type { RawTask, ReadFact } from '../model/types.js';
import type { EdgeWhy } from '../graph/build.js';

export interface ExplainedFact {
  fact: ReadFact['fact'] | 'deps';
  value: string;
  line: number | null;
  rule: string;
}

export interface ExplainedTask {
  id: string;
  title: string;
  line: number;
  read: string;
  facts: ExplainedFact[];
}

export interface Explanation {
  source: string;
  format: string;
  order: { mode: string; reason: string };
  tasks: ExplainedTask[];
  notTaken: { line: number; text: string; why: string }[];
  warnings: { line: number | null; message: string }[];
}

const EDGE_RULE: Record<EdgeWhy, string> = {
  declared: 'declared by the task',
  prose: 'a dependency statement or graph outside the task',
  document: 'document order (the task before it; no declared dependency)',
  parent: 'a parent waits for its sub-tasks',
};

function howRead(t: RawTask): string {
  const id = t.authorId ? 'led by the author\'s id' : 'no id in the text: a slug of its title';
  switch (t.kind) {
    case 'list':
      return `list item${t.checkboxLine !== null ? ' with a checkbox' : ''}, ${id}`;
    case 'heading':
      return `task heading, ${id}`;
    case 'table':
      return 'table row';
    case 'paragraph':
      return `checkbox paragraph, ${id}`;
    case 'section':
      return 'PRD section with a file list (the section is the task)';
    case 'json':
      return `${t.tracker.kind === 'taskmaster' ? 'Task Master' : 'machine-format'} record`;
    case 'tree':
      return 'beads dependency tree in a code block';
    case 'chart':
      // A gantt bar or a Makefile target says which in the rule that read its id.
      return `${t.trace.find((f) => f.fact === 'id')?.rule ?? 'a box or lane of a chart drawn'} in a code block`;
  }
}

export function explain(reading: Reading, only: string | null = null): Explanation {
  const { plan, doc, dag } = reading;
  const tasks: ExplainedTask[] = [];
  for (const pt of plan.tasks) {
    if (only !== null && pt.id !== only) continue;
    const t = dag.byId.get(pt.id)!;
    const facts: ExplainedFact[] = [];
    const traced = (fact: ReadFact['fact'], value?: string): ReadFact | undefined =>
      t.trace.find((f) => f.fact === fact && (value === undefined || f.value === value));
    const idFact = traced('id');
    facts.push({ fact: 'id', value: t.id, line: idFact?.line ?? t.line, rule: idFact?.rule ?? howRead(t) });
    facts.push({ fact: 'title', value: t.title, line: t.line, rule: howRead(t) });
    const statusFact = traced('status');
    facts.push({
      fact: 'status',
      value: t.optional ? `${t.status}, optional (nothing waits for it)` : t.status,
      line: statusFact?.line ?? t.checkboxLine,
      rule: statusFact?.rule ?? (t.checkboxLine !== null ? (t.status === 'done' ? 'checkbox [x]' : 'checkbox [ ]') : 'no status given: open'),
    });
    for (const [dep, edge] of dag.deps.get(t.id) ?? []) {
      const ref = t.deps.find((d) => d.line === edge.line);
      const rule = (ref ? traced('dep', ref.ref)?.rule ?? traced('blocks', ref.ref)?.rule : undefined) ?? t.trace.find((f) => f.fact === 'dep' && f.value === dep && f.line === edge.line)?.rule;
      const from = ref && ref.ref !== dep && !ref.ref.startsWith('\u0001') ? ` from "${ref.ref}"` : '';
      facts.push({ fact: 'dep', value: dep, line: edge.line, rule: `${EDGE_RULE[edge.why]}${rule ? `, ${rule}` : ''}${from}` });
    }
    for (const id of pt.externalDeps) facts.push({ fact: 'dep', value: id, line: dag.external.get(id)?.line ?? null, rule: 'not defined in this document: an external dependency' });
    if (t.group) facts.push({ fact: 'group', value: t.group, line: traced('group')?.line ?? t.line, rule: traced('group')?.rule ?? 'a group marker ([P:X], a track field or a group table)' });
    if (t.parallel && !t.group) facts.push({ fact: 'parallel', value: 'yes', line: t.line, rule: 'a [P] marker' });
    facts.push({
      fact: 'agent',
      value: pt.agent,
      line: pt.routing.source === 'explicit' ? t.agent?.line ?? null : null,
      rule: pt.routing.source === 'explicit'
        ? traced('agent')?.rule ?? 'named by the document'
        : pt.routing.source === 'keywords' ? `routed by keywords: ${pt.routing.matched.join(', ')}` : 'default agent (nothing named it, no keyword matched)',
    });
    for (const f of t.files) {
      const access = pt.files.find((p) => p.path === f.path)?.access ?? f.access;
      facts.push({ fact: 'file', value: `${f.path} (${access})`, line: f.line, rule: f.explicit ? 'a file field or list' : 'a path in the task text' });
    }
    if (t.estimateMinutes !== null) facts.push({ fact: 'estimate', value: `${t.estimateMinutes}m`, line: traced('estimate')?.line ?? t.line, rule: traced('estimate')?.rule ?? 'an estimate in the task text' });
    if (t.gate) facts.push({ fact: 'gate', value: t.gate, line: traced('gate')?.line ?? null, rule: traced('gate')?.rule ?? 'a gate field' });
    if (t.run) facts.push({ fact: 'run', value: t.run, line: null, rule: "a 'run:' line" });
    if (t.parentId) facts.push({ fact: 'parent', value: t.parentId, line: t.line, rule: 'nested under its parent task' });
    tasks.push({ id: t.id, title: t.title, line: t.line, read: howRead(t), facts });
  }
  return {
    source: plan.source,
    format: plan.format,
    order: { mode: plan.order.mode, reason: plan.order.reason },
    tasks,
    notTaken: only === null ? [...doc.skipped].sort((a, b) => a.line - b.line) : [],
    warnings: plan.warnings,
  };
}

export function renderExplain(e: Explanation): string {
  const out: string[] = [];
  out.push(`${e.source}: ${e.tasks.length} task(s) read (${e.format}); ${e.order.mode} order: ${e.order.reason}`);
  for (const t of e.tasks) {
    out.push('');
    out.push(`${t.id}  ${t.title}`);
    out.push(`  line ${t.line}: ${t.read}`);
    for (const f of t.facts) {
      if (f.fact === 'id' || f.fact === 'title') continue;
      out.push(`  ${f.fact.padEnd(8)} ${f.value}${f.line !== null ? `  (line ${f.line}: ${f.rule})` : `  (${f.rule})`}`);
    }
  }
  if (e.notTaken.length) {
    out.push('');
    out.push(`Not taken (${e.notTaken.length} line(s) that looked like a task or a dependency):`);
    for (const s of e.notTaken) out.push(`  line ${s.line}: "${s.text}" -- ${s.why}`);
  }
  if (e.warnings.length) {
    out.push('');
    out.push('Warnings:');
    for (const w of e.warnings) out.push(`  ${w.line !== null ? `line ${w.line}: ` : ''}${w.message}`);
  }
  return out.join('\n') + '\n';
}
