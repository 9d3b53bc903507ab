// One dependency value -> references: ids, ranges (`T002–T004`, `Tasks 1-7`), `none`, or free text.
import { AFTER_WORDS, phraseAlternation } from './dependency-words.js';
import type { DepRef } from './types.js';
import { ID_TOKEN } from './ids.js';
import { BOLD_OR_CODE } from './inline-text.js';

const NONE = /^(?:(?:none|n\/a|nothing|no dependencies|no deps|independent|(?:can start )?(?:immediately|right away|at once|any ?time|now)|keine|sofort|ninguna|ninguno|aucune?)\b|(?:无|無|なし|없음|立即|随时|すぐ|즉시)|[-—–]+$)/i;
// "after Stream A completes", "once T3 is merged": the words around a reference are not part of it.
const WHEN_BEFORE = new RegExp(String.raw`^${phraseAlternation([...AFTER_WORDS, 'when', 'until'])}\s+`, 'i');
const WHEN_AFTER = /\s+(?:completes?|is (?:done|complete|completed|finished|merged|landed)|has (?:landed|finished|merged)|lands|finishes|merges|is ready|abgeschlossen)$/i;
// Status glyphs after ids (Task Master: `5 ⧖`, `12 ✓`) and other symbols carry no dependency meaning.
const GLYPHS = /[^\p{L}\p{N}\s.,;:()\-–—_#&+/'"\[\]]/gu;
const ONE_ID = ID_TOKEN;
// "Task 3", "Tasks 1-7", "Task Groups 1, 2" (a task group's heading has the group's number as its id), "Subtask 2".
const PREFIX = String.raw`(?:task\s+groups?\s*|tasks?\s*|subtasks?\s*|steps?\s*|items?\s*|issues?\s*|tickets?\s*)`;
const RANGE = new RegExp(String.raw`^${PREFIX}?#?(${ONE_ID})\s*(?:[-–—]|\.\.|to|through|thru)\s*${PREFIX}?#?(${ONE_ID})$`, 'i');
const LONE = new RegExp(String.raw`^${PREFIX}?#?(${ONE_ID})$`, 'i');
// Ids that are unmistakably ids even inside prose (plain numbers are not).
const STRONG_ID = /\b(?:T\d{2,}|TASK-\d+(?:\.\d+)*|bd-[a-z0-9]{2,10}(?:\.\d+)*)\b/g;

/** The reference "all above" / "all previous tasks" / "everything before": every earlier task. */
export const ALL_ABOVE = '\u0001all-above';
const ALL_ABOVE_TEXT = /^(?:all|every(?:thing)?|each)\s+(?:of\s+the\s+)?(?:above|previous|prior|preceding|earlier|before)(?:\s+(?:tasks?|items?|steps?|ones?))?(?:\s+(?:tasks?|items?))?$|^(?:all|every)\s+(?:previous|prior|preceding|earlier)\s+(?:tasks?|items?|steps?)$/i;

export interface DepList {
  refs: DepRef[];
  none: boolean;
}

export function parseDepList(value: string, line: number, kind: DepRef['kind'] = 'after'): DepList {
  const v = value
    .replace(BOLD_OR_CODE, '')
    .replace(GLYPHS, ' ')
    .replace(/\([^)]*\)/g, ' ') // "(same source-test/parser file serialization)", "(parallel with other tasks)"
    .replace(/\s+/g, ' ')
    .trim();
  if (v === '' || NONE.test(v)) return { refs: [], none: v !== '' };
  const refs: DepRef[] = [];
  // "and" in the languages of the synonym tables too: `AP-3, AP-4 und AP-6`, `E1 et E3`, `2 y 4`, `A e B`.
  const parts = v.split(/\s*(?:,|;|\band\b|&|\+)\s*|\s+(?:und|et|y|e)\s+/i);
  for (let [i, part] of parts.entries()) {
    part = part.replace(/\s+with\s+.*$/i, '').replace(/[.:]+$/, '').trim(); // "Task 6 with `layout-v2-rejected`"
    part = part.replace(WHEN_BEFORE, '').replace(WHEN_AFTER, '').trim();
    if (!part || NONE.test(part)) continue;
    if (ALL_ABOVE_TEXT.test(part)) {
      refs.push({ ref: ALL_ABOVE, line, kind, text: false });
      continue;
    }
    const range = RANGE.exec(part);
    // `03-01` (a zero-padded plan id) and `4-2` (a high end below the low one) are ids, not ranges.
    if (range && /^\d+-\d+$/.test(part) && (/^0\d/.test(part) || Number(range[2]) < Number(range[1]))) {
      refs.push({ ref: part, line, kind, text: false });
      continue;
    }
    if (range) {
      refs.push({ ref: `${range[1]}..${range[2]}`, line, kind, text: false });
      continue;
    }
    // `BE-5 e BE-6 estiverem prontas`, `AUTH-410 ist gemergt`: the list closes with an id (with letters) and only
    // lower-case words saying its state. Only the last part: `US1 blocks nothing; US2` is two statements, not a list.
    const stated = i === parts.length - 1 ? /^(\S+)\s+(?:\p{Ll}+\s*){1,4}$/u.exec(part) : null;
    const lone = LONE.exec(part) ?? (stated && /[A-Za-z#]/.test(stated[1]!) ? LONE.exec(stated[1]!) : null);
    if (lone) {
      refs.push({ ref: lone[1]!, line, kind, text: false });
      continue;
    }
    const strong = part.match(STRONG_ID);
    if (strong) {
      for (const id of strong) refs.push({ ref: id, line, kind, text: false });
      continue;
    }
    refs.push({ ref: part, line, kind, text: true });
  }
  return { refs, none: false };
}

/** `a..b` from parseDepList. */
export function splitRange(ref: string): [string, string] | null {
  const i = ref.indexOf('..');
  return i > 0 ? [ref.slice(0, i), ref.slice(i + 2)] : null;
}
