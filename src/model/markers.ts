// Inline markers in a task's title line. Each is removed from the title once read.
import { DEPENDENCY_PHRASES, phraseAlternation } from './dependency-words.js';
import { parseDepList } from './dep-refs.js';
import { takeInlineEstimate } from './estimate.js';
import type { DepRef } from './types.js';
import { BOLD } from './inline-text.js';

export interface TitleMarkers {
  title: string;
  parallel: boolean;
  group: string | null;
  story: string | null;
  deps: DepRef[];
  /** `[after: ...]` was used: the document's syntax is explicit about order. */
  afterMarker: boolean;
  depsDeclared: boolean;
  listedFiles: string[];
  contextFiles: string[];
  agent: string | null;
  estimateMinutes: number | null;
  /** `[3fa9c1e]` after the title: the commit that finished it (Conductor), so the task is done. */
  commit: string | null;
  /**
   * Ids named after a dependency word inside the sentence ("once R4 is at 100%", "needs AUTH-101 first"): a
   * dependency only when the id is a task the document defined before this one (the caller checks).
   */
  mentions: DepRef[];
}

// `[P:Group-A]`, `[P:group_x]`, `[P:infra]`: names of letters, digits, hyphens, underscores; "group" in any case.
const GROUP = /\[\s*P\s*:\s*(?:group[-_ ]?)?([A-Za-z0-9][A-Za-z0-9_-]*)\s*\]/i;
const PARALLEL = /\[\s*P\s*\]|\(P\)(?=\s*$|\s)/;
// `(parallel: true, depends on 001)`, `(deps: T1, T2; agent: qa)`: a parenthetical made only of field-like parts.
const FIELD_PARENS = /\(\s*((?:parallel|depends(?:\s+on)?|deps|after|requires|blocked\s+(?:by|on)|agent|owner|estimate|est|group|wave)\b[^()]*)\)/i;
const STORY = /\[\s*((?:US|Story)[\s-]?\d+)\s*\]/i;
const AFTER = /\[\s*after\s*:\s*([^\]]*)\]/i;
const DEPENDS = new RegExp(String.raw`\(\s*${phraseAlternation(DEPENDENCY_PHRASES)}\s*:?\s+([^)]*)\)`, 'i');
// `Add the cache _Depends: 2, 3_` (italic flattened): a dependency field trailing the title.
const TRAILING_DEPS = /\s+[_*]?(?:depends on|depends|deps|blocked by|requires)\s*:\s*([^()]+?)[_*]?\s*$/i;
// `Stripe webhook — blocked by #401`, `Email receipts, needs #402 and #403`, `Backfill. Depends on step 2.`,
// `Switch reads once steps 3 and 4 are done`: a closing clause whose words name a dependency and whose rest is only
// ids (checked by parseDepList). "Add retry logic that needs tests" names no id and stays the title.
const TRAILING_CLAUSE = new RegExp(
  String.raw`(?:\s*[—–,;:.]\s*|\s+)(?:(?:it\s+|this\s+)?(?:is\s+)?(?:only\s+)?)${phraseAlternation(DEPENDENCY_PHRASES)}\s+([^()—–;]{1,120}?)(?:\s+(?:is|are)\s+(?:done|complete|completed|finished|merged|landed|in))?\s*\.?\s*$`,
  'i',
);
// Inside the sentence: "it needs the cluster from step 1", "uses the schema of task 3": a dependency word, then a
// step or task named by number. Read as a dependency; the sentence stays the title.
const STEP_MENTION = new RegExp(
  String.raw`\b${phraseAlternation([...DEPENDENCY_PHRASES, 'use', 'uses', 'build on', 'builds on'])}\b[^.;()]{0,60}?\b((?:steps?|tasks?)\s+\d+(?:\.\d+)*(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)*)*)`,
  'i',
);
// "once R4 is at 100%", "needs AUTH-101 and AUTH-102": a dependency word, then ids written with capitals and digits.
const ID_TOKEN = String.raw`(?:[A-Z][A-Z0-9]*-?\d+[a-z]?(?:\.\d+)*|#\d+)`;
// Case-sensitive for the ids' capitals, so the words are matched as written, lower case, in mid-sentence.
const ID_MENTION = new RegExp(String.raw`\b${phraseAlternation(DEPENDENCY_PHRASES)}\s+(${ID_TOKEN}(?:\s*(?:,|and|&)\s*${ID_TOKEN})*)(?![\w-])`, 'g');
// What trails a title without being part of its sentence: the files after a dash, an owner in parentheses.
const TITLE_TAIL = /(?:\s+[—–]\s+(?:`[^`]+`\s*,?\s*)+|\s*\((?:@?[\p{L}][\p{L}.'-]{0,30})\))+\s*$/u;
// `... (#418) — owner: codex *(blocked on #45)*`: a field set after a dash at the end of the title.
const DASH_FIELD = /\s+[—–]\s+(owner|agent|assignee|assigned to)\s*:\s*(@?[\p{L}][\p{L}\p{N}_.' -]{0,40}?)(?=\s*(?:[*_]?\(|[—–]|$))/iu;
const FILES = /\[\s*files?\s*:\s*([^\]]*)\]/i;
const CONTEXT = /\[\s*context\s*:\s*([^\]]*)\]/i;
// `@frontend-developer` outside code; not an email, not `@types/node`.
const MENTION = /(?<![\w.@/`])@([a-z][a-z0-9_-]*[a-z0-9])(?![\w/@.]*`)(?!\/)/i;

// `· codex · Add a Money type`, `| Dana | Add the migration`: the segments before the title, set apart by ` · ` or ` | `,
// each a single word: the first names who does it.
const LEAD_SEGMENTS = /^\s*[·•|]?\s*((?:@?[\p{L}][\p{L}\p{N}_.-]{0,30}\s+[·•|]\s+)+)(?=\S)/u;

export function readTitleMarkers(text: string, line: number): TitleMarkers {
  let t = text;
  const lead = LEAD_SEGMENTS.exec(t.replaceAll(BOLD, ''));
  let leadAgent: string | null = null;
  if (lead && t.replaceAll(BOLD, '').length > lead[0].length + 10) {
    leadAgent = lead[1]!.split(/\s+[·•|]\s+/)[0]!.replace(/^@/, '');
    t = t.replaceAll(BOLD, '').slice(lead[0].length);
  }
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(t);
    if (m) t = (t.slice(0, m.index) + ' ' + t.slice(m.index + m[0].length)).trim();
    return m;
  };
  const group = take(GROUP);
  let parallel = Boolean(take(PARALLEL)) || Boolean(group);
  const story = take(STORY);
  const after = take(AFTER);
  const depends = take(DEPENDS);
  const commit = take(/\s\[([0-9a-f]{7,40})\]\s*$/);
  const fieldParens = take(FIELD_PARENS);
  const dashField = take(DASH_FIELD);
  const trailing = take(TRAILING_DEPS);
  // The sentence without what trails it, so "..., after R1 and R2 (Priya)" still ends with its dependency clause.
  const tail = TITLE_TAIL.exec(t);
  const sentence = tail ? t.slice(0, tail.index) : t;
  const said = sentenceDeps(sentence, line);
  if (said.cut !== null) t = (t.slice(0, said.cut) + (tail ? tail[0] : '')).trim();
  const mentions: DepRef[] = said.refs.length ? [] : [...sentence.replaceAll(BOLD, '').matchAll(ID_MENTION)].flatMap((m) => parseDepList(m[1]!, line).refs);
  const files = take(FILES);
  const context = take(CONTEXT);
  const deps: DepRef[] = [];
  let depsDeclared = false;
  for (const m of [after, depends, trailing]) {
    if (!m) continue;
    const list = parseDepList(m[1]!, line);
    deps.push(...list.refs);
    depsDeclared = true;
  }
  if (said.refs.length) {
    deps.push(...said.refs);
    depsDeclared = true;
  }
  let parallelField = false;
  let agentField: string | null = null;
  let groupField: string | null = null;
  for (const part of fieldParens ? fieldParens[1]!.split(/\s*[,;]\s*(?=[a-z]+\b(?:\s+(?:on|by))?\s*:?\s)/i) : []) {
    const m = /^(parallel|depends(?:\s+on)?|deps|after|requires|blocked\s+(?:by|on)|agent|owner|estimate|est|group|wave)\s*:?\s*(.*)$/i.exec(part.trim());
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'parallel') parallelField = /^(?:true|yes|y|1)$/i.test(value);
    else if (key === 'agent' || key === 'owner') agentField = value.replace(/^@/, '') || null;
    else if (key === 'group' || key === 'wave') groupField = value || null;
    else if (key !== 'estimate' && key !== 'est') {
      const list = parseDepList(value, line);
      deps.push(...list.refs);
      depsDeclared = true;
    }
  }
  parallel ||= parallelField;
  const withoutCode = t.replace(/`[^`]*`/g, ' ');
  const mention = MENTION.exec(withoutCode);
  let agent: string | null = null;
  if (mention) {
    agent = mention[1]!;
    t = t.replace(new RegExp(`(^|\\s)@${mention[1]}\\b`), ' ');
  }
  agent ??= agentField ?? (dashField ? dashField[2]!.trim().replace(/^@/, '') : null) ?? leadAgent;
  const est = takeInlineEstimate(t);
  t = est.rest;
  return {
    title: t.replace(/\s+/g, ' ').replace(/\s+([,;:])(?=\s|$)/g, '$1').replace(/\s+\.$/, '.').trim(),
    parallel,
    group: group ? group[1]! : groupField,
    story: story ? story[1]!.toUpperCase().replace(/[\s-]/g, '') : null,
    deps,
    afterMarker: Boolean(after),
    depsDeclared,
    listedFiles: files ? [files[1]!] : [],
    contextFiles: context ? [context[1]!] : [],
    agent,
    estimateMinutes: est.minutes,
    commit: commit ? commit[1]! : null,
    mentions,
  };
}

/**
 * Dependencies stated in the sentences of a task's text (its wrapped lines, a bold-lead item's description):
 * "Consumes the bus, so it needs M1.3.", "— after M1.2. Timing is flexible", "it only depends on the interface from
 * step 1". Each sentence is read with the same two rules as a title: a closing clause naming only ids, or a
 * dependency word followed by a numbered step or task.
 */
export function depsInSentences(text: string, line: number): DepRef[] {
  return text
    .replaceAll(BOLD, '')
    .split(/(?<=[.;!?])\s+(?=[A-Z(#`])|(?<=[.;])\s*$/)
    .flatMap((sentence) => sentenceDeps(sentence.trim(), line).refs);
}

/**
 * The one rule for a dependency said in a sentence: a closing clause naming only ids (`cut` is where it starts, so
 * a title can drop it), else a dependency word followed by a numbered step or task (the sentence stays whole).
 */
function sentenceDeps(sentence: string, line: number): { refs: DepRef[]; cut: number | null } {
  const clause = TRAILING_CLAUSE.exec(sentence);
  const list = clause ? parseDepList(clause[1]!, line) : null;
  if (clause && list && list.refs.length && list.refs.every((r) => !r.text)) return { refs: list.refs, cut: clause.index };
  const mention = STEP_MENTION.exec(sentence);
  return { refs: mention ? parseDepList(mention[1]!.replace(/^(?:steps?|tasks?)\s+/i, ''), line).refs : [], cut: null };
}
