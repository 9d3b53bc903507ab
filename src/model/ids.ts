// The id grammar (README "Ids"): what an author's task id looks like, for every kind of candidate (list items,
// headings, table cells, paragraphs, references). One token of at most 40 characters:
//   numbers        3, 2.1, 2.2.1        list punctuation after it ("3." or "3)") is not part of the id
//   issue numbers  #121                 kept as 121 (`#` starts a shell comment); references resolve either way
//   coded ids      T001, T3, R001, US1  letters then digits, optionally dotted (A.R1, E.demo has no digit: not an id)
//   dashed ids     L-27, PROMPT-GOV-001, TASK-037A, US-3, F-01, task-06, fal-cli-12, dotfiles-246.1, 03-01
//   beads ids      bd-a1b2, bd-a1b2.3
//   plan files     04-02-PLAN.md        a document named by its id leads with that id (04-02)
// Strong shapes (dashed, beads, dotted numbers, #N, spec-kit T001) are ids wherever they lead a candidate. Weak shapes
// (a plain number, a short code like R001 or T3) are ids only when a separator follows (`T3:`, `3.`, `R001 —`) or
// the candidate sits where ids are expected (a table's id column, a checkbox, a task section). Extra patterns come
// from squad.config.yaml `reader.idPatterns` (always strong).
import { BOLD } from './inline-text.js';

export type IdStrength = 'strong' | 'weak';

export interface LeadingId {
  id: string;
  rest: string;
  strength: IdStrength;
  /** A separator (`:`, `.`, `)`, a dash, a closing bold) followed the id. */
  separated: boolean;
}

const NUMBER = String.raw`\d+(?:\.\d+)*`;
const ISSUE = String.raw`#\d+`;
const BEADS = String.raw`bd-[a-z0-9]{2,10}(?:\.\d+)*`;
// The prefix is one case throughout: "Gemini-2.5" and "Node-20" are product names, not ids.
// A lowercase last segment may be a beads-style hash with a digit anywhere in it (`proj-3j5`, `app-k2x`).
const DASHED = String.raw`[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[-_]\d+[A-Z]?(?:\.\d+)*|[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*[-_](?=[a-z]{0,7}\d)[a-z0-9]{1,8}(?:\.\d+)*|\d{1,3}-\d{1,3}(?![\d-])`;
const CODED = String.raw`[A-Z]{1,5}\d+[A-Za-z]?(?:\.\d+)*|[A-Z](?:\.[A-Z]+\d+)+`;

/** One id token, for references inside text (dependency lists, prose, graph edges). Plain numbers included. */
export const ID_TOKEN = `(?:${ISSUE}|${BEADS}|${DASHED}|${CODED}|${NUMBER})`;

// Words with digits that name technology, not tasks: "UTF-8 support", "SHA-256 hashing", "GPT-4 prompts".
const TECH = /^(?:utf|sha|md|gpt|iso|rfc|cve|es|ecma|http|tls|ssl|aes|rsa|pep|wcag|ipv|win|mp)-?\d/i;
// Also quarters, halves, fiscal years and priorities: "## Q3 — Goals", "### P0: must have".
const TECH_CODED = /^(?:Q[1-4]|H[12]|FY\d+|P[0-4]|E2E|S3|H264|H265|K8S|I18N|L10N|A11Y|P2P|B2B|B2C|MP3|MP4|IPV4|IPV6|OAUTH2|HTTP2|HTTP3|ES\d+|V\d+|X11|UTF8|SHA\d+|MD5|GPT\d|W3C|2FA|3D|2D)$/i;

const SHAPES: { re: RegExp; strength: IdStrength }[] = [
  { re: /^T\d{2,}(?:\.\d+)*\b/, strength: 'strong' }, // spec-kit
  { re: new RegExp(`^${ISSUE}\\b`), strength: 'strong' },
  { re: new RegExp(`^${BEADS}\\b`), strength: 'strong' },
  { re: new RegExp(`^(?:${DASHED})\\b`), strength: 'strong' },
  { re: /^\d+(?:\.\d+)+\b/, strength: 'strong' }, // 1.0, 2.2.1
  { re: new RegExp(`^(?:${CODED})\\b`), strength: 'weak' },
  { re: /^\d+[a-z]\b/, strength: 'weak' }, // 1a, 2b: sub-steps of a numbered plan
  { re: /^\d+\b/, strength: 'weak' },
];

let extra: RegExp[] = [];

