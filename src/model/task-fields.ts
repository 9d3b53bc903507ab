// A field line applied to a task: dependencies, files, agent, estimate, `run:`, acceptance, status, group, title.
// Returns the field a value-less line opens (`**Files to create:**`), whose values come in the list after it.
import { parseDepList } from './dep-refs.js';
import { parseEstimate } from './estimate.js';
import { cleanName, parseField, type Field, type FieldKind } from './fields.js';
import { addFiles } from './file-access.js';
import { pathsInList } from './paths.js';
import type { RawTask } from './types.js';

export function applyField(task: RawTask, field: Field, line: number): FieldKind | null {
  const v = field.value;
  switch (field.kind) {
    case 'deps':
    case 'blocks': {
      const list = parseDepList(v, line, field.kind === 'blocks' ? 'blocks' : 'after');
      task.deps.push(...list.refs);
      if (field.kind === 'deps' && (list.none || list.refs.length)) task.depsDeclared = true;
      return v ? null : field.kind;
    }
    case 'files':
    case 'create':
    case 'modify':
    case 'read': {
      if (!v) return field.kind;
      const access = field.kind === 'files' ? null : field.kind;
      addFiles(task, pathsInList(v), access, line, true);
      return null;
    }
    case 'agent':
      if (v) task.agent = { name: cleanName(v), line };
      return null;
    case 'estimate': {
      const minutes = parseEstimate(v);
      if (minutes !== null) task.estimateMinutes = minutes;
      return null;
    }
    case 'run': {
      const code = /`([^`]+)`/.exec(v);
      if (code) task.run = code[1]!;
      else if (v) task.details.push(`${field.label}: ${v}`);
      return null;
    }
    case 'acceptance':
      if (v) task.acceptance.push(v);
      return v ? null : 'acceptance';
    case 'status':
      if (/^(?:done|complete|completed|closed|finished|✓|✅)\b/i.test(v.replace(/\u0002/g, ''))) task.status = 'done';
      return null;
    case 'group':
      if (v) task.group = cleanName(v);
      return null;
    case 'title':
      if (v) task.title = v.replace(/\u0002/g, '');
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
      return;
    case 'deps':
    case 'blocks': {
      const list = parseDepList(text, line, field === 'blocks' ? 'blocks' : 'after');
      task.deps.push(...list.refs);
      task.depsDeclared = true;
      return;
    }
    case 'acceptance':
      task.acceptance.push(stripMarkup(text));
      return;
    default:
      task.steps.push(stripMarkup(text));
  }
}

function stripMarkup(text: string): string {
  return text.replace(/\u0002/g, '').trim();
}
