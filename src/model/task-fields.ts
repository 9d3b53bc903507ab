// A field line applied to a task: dependencies, files, agent, estimate, `run:`, acceptance, status, group, title.
// Returns the field a value-less line opens (`**Files to create:**`), whose values come in the list after it.
import { parseDepList } from './dep-refs.js';
import { parseEstimate, parseEstimateField } from './estimate.js';
import { cleanName, parseField, type Field, type FieldKind } from './fields.js';
import { addFiles } from './file-access.js';
import { pathsInList } from './paths.js';
import { traceFact, type RawTask } from './types.js';
import { BOLD } from './inline-text.js';

export function applyField(task: RawTask, field: Field, line: number): FieldKind | null {
  const v = field.value;
  switch (field.kind) {
    case 'deps':
    case 'blocks': {
      const list = parseDepList(v, line, field.kind === 'blocks' ? 'blocks' : 'after');
      task.deps.push(...list.refs);
      for (const r of list.refs) traceFact(task, field.kind === 'blocks' ? 'blocks' : 'dep', r.ref, line, `field '${field.label}:'`);
      if (field.kind === 'deps' && (list.none || list.refs.length)) task.depsDeclared = true;
      return v ? null : field.kind;
    }
    case 'files':
    case 'create':
    case 'modify':
    case 'read': {
      if (!v) return field.kind;
      const access = field.kind === 'files' ? accessNote(v) : field.kind;
      addFiles(task, pathsInList(v), access, line, true);
      if (field.kind === 'read') addInputs(task, v, line);
      return null;
    }
    case 'agent':
      if (!v) return 'agent';
      setAgent(task, v, line, `field '${field.label}:'`);
      return null;
    case 'estimate': {
      if (!v) return 'estimate';
      const minutes = parseEstimateField(v, field.label);
      if (minutes !== null) {
        task.estimateMinutes = minutes;
        traceFact(task, 'estimate', `${minutes}m`, line, `field '${field.label}:'`);
      }
      return null;
    }
    case 'gate':
      if (!v) return 'gate';
      applyGate(task, v, line, `field '${field.label}:'`);
      return null;
    case 'run': {
      const code = /`([^`]+)`/.exec(v);
      if (code) task.run = code[1]!;
      else if (v) task.details.push(`${field.label}: ${v}`);
      return null;
    }
    case 'acceptance': {
      // "Done when: `pytest api/tests` passes": a command whose success is the criterion is the task's gate.
      const passes = gateInSentence(v);
      if (passes) applyGate(task, `\`${passes}\``, line, `field '${field.label}:' naming a command that must pass`);
      if (v) task.acceptance.push(v);
      return v ? null : 'acceptance';
    }
    case 'status':
      if (!v) return 'status';
      applyStatus(task, v, line, `field '${field.label}:'`);
      return null;
    case 'group':
      if (!v) return 'group';
      task.group = cleanName(v);
      traceFact(task, 'group', task.group, line, `field '${field.label}:'`);
      return null;
    case 'title':
      if (v) task.title = v.replaceAll(BOLD, '');
      return null;
    case 'steps':
      return 'steps';
  }
}

/** A value line under a pending field (`- Create: \`a.py\``, `1. \`x_test.go\``, `- Task 3`). */
export function applyPendingValue(task: RawTask, field: FieldKind, text: string, line: number): void {
  const inner = parseField(text);
  if (inner && ['create', 'modify', 'read', 'files'].includes(inner.kind)) {
    applyField(task, inner, line);
    return;
  }
  switch (field) {
    case 'files':
    case 'create':
    case 'modify':
    case 'read':
      addFiles(task, pathsInList(text.split(/\s+[—–-]\s+|:\s/)[0]!), field === 'files' ? null : field, line, true);
      if (field === 'read') addInputs(task, text, line);
      return;
    case 'deps':
    case 'blocks': {
      const list = parseDepList(text, line, field === 'blocks' ? 'blocks' : 'after');
      task.deps.push(...list.refs);
      for (const r of list.refs) traceFact(task, field === 'blocks' ? 'blocks' : 'dep', r.ref, line, 'item of a nested list under a dependency field');
      task.depsDeclared = true;
      return;
    }
    case 'acceptance':
      task.acceptance.push(stripMarkup(text));
      return;
    case 'agent':
      setAgent(task, text, line, 'value under an agent field');
      return;
    case 'estimate': {
      const minutes = parseEstimate(text);
      if (minutes !== null) task.estimateMinutes = minutes;
      return;
    }
    case 'gate':
      applyGate(task, text, line, 'value under a gate field');
      return;
    case 'status':
      applyStatus(task, text, line, 'value under a status field');
      return;
    case 'group':
      task.group = cleanName(text);
      return;
    default:
      task.steps.push(stripMarkup(text));
  }
}

