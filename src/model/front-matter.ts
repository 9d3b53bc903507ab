// YAML front matter of a markdown plan (`depends_on: [03-01]`, `owner: qa`, `status: done`): facts about the plan
// as a whole. Its dependencies are the first task's (the plan's tasks run in the order written after it); they are
// not declarations of every task, so they do not switch the document to explicit ordering.
import { parse } from 'yaml';
import { parseDepList } from './dep-refs.js';
import { parseField } from './fields.js';
import { traceFact, type RawDoc } from './types.js';

function frontMatter(text: string): { data: Record<string, unknown> | null; end: number; bad: boolean } | null {
  if (!/^---\r?\n/.test(text)) return null;
  const end = text.search(/\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  if (end < 0) return null;
  try {
    const data: unknown = parse(text.slice(4, end));
    return { data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null, end, bad: false };
  } catch {
    return { data: null, end, bad: true };
  }
}

/**
 * A document with no task in its text whose front matter names tracker issues (`beads: related_issues: [...]`):
 * its tasks live in the tracker. Says so, for the "no tasks" line.
 */
export function frontMatterTaskHint(text: string): string | null {
  const data = frontMatter(text)?.data;
  if (!data) return null;
  const ids: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v) && /issue|task|bead/i.test(key)) for (const x of v) if (typeof x === 'string' && /^[a-z][\w.-]*-[a-z0-9]+/i.test(x)) ids.push(x);
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${key}.${k}`);
  };
  walk(data, '');
  if (ids.length === 0) return null;
  return `its front matter names ${ids.length} tracker issue(s) (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}) but the text has no task list: compile the tracker's export instead (beads: bd export -o issues.jsonl; squad allocate issues.jsonl)`;
}

export function applyFrontMatter(doc: RawDoc, text: string): void {
  const fm = frontMatter(text);
  if (!fm) return;
  if (fm.bad) {
    doc.warnings.push({ message: 'the YAML front matter does not parse; its fields were not read (fix the YAML)', line: 1 });
    return;
  }
  const { data, end } = fm;
  if (!data) return;
  const first = doc.tasks.find((t) => t.parentId === null);
  if (!first) return;
  const lineOf = (key: string): number => text.slice(0, end).split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1 || 1;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const field = parseField(`${key.replace(/_/g, ' ')}: x`) ?? parseField(`${key}: x`);
    if (!field) continue;
    const values = Array.isArray(value) ? value.map(String) : value === null || value === undefined ? [] : [String(value)];
    const line = lineOf(key);
    if (field.kind === 'deps') {
      const refs = parseDepList(values.join(', '), line).refs;
      first.deps.push(...refs);
      for (const r of refs) traceFact(first, 'dep', r.ref, line, `front matter '${key}:' (the plan's first task)`);
    } else if (field.kind === 'agent' && values[0]) {
      for (const t of doc.tasks) if (!t.agent) {
        t.agent = { name: values[0].replace(/^@/, ''), line };
        traceFact(t, 'agent', values[0], line, `front matter '${key}:'`);
      }
    }
  }
}
