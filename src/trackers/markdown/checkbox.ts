// Find and tick a task's checkbox in a markdown document, byte-exactly. Pure.
//
// Forms: `- [ ] T001 ...`, `* [X] ...`, `1. [ ] ...`, `| [x] | T003 | ...` (table cell), `[x] TASK-101 ...`
// (paragraph, no dash). Only the first checkbox on the task's line is touched, and only its middle byte
// (' ' -> 'x'), so the file keeps its length, line endings, encoding and everything else.
import type { PlanTask } from '../../plan/schema.js';
import { mentionsId } from '../mentions.js';

/** A checkbox at line start, after a list marker, a blockquote `>`, a table pipe or whitespace. */
const CHECKBOX = /(^|[\s|>])\[([ xX])\](?=[\s|]|$)/;

export interface Checkbox {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the mark inside the brackets (the ' ' or 'x'). */
  markOffset: number;
  checked: boolean;
}

export type Located = { ok: true; box: Checkbox } | { ok: false; why: string };

/** [start, end) byte offsets of each line, without its line break. */
export function lineSpans(buf: Uint8Array): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      spans.push([start, i > start && buf[i - 1] === 0x0d ? i - 1 : i]);
      start = i + 1;
    }
  }
  if (start < buf.length) spans.push([start, buf.length]);
  return spans;
}

/** The first checkbox on one line, or null. */
export function checkboxOnLine(buf: Uint8Array, spans: Array<[number, number]>, line: number): Checkbox | null {
  const span = spans[line - 1];
  if (!span) return null;
  // latin1 maps byte i to char i, so a match index is a byte offset; the brackets are ASCII either way.
  const text = Buffer.from(buf.buffer, buf.byteOffset + span[0], span[1] - span[0]).toString('latin1');
  const m = CHECKBOX.exec(text);
  if (!m) return null;
  const mark = span[0] + m.index + m[1]!.length + 1;
  return { line, markOffset: mark, checked: m[2] !== ' ' };
}

function lineText(buf: Uint8Array, span: [number, number]): string {
  return Buffer.from(buf.buffer, buf.byteOffset + span[0], span[1] - span[0]).toString('utf8');
}

/** Does this line name the task: its id as a whole token, or the start of its title? */
function names(line: string, task: Pick<PlanTask, 'id' | 'title'>): boolean {
  if (mentionsId(line, task.id)) return true;
  const title = task.title.trim().slice(0, 40);
  return title.length >= 8 && line.includes(title);
}

/** A document read once for many lookups: its line offsets, and its checkbox lines when a search needs them. */
export interface MarkdownDoc {
  buf: Uint8Array;
  spans: Array<[number, number]>;
  /** Is it the text the plan was compiled from? Then recorded lines are trusted. */
  unchanged: boolean;
  boxLines: Array<{ box: Checkbox; text: string }> | null;
}

export function markdownDoc(buf: Uint8Array, unchanged: boolean): MarkdownDoc {
  return { buf, spans: lineSpans(buf), unchanged, boxLines: null };
}

function allBoxLines(doc: MarkdownDoc): Array<{ box: Checkbox; text: string }> {
  if (!doc.boxLines) {
    doc.boxLines = [];
    for (let n = 1; n <= doc.spans.length; n++) {
      const box = checkboxOnLine(doc.buf, doc.spans, n);
      if (box) doc.boxLines.push({ box, text: lineText(doc.buf, doc.spans[n - 1]!) });
    }
  }
  return doc.boxLines;
}

/**
 * The task's checkbox. When the document is the one the plan was compiled from, the recorded line is trusted.
 * When it changed since, the recorded line must still name the task; otherwise the one checkbox line in the
 * document that names it is used, and anything else is refused rather than guessed.
 */
export function locateCheckbox(doc: MarkdownDoc, task: Pick<PlanTask, 'id' | 'title' | 'origin'>): Located {
  const line = task.origin.checkboxLine;
  if (line === null) return { ok: false, why: 'the task has no checkbox in the source document' };
  const atLine = checkboxOnLine(doc.buf, doc.spans, line);
  if (atLine && (doc.unchanged || names(lineText(doc.buf, doc.spans[line - 1]!), task))) return { ok: true, box: atLine };
  if (doc.unchanged) return { ok: false, why: `line ${line} holds no checkbox` };
  const found = allBoxLines(doc).filter((l) => names(l.text, task)).map((l) => l.box);
  if (found.length === 1) return { ok: true, box: found[0]! };
  const what = found.length === 0 ? 'no checkbox line names it any more' : `${found.length} checkbox lines name it`;
  return { ok: false, why: `the source changed since 'squad allocate' and ${what}; re-run 'squad allocate' and 'squad verify'` };
}

/** A copy of the document with these checkboxes ticked; nothing else changes. */
export function tick(buf: Uint8Array, boxes: readonly Checkbox[]): Buffer {
  const out = Buffer.from(buf);
  for (const b of boxes) if (!b.checked) out[b.markOffset] = 0x78; // 'x'
  return out;
}
