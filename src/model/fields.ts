// Field lines: `- **Depends on:** Task 1`, `Owner: @release`, `Time: 10 minutes`, `Files to Create:`.
// The label decides what the value means; labels outside this table are not fields (they stay details).

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
  | 'steps';

const LABELS: Record<FieldKind, string[]> = {
  deps: ['depends on', 'depends', 'dependencies', 'dependency', 'deps', 'blocked by', 'requires', 'prerequisites',
    'prerequisite', 'after', 'wait for', 'waits for', 'needs', 'depends upon'],
  blocks: ['blocks', 'blocking', 'unblocks'],
  files: ['files', 'file', 'file scope', 'paths', 'touches', 'affected files', 'files to create/modify'],
  create: ['create', 'creates', 'new', 'files to create', 'new files', 'deliverables', 'deliverable', 'files created'],
  modify: ['modify', 'modifies', 'files to modify', 'files to update', 'files to change', 'update', 'updates', 'edit', 'edits',
    'modified files', 'files modified', 'change', 'changes'],
  read: ['read', 'reads', 'read-only', 'read only', 'readonly', 'inputs', 'input', 'context', 'reference', 'references',
    'files to read'],
  agent: ['agent', 'agent type', 'owner', 'owners', 'assignee', 'assigned to', 'assigned', 'role', 'subagent'],
  estimate: ['estimate', 'estimated', 'estimated effort', 'effort', 'time', 'duration', 'size', 'estimated time', 'est'],
  // Only `run:`: "Command: `/deploy`" in a spec describes a command, it is not one to execute.
  run: ['run'],
  acceptance: ['acceptance', 'acceptance criteria', 'done when', 'definition of done', 'verify', 'verification',
    'test strategy', 'success criteria'],
  status: ['status', 'state'],
  group: ['track', 'lane', 'group', 'wave', 'stream', 'parallel group', 'work stream', 'workstream'],
  title: ['title'],
  steps: ['steps', 'tdd sequence', 'subtasks', 'sub-tasks'],
};

const BY_LABEL = new Map<string, FieldKind>();
for (const [kind, labels] of Object.entries(LABELS) as [FieldKind, string[]][]) for (const l of labels) BY_LABEL.set(l, kind);

export interface Field {
  kind: FieldKind;
  label: string;
  value: string;
}

// `**Label:** value`, `**Label**: value`, `Label: value`, `__Label__: value`.
// Bold comes as BOLD (see inline-text.ts); raw `**` stays when CommonMark does not read it as bold (`**Status:**done`).
const FIELD_LINE = /^\s*(?:\u0002|\*\*|__)?([A-Za-z][A-Za-z /&()-]{0,40}?)\s*(?:\u0002|\*\*|__)?\s*:\s*(?:\u0002|\*\*|__)?\s*(.*)$/s;

export function parseField(line: string): Field | null {
  const m = FIELD_LINE.exec(line);
  if (!m) return null;
  const label = m[1]!.trim().toLowerCase().replace(/\s+/g, ' ');
  const kind = BY_LABEL.get(label) ?? BY_LABEL.get(label.replace(/\s*\(.*\)$/, ''));
  if (!kind) return null;
  return { kind, label, value: m[2]!.trim() };
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
  return value.replace(/[`*\u0002]/g, '').trim().replace(/^@/, '').split(/[\s,]+/)[0] ?? '';
}
