// Task records in structured data: a YAML or JSON list of mappings (`- id: RX-1 / title: ... / needs: [...]`),
// as an RFC's "Work breakdown" block or a tasks file of its own. Each key is read by the same field reader as a
// `Key: value` line in prose (fields.ts), so `needs`, `owner`, `files`, `check` and `status` mean in a record what
// they mean anywhere; only the id and the title keys are the record's own.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { TASK_FACT_FIELDS, parseField } from './fields.js';
import { slugId } from './ids.js';
import { applyField } from './task-fields.js';
import { newTask, traceFact, type RawTask } from './types.js';

// Keys are compared lower-cased with `_` and `-` as spaces (keyOf): `task_id` is `task id`.
const ID_KEYS = new Set(['id', 'key', 'ref', 'task id', 'taskid', 'ticket', 'issue', 'number']);
const TITLE_KEYS = ['title', 'name', 'summary', 'task', 'subject'];
// Keys whose value, in data, is the command itself (in prose it must be in backticks to be one).
const COMMAND_KINDS = new Set(['gate', 'run']);

/**
 * The tasks of a YAML or JSON text that is a list of records, or a mapping holding one (`tasks:`), each record with
 * a title; null when the text is not that (a settings block, a sample payload). `firstLine` is the text's first
 * line in the document.
 */
export function readRecords(text: string, firstLine: number, startOrder: number): RawTask[] | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) return null;
  const list = recordList(doc.contents);
  if (!list) return null;
  const lineOf = (node: Node | null | undefined): number => firstLine + (node?.range ? counter.linePos(node.range[0]).line - 1 : 0);
  return list.map((record, i) => readRecord(record, lineOf, startOrder + i));
}

/**
 * The list of records: the text itself, or a list a top-level key holds. Records of work, not any list with names:
 * at least two, each with a title, and at least half saying what a task says (what it waits for, its files, who
 * does it, its check). A sample payload (`{id, title, completed}`) or an Ansible play list is not a plan.
 */
function recordList(root: unknown): YAMLMap[] | null {
  const candidates = isSeq(root) ? [root] : isMap(root) ? root.items.map((p) => p.value).filter(isSeq) : [];
  for (const seq of candidates) {
    const items = seq.items;
    if (items.length < 2 || !items.every((r) => isMap(r) && titleOf(r) !== null)) continue;
    const isFact = (key: string): boolean => {
      const kind = parseField(`${key}: x`)?.kind;
      return kind !== undefined && TASK_FACT_FIELDS.has(kind);
    };
    const workLike = (items as YAMLMap[]).filter((r) => r.items.some((p) => isFact(keyOf(p))));
    if (workLike.length * 2 >= items.length) return items as YAMLMap[];
  }
  return null;
}

function keyOf(pair: { key: unknown }): string {
  return isScalar(pair.key) ? String(pair.key.value).trim().toLowerCase().replace(/[_-]+/g, ' ') : '';
}

function titleOf(record: YAMLMap): string | null {
  for (const key of TITLE_KEYS) {
    const pair = record.items.find((p) => keyOf(p) === key);
    if (pair && isScalar(pair.value) && String(pair.value.value ?? '').trim()) return String(pair.value.value).trim();
  }
  return null;
}

/** A value as one line of text: a list joins with commas, a nested mapping is not a field value. */
function valueText(value: unknown): string | null {
  if (isScalar(value)) return value.value === null ? '' : String(value.value);
  if (isSeq(value)) return value.items.map((v) => (isScalar(v) ? String(v.value) : '')).filter(Boolean).join(', ');
  return null;
}

function readRecord(record: YAMLMap, lineOf: (node: Node | null | undefined) => number, order: number): RawTask {
  const line = lineOf(record);
  const title = titleOf(record)!;
  const idPair = record.items.find((p) => ID_KEYS.has(keyOf(p)) && isScalar(p.value) && String(p.value.value ?? '').trim());
  const id = idPair ? String((idPair.value as { value: unknown }).value).trim() : slugId(title);
  const task = newTask({ id, authorId: Boolean(idPair), kind: 'json', title, line, order });
  traceFact(task, 'id', id, line, idPair ? `record key '${String((idPair.key as { value: unknown }).value)}'` : 'made from the record title');
  traceFact(task, 'title', title, line, 'record title');
  for (const pair of record.items) {
    const key = keyOf(pair);
    if (!key || ID_KEYS.has(key) || TITLE_KEYS.includes(key)) continue;
    const value = valueText(pair.value);
    if (value === null) continue;
    if (!applyDataField(task, key, value, lineOf(pair.value as Node)) && value) task.details.push(`${key}: ${value}`);
  }
  return task;
}

/**
 * One `key: value` of structured data (a record, a Makefile recipe comment) read by the field reader; false when the
 * key is no field. In data a command is written bare, so a gate or run value is the command itself.
 */
export function applyDataField(task: RawTask, key: string, value: string, line: number): boolean {
  const field = parseField(`${key}: ${value}`);
  if (!field) return false;
  // An empty dependency list (`needs: []`) declares that the task waits for nothing.
  if (field.kind === 'deps' && !value.trim()) task.depsDeclared = true;
  const asCode = COMMAND_KINDS.has(field.kind) && value && !value.includes('`') ? { ...field, value: `\`${value}\`` } : field;
  applyField(task, asCode, line);
  return true;
}
