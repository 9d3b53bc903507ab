// YAML front matter of a markdown plan (`depends_on: [03-01]`, `owner: qa`, `status: done`): facts about the plan
// as a whole. Its dependencies are the first task's (the plan's tasks run in the order written after it); they are
// not declarations of every task, so they do not switch the document to explicit ordering.
import { parse } from 'yaml';
import { parseDepList } from './dep-refs.js';
import { parseField } from './fields.js';
import { traceFact, type RawDoc } from './types.js';

export function applyFrontMatter(doc: RawDoc, text: string): void {
  if (!/^---\r?\n/.test(text)) return;
  const end = text.search(/\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  if (end < 0) return;
  let data: unknown;
  try {
    data = parse(text.slice(4, end));
  } catch {
    doc.warnings.push({ message: 'the YAML front matter does not parse; its fields were not read (fix the YAML)', line: 1 });
    return;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return;
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
