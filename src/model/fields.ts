// Field lines: `- **Depends on:** Task 1`, `Owner: @release`, `Time: 10 minutes`, `Files to Create:`.
// The label decides what the value means; labels outside this table are not fields (they stay details).
import { DEPENDENCY_PHRASES, WAIT_VERBS, phraseAlternation } from './dependency-words.js';
import { parseDepList } from './dep-refs.js';
import { unitLabel } from './sections.js';
import { BOLD, MARKUP, foldAccents } from './inline-text.js';

export type FieldKind =
  | 'deps'
  | 'blocks'
  | 'files'
  | 'create'
  | 'modify'
  | 'read'
  | 'agent'
  | 'estimate'
  | 'run'
  | 'acceptance'
  | 'status'
  | 'group'
  | 'title'
  | 'steps'
  | 'gate';

// One synonym table per role (README "Fields"), English first, then the labels seen in Chinese, Japanese, Korean,
// German, Spanish and French plans. `reader.fields` in squad.config.yaml adds more.
const LABELS: Record<FieldKind, string[]> = {
  deps: [...WAIT_VERBS, 'depends', 'dependencies', 'dependency', 'deps', 'blocked-by', 'prerequisites',
    'prerequisite', 'after', 'depends_on', 'can start',
    '依赖', '依赖于', '前置', '前置任务', '前置条件', '依存', '依存関係', '前提', '前提条件', '의존성', '선행 작업', '선행',
    'abhängigkeiten', 'voraussetzungen', 'voraussetzung', 'dependencias', 'dépendances', 'dipendenze', 'afhankelijkheden', 'wymaga',
    'zależności', 'závisí na', 'závislosti'],
  blocks: ['blocks', 'blocking', 'unblocks'],
  files: ['files', 'file', 'file scope', 'paths', 'touches', 'affected files', 'files to create/modify', 'may touch', 'scope',
    'files_modified', 'files modified', '涉及文件', '相关文件', '文件', 'ファイル', '対象ファイル', '파일', 'dateien', 'datei', 'archivos',
    'archivo', 'fichiers', 'fichier', 'arquivos', 'arquivo', 'pliki', 'plik', 'soubory', '対象ファイル一覧', '变更文件', '修改文件'],
  create: ['create', 'creates', 'new', 'files to create', 'new files', 'deliverables', 'deliverable', 'files created', 'output', 'outputs',
    'produces', '输出', '产出', '出力', '成果物', '산출물', 'ausgabe',
    '新建', '新增', '新規', '新規作成', '생성', 'neu'],
  modify: ['modify', 'modifies', 'files to modify', 'files to update', 'files to change', 'update', 'updates', 'edit', 'edits',
    'modified files', 'change', 'changes', '修改', '変更', '更新', '수정', 'ändern'],
  read: ['read', 'reads', 'read-only', 'read only', 'readonly', 'inputs', 'input', 'context', 'reference', 'references',
    'files to read', 'leverage', '输入', '入力', '참조'],
  agent: ['agent', 'agent type', 'owner', 'owners', 'assignee', 'assigned to', 'assigned', 'role', 'subagent', 'executor',
    '负责人', '执行者', '担当', '担当者', '담당', '담당자', 'verantwortlich', 'zuständig', 'responsable', 'responsabile',
    'assegnato a', 'assegnatario', 'eigenaar', 'toegewezen aan', 'responsável', 'atribuído a', 'wykonawca', 'właściciel', 'odpowiedzialny', 'řešitel'],
  estimate: ['estimate', 'estimated', 'estimated effort', 'effort', 'time', 'duration', 'size', 'estimated time', 'est',
    '预估工作量', '预估', '工作量', '预计时间', '工时', '見積もり', '見積', '工数', '예상 시간', '예상', 'aufwand', 'schätzung',
    'dauer', 'estimación', 'estimation', 'durée', 'estimativa'],
  // Only `run:`: "Command: `/deploy`" in a spec describes a command, it is not one to execute.
  run: ['run'],
  acceptance: ['acceptance', 'acceptance criteria', 'done when', 'definition of done', 'test strategy', 'success criteria',
    '验收标准', '受け入れ基準', '완료 조건', 'akzeptanzkriterien'],
  // With inline code the value is the task's gate (a command); without, an acceptance criterion.
  gate: ['gate', 'verify', 'verification', 'test', 'tests', 'check', 'checks', 'validate', 'validation', 'test command',
    '验证', '検証', '검증', 'prüfung', 'prüfen', 'testen', 'vérifier', 'vérification', 'verificar', 'verificación', 'comprobar', 'verifica', 'controle', 'verificação', 'teste', 'testes', 'sprawdzenie', 'weryfikacja', '確認コマンド', '確認', '検証コマンド', 'テスト', '验证命令', '检查', '测试命令', '확인 명령', '테스트'],
  status: ['status', 'state', '状态', '状態', 'ステータス', '상태', 'zustand', 'estado', 'statut', 'situação'],
  group: ['track', 'lane', 'group', 'wave', 'stream', 'parallel group', 'work stream', 'workstream', '波次', '分组'],
  title: ['title'],
  steps: ['steps', 'tdd sequence', 'subtasks', 'sub-tasks'],
};

// Labels are looked up with their accents folded away (`Verificacion:` is `Verificación:`), as table headers are.
const BY_LABEL = new Map<string, FieldKind>();
for (const [kind, labels] of Object.entries(LABELS) as [FieldKind, string[]][]) for (const l of labels) BY_LABEL.set(foldAccents(l), kind);