/** Extra id patterns from `reader.idPatterns` (each anchored at the start of a candidate). */
export function setExtraIdPatterns(patterns: string[]): void {
  extra = patterns.map((p) => new RegExp(`^(?:${p})`));
}

/** Does `text` start with a task id? Returns the id (as the author wrote it, `#` dropped), the rest and how sure. */
export function leadingId(text: string): LeadingId | null {
  const t = text.replace(/^\u0002/, '').replace(/^[`_*]+(?=[#\w])/, '');
  for (const re of extra) {
    const m = re.exec(t);
    if (m && m[0]) return finish(t, m[0], 'strong', m[0], text);
  }
  // A plan file named by its id (`04-02-PLAN.md — wire the flow`, GSD): the id is the file name's lead.
  const file = PLAN_FILE.exec(t);
  if (file) return finish(t, file[0], 'strong', file[1], text);
  for (const { re, strength } of SHAPES) {
    const m = re.exec(t);
    if (!m) continue;
    const token = m[0];
    if (token.length > 40) return null;
    if (strength === 'strong' && /[A-Za-z]/.test(token) && !/^T\d/.test(token) && !token.startsWith('bd-') && TECH.test(token) && !/^[A-Z]+-0\d/.test(token)) return null;
    if (TECH_CODED.test(token)) return null;
    return finish(t, token, strength, token, text);
  }
  return null;
}

const PLAN_FILE = /^(\d{1,3}(?:[-.]\d{1,3})+|[A-Z]+-\d+|T\d{2,})[-_][A-Za-z][\w-]*\.(?:md|mdx|markdown|txt|ya?ml|json)\b/;

function finish(t: string, token: string, strength: IdStrength, id = token, text = t): LeadingId | null {
  let rest = t.slice(token.length);
  // "1.2.3.4" is a version, "2.0x" a word, "T3/T4" a list: the token must end at a boundary.
  // A letter of any script glued to it ("2-3並列") makes it a word, not an id.
  if (/^(?:\.\d|[\p{L}\p{N}_/]|-[\p{L}\p{N}])/u.test(rest)) return null;
  // An id opening a bold lead (`**M2.1 Usage metering** — ...`) is set apart by the bold, as by a colon.
  const sep = /^(?:[`_*\u0002]*)(?:\s*[:.)\]—–]|\s+[-—–]\s|\s*\u0002)/.exec(rest) ?? (t !== text && text.startsWith(BOLD) ? [''] : null);
  rest = rest.replace(/^[`_*\u0002]*/, '').replace(/^\s*[:.)\]—–-]?\s*/, '').replace(/^\u0002\s*/, '');
  // The bold opened before the id still holds the title (`**M2.1 Usage metering** — owner ...`): keep it open.
  if (text.startsWith(BOLD) && t !== text && /^[^\u0002]+\u0002/.test(rest)) rest = `${BOLD}${rest}`;
  return { id: id.replace(/^#/, ''), rest, strength, separated: Boolean(sep) };
}

/** Normalised form used to resolve references: case, `#`, a `Task`/`task-` prefix and zero padding do not matter. */
export function idKey(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/^#/, '')
    .replace(/^(?:task|tasks|subtask|story|issue|任务|任務|タスク|작업|aufgabe|tarea|tâche|задача)[\s_:-]*(?=\S*\d)/, '')
    .replace(/(^|[^\d])0+(?=\d)/g, '$1');
}

/** A slug for tasks without an author id: readable on the command line (`squad claim build-dashboard-layout`). */
export function slugId(title: string): string {
  const slug = title
    .toLowerCase()
    // A code span names the thing (`SecurityManager`); a path in one would make a long slug, so paths go.
    .replace(/`([^`]*)`/g, (_all, code: string) => (/\w\/\w|\w\.\w/.test(code) ? ' ' : ` ${code} `))
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
  // A slug that looks like an author id ("2", "1.1") could collide with one: keep it a word.
  return !slug ? 'task' : /^[\d.-]+$/.test(slug) ? `task-${slug}` : slug;
}

/** Requirement ids name requirements or criteria, not work: FR-001, NFR-2, SC-002, REQ-4, US1, AC-3, AC-EVAL-06. */
export function isRequirementId(id: string): boolean {
  return /^(?:FR|NFR|SC|REQ|US|AC|UC|BR|DR|CR|NF)[-_]?(?:[A-Z]+[-_])?\d/.test(id);
}