// `File: docs/design.md (new)`, `(新規作成)`: a note after the path says how the task touches it.
const CREATE_NOTE = /\((?:new|new file|create|created|to create|新建|新增|新規|新規作成|新规|신규|neu|nuevo|nouveau)\)/i;
const MODIFY_NOTE = /\((?:modify|modified|update|updated|edit|existing|修改|変更|更新|수정|ändern)\)/i;

export function accessNote(value: string): 'create' | 'modify' | null {
  return CREATE_NOTE.test(value) ? 'create' : MODIFY_NOTE.test(value) ? 'modify' : null;
}

/** What an input names in code (`JsonRpcClient`, `storage/core.ts`): the graph matches these to earlier outputs. */
function addInputs(task: RawTask, value: string, line: number): void {
  for (const m of value.matchAll(/`([^`\s]{2,80})`/g)) task.inputs.push({ name: m[1]!, line });
}

function setAgent(task: RawTask, value: string, line: number, rule: string): void {
  const name = cleanName(value);
  if (!name) return;
  task.agent = { name, line };
  traceFact(task, 'agent', name, line, rule);
}

// "Verify with `npm test`", "Comprobar con `npm run x`", "tests must pass with `go test ./...`", "`pytest` passes".
const CHECK_WITH = /^(?:verify|check|test|validate|confirm|comprobar|verificar|probar|validar|vérifier|tester|valider|prüfen|testen|überprüfen)\s+(?:it\s+)?(?:with|using|by running|via|con|mediante|ejecutando|avec|en lançant|mit)\s+`([^`]+)`/i;
const PASS_WITH = /\bpass(?:es)?\s+(?:with|using|under|via)\s+`([^`]+)`/i;
const CODE_PASSES = /^`([^`]+)`\s+(?:passes|pass|succeeds|is green|exits 0|returns 0)\b/i;

/** The command a sentence gives to check the work, or null. */
export function gateInSentence(text: string): string | null {
  const t = text.replaceAll(BOLD, '').trim();
  const m = CHECK_WITH.exec(t) ?? PASS_WITH.exec(t) ?? CODE_PASSES.exec(t);
  return m ? m[1]! : null;
}

/** `Verify: \`cargo check\``: a command in inline code is the gate (several gates run one after the other). */
export function applyGate(task: RawTask, value: string, line: number, rule: string): void {
  const code = /`([^`]+)`/.exec(value);
  if (!code || !/^[\w./~$-]/.test(code[1]!.trim())) {
    if (value.trim()) task.acceptance.push(stripMarkup(value));
    return;
  }
  const cmd = code[1]!.trim();
  task.gate = task.gate ? `${task.gate} && ${cmd}` : cmd;
  traceFact(task, 'gate', cmd, line, rule);
}

const DONE_STATUS = /^(?:done|complete|completed|closed|finished|merged|shipped|released|passed|resolved|✓|✔|✅|☑|🟢|完成|已完成|完了|완료|erledigt|fertig|hecho|terminado|completado|terminé|fait)/i;

/** Does a status value say done (`Done`, `Shipped`, `✅`, `完成`, ...)? */
export function isDoneStatus(value: string): boolean {
  return DONE_STATUS.test(value.replace(/[\u0002*_`]/g, '').trim());
}

export function applyStatus(task: RawTask, value: string, line: number, rule: string): void {
  if (isDoneStatus(value)) {
    task.status = 'done';
    traceFact(task, 'status', 'done', line, rule);
  }
}

function stripMarkup(text: string): string {
  return text.replaceAll(BOLD, '').trim();
}
