// What a heading says about the content under it: its role (success criteria, read-only files, a task list, ...),
// whether it starts a phase, and whether it is itself a task ("## Task 4: title", "# Task ID: 15").
import { BOLD, foldAccents } from './inline-text.js';

export type Role = 'excluded' | 'notes' | 'criteria' | 'readOnly' | 'sequential' | 'taskList' | 'deps' | null;

export const ROLE_PATTERNS: [Exclude<Role, null>, RegExp][] = [
  // A legend, a glossary, notes about the board: its cards explain the plan, they are not work.
  ['notes', /^(?:[^\s\w]{1,3}\s*)?(?:info|information|legend|legenda|legende|légende|leyenda|glossary|glosariusz|glossar|glossaire|glosario|key|about this (?:board|plan|document))\s*$/iu],
  // What the plan leaves out: its items are named work, but not this plan's (squad explain lists them as skipped).
  ['excluded', /out of scope|\bnon-?goals?\b|not in scope|\bnot (?:part of |in )?this (?:sprint|release|milestone|iteration|epic|phase|plan)\b|\bwon'?t (?:do|have)\b|\bdeferred\b|future work|parking lot|\bicebox\b|fuera de(?:l)? alcance|hors (?:du )?perimetre|fora do escopo|nicht im (?:umfang|scope)|fuori (?:dall'|dal )?ambito|buiten (?:de )?scope/i],
  ['criteria', /success criteria|acceptance criteria|definition of done|decision gates?|quality gates?|go\/no-go|exit gates?|\bverification\b|\bchecklist\b|exit criteria|\bdone when\b|success metrics\b(?! validation)|functional requirements|non-functional|before (?:opening|merging|submitting|you open|you merge) (?:a |the |your )?(?:pr|pull request|merge request)|\b(?:every|each|per) (?:task|pr|pull request|merge request)\b(?! (?:list|table|below))|critères? d.acceptation|criteri di accettazione|acceptatiecriteria|criterios? de acepta|criterios? de aceita|akzeptanzkriterien|abnahmekriterien|验收标准|受け入れ基準|완료 조건/i],
  ['readOnly', /read[- ]?only/i],
  ['sequential', /\bsequential\b/i],
  ['deps', /dependenc|execution order|\bordering\b/i],
  ['taskList', /\btasks?\b|breakdown|implementation (?:order|plan|steps)|(?:migration|rollout|upgrade|deployment|cutover|execution|delivery|work) steps|(?:rollout|migration|execution|work|delivery|action) plan|plan of (?:work|record)|action items|work items|\bto-?do\b|backlog|\bstreams?\b|\btracks?\b|\blanes?\b/i],
];
export const PHASE = /^(?:phase|stage|milestone|wave)\b|\bphase\s+\d/i;
// "Task 2 — title", "Task ID: 15", "Task Group 3: title", and the same word in other languages (任务 2.1：...).
const TASK_WORD = String.raw`(?:task|任务|任務|タスク|작업|aufgabe|tarea|tâche|tache|задача)`;
export const TASK_HEADING = new RegExp(String.raw`^${TASK_WORD}\s*(?:id|group)?\s*[:#]?\s*([A-Za-z]*\d[\w.-]*)\s*(?:[:：—–-]\s*(.*))?$`, 'i');
export const TASK_HEADING_NO_ID = /^task\s*:\s*(.+)$/i;

// Matched against headings with their accents folded away, so the patterns are folded too.
const FOLDED_ROLES = ROLE_PATTERNS.map(([role, re]) => [role, new RegExp(foldAccents(re.source), re.flags)] as const);

export function roleOf(heading: string): Role {
  // Accents do not change what a heading says: "Critères d'acceptation" reads as criteres d'acceptation.
  const plain = foldAccents(heading);
  return FOLDED_ROLES.find(([, re]) => re.test(plain))?.[0] ?? null;
}

// A labelled unit of work: "Stream A: Core storage", "Phase 2 — Auth", "Workstream 3: ...", "Epic 4: ...". The label
// alone does not make a task (a phase heading is usually a group); fields under it do (Files, Depends on, Agent), and
// a list item with a checkbox does. The id is the label as a slug ("stream-a", "phase-2"), so "Stream A" and
// "Phase 2" in a dependency resolve to it, and a summary line and the detail heading of one unit are one task.
const UNIT_WORD = String.raw`(?:phase|stage|milestone|wave|stream|workstream|work\s*stream|track|lane|epic|story|feature|sprint|iteration|slice|part|module|package|work\s*package|ticket|issue|step|agent|subagent|worker|team|phasen?|etappe|meilenstein|arbeitspaket|fase|étape|etapa|阶段|階段|フェーズ|단계)`;
const UNIT_LABEL = new RegExp(String.raw`^(${UNIT_WORD})\s*([A-Za-z]?\d+(?:\.\d+)*[A-Za-z]?|[A-Z])\s*(?:[:：—–-]\s*(.*?)|\(([^()]{1,60})\)|\s*)$`, 'i');

export interface UnitLabel {
  id: string;
  title: string;
}

export function unitLabel(text: string): UnitLabel | null {
  const m = UNIT_LABEL.exec(text.replaceAll(BOLD, '').replace(/\s*[✔✓✅☑]\s*$/, '').trim());
  if (!m) return null;
  const word = m[1]!.toLowerCase().replace(/\s+/g, '');
  // "Agent 1 (backend)": the note in parentheses names the unit's work when no title follows a colon.
  return { id: `${word}-${m[2]!.toLowerCase()}`, title: m[3]?.trim() || (m[4] ? `${m[1]} ${m[2]} (${m[4].trim()})` : `${m[1]} ${m[2]}`) };
}