export interface Field {
  kind: FieldKind;
  label: string;
  value: string;
}

// "Estimated Hours", "Est. days", "Hours", "Effort (h)": a label that names a time unit is an estimate.
const ESTIMATE_LABEL = /^(?:(?:estimated|estimate|est\.?|effort|time)\s+)?(?:hours|days|weeks|minutes)$|^(?:effort|estimate|time)\s*\((?:h|hours?|d|days?|w|weeks?|min|minutes?)\)$/;

export const FIELD_KINDS = Object.keys(LABELS) as FieldKind[];

/** The fields that say what a task has (what it waits for or blocks, its files, who does it, its check or command):
 * lines or records carrying one of them are a task's, not prose. */
export const TASK_FACT_FIELDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['deps', 'blocks', 'files', 'create', 'modify', 'agent', 'gate', 'run']);

let extraLabels = new Map<string, FieldKind>();

/** Labels added by `reader.fields` in squad.config.yaml (role -> extra labels); replaces the previous set. */
export function setExtraFieldLabels(extra: Partial<Record<FieldKind, string[]>>): void {
  extraLabels = new Map();
  for (const [kind, labels] of Object.entries(extra) as [FieldKind, string[]][]) for (const l of labels) extraLabels.set(foldAccents(l.trim().toLowerCase()), kind);
}

// `**Label:** value`, `**Label**: value`, `Label: value`, `__Label__: value`, `_Label: value_`, `Label：value`.
// Bold comes as BOLD (see inline-text.ts); raw `**` stays when CommonMark does not read it as bold (`**Status:**done`).
const FIELD_LINE = /^\s*(?:\u0002|\*\*|__|_|\*)?([\p{L}][\p{L}\p{N} /&()_-]{0,40}?)\s*(?:\u0002|\*\*|__|_|\*)?\s*[:：]\s*(?:\u0002|\*\*|__)?\s*(.*)$/su;

// A dependency said as a sentence, no colon: "Depends on Agent 1 (needs the session API).", "Can start immediately.",
// "Blocked by #12 and #14". Taken only when what follows names ids, labelled units or no dependency at all.
// The phrases are the dependency words (dependency-words.ts): `nach AP-2`, `après E3`, `once 4 lands`.
const DEP_SENTENCE = new RegExp(String.raw`^\s*(${phraseAlternation([...DEPENDENCY_PHRASES, 'can start', 'starts'])})\s+(.+?)(?:[.;]\s.*|\.)?\s*$`, 'i');

function depSentence(line: string): Field | null {
  const m = DEP_SENTENCE.exec(line.replaceAll(BOLD, ''));
  if (!m) return null;
  const list = parseDepList(m[2]!, 0);
  if (!list.none && !(list.refs.length && list.refs.every((r) => !r.text || unitLabel(r.ref)))) return null;
  return { kind: 'deps', label: m[1]!.toLowerCase(), value: m[2]! };
}

export function parseField(line: string): Field | null {
  const m = FIELD_LINE.exec(line);
  if (!m) return depSentence(line);
  const label = m[1]!.trim().toLowerCase().replace(/\s+/g, ' ');
  const key = foldAccents(label);
  const kind = extraLabels.get(key) ?? BY_LABEL.get(key) ?? BY_LABEL.get(key.replace(/\s*\(.*\)$/, '')) ?? (ESTIMATE_LABEL.test(label) ? 'estimate' : undefined);
  if (!kind) return depSentence(line);
  // An italic field (`_Depends: 2, 3_`) closes its emphasis at the end of the value.
  let value = m[2]!.trim();
  if (/^\s*[_*](?![_*])/.test(line) && /[_*]$/.test(value)) value = value.slice(0, -1).trim();
  return { kind, label, value };
}

/** The fields of a line: one, or several joined by ` · `, ` • ` or ` | ` (`Status: Done · Assignee: @dana`, Linear, Notion). */
export function fieldsOfLine(line: string): Field[] {
  const parts = line.split(/\s+[·•|]\s+/);
  if (parts.length > 1) {
    const fields = parts.map(parseField);
    if (fields.every((f) => f !== null)) return fields as Field[];
  }
  const field = parseField(line);
  return field ? [field] : [];
}

/** Headings that introduce file lists: `### CREATE`, `### New: \`a.rs\``, `Files to Create`. */
export function fileAccessOfLabel(label: string): 'create' | 'modify' | 'read' | null {
  const l = label.toLowerCase();
  if (/\bread[- ]?only\b|\bread\b|\breference\b|\binputs?\b/.test(l)) return 'read';
  if (/\bmodif|\bupdate|\bedit\b|\bchange/.test(l)) return 'modify';
  if (/\bcreate|\bnew\b|\badd\b|\bdeliverable/.test(l)) return 'create';
  return null;
}

/** An agent, owner or group name as written in a field or a cell: `@release`, `**A**`, `` `infra` `` -> the bare name. */
export function cleanName(value: string): string {
  const v = value.replace(MARKUP, '').replace(/\s*\([^)]*\)\s*$/, '').trim().replace(/^@/, '');
  // A person's full name (`Priya Nair`) is one name; otherwise the first word (`codex fast` -> codex).
  if (/^\p{Lu}[\p{L}'-]+(?: \p{Lu}[\p{L}'-]+){1,2}$/u.test(v)) return v;
  return v.split(/[\s,]+/)[0] ?? '';
}
