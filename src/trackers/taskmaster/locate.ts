// Find a plan task's object in a Task Master tasks.json, by tag and the id as written there. Pure.
// Tagged files hold `{"<tag>": {"tasks": [...]}}`, legacy files `{"tasks": [...]}` (compiled as tag `master`).
// Subtasks are `parent.sub` in the plan, with rawId the subtask's own id.
import type { PlanTask } from '../../plan/schema.js';
import { member, type JsonNode } from './json-spans.js';

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;

export type Found = { ok: true; task: ObjectNode; where: string } | { ok: false; untracked: boolean; why: string };

// Task Master's statuses that mean finished are the compiler's (model/formats/taskmaster.ts): one list for both.
import { CLOSED_STATUSES } from '../../model/formats/taskmaster.js';

function tasksOf(root: JsonNode, tag: string): JsonNode | undefined {
  const legacy = member(root, 'tasks');
  if (legacy?.kind === 'array') return legacy;
  return member(member(root, tag), 'tasks');
}

// Each list indexed once by id, so closing many tasks of a large file stays linear.
const indexes = new WeakMap<JsonNode, Map<string, ObjectNode>>();

function byId(list: JsonNode | undefined, id: string): ObjectNode | undefined {
  if (list?.kind !== 'array') return undefined;
  let index = indexes.get(list);
  if (!index) {
    index = new Map();
    for (const item of list.items) {
      const v = member(item, 'id');
      if (item.kind === 'object' && v?.kind === 'scalar' && !index.has(String(v.value))) index.set(String(v.value), item);
    }
    indexes.set(list, index);
  }
  return index.get(id);
}

export function findTask(root: JsonNode, task: Pick<PlanTask, 'id' | 'origin'>): Found {
  const { tag, rawId } = task.origin;
  if (task.origin.kind !== 'taskmaster' || rawId === null) return { ok: false, untracked: true, why: 'the task does not come from tasks.json' };
  const tagName = tag ?? 'master';
  const list = tasksOf(root, tagName);
  if (!list) return { ok: false, untracked: false, why: `tasks.json has no tag '${tagName}' any more` };
  const raw = String(rawId);
  if (task.id === raw) {
    const found = byId(list, raw);
    return found ? { ok: true, task: found, where: `${tagName}#${raw}` } : { ok: false, untracked: false, why: `task ${raw} is no longer in tag '${tagName}'` };
  }
  const parentId = task.id.endsWith(`.${raw}`) ? task.id.slice(0, -raw.length - 1) : null;
  const parent = parentId === null ? undefined : byId(list, parentId);
  const sub = parent && byId(member(parent, 'subtasks'), raw);
  return sub ? { ok: true, task: sub, where: `${tagName}#${task.id}` } : { ok: false, untracked: false, why: `subtask ${task.id} is no longer in tag '${tagName}'` };
}

export function isClosed(obj: ObjectNode): boolean {
  const s = member(obj, 'status');
  return s?.kind === 'scalar' && typeof s.value === 'string' && CLOSED_STATUSES.has(s.value.toLowerCase());
}
