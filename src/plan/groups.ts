// Which tasks one `squad run` covers, group by group, in an order where a group comes after the groups
// it depends on. Pure.
import type { Plan, PlanTask } from './schema.js';

/** What grouping reads of a plan: its tasks and its named groups. */
type Grouped = Pick<Plan, 'tasks' | 'groups'>;
import { UsageError } from '../io/errors.js';

/** Name of the group holding tasks the plan puts in no group. */
export const UNGROUPED = 'ungrouped';

export interface RunGroup {
  name: string;
  tasks: PlanTask[];
}

/** Every group of the plan, dependencies first (plan order breaks ties and cycles between groups). */
export function groupsInDagOrder(plan: Grouped): RunGroup[] {
  const byName = new Map<string, PlanTask[]>();
  const groupOf = new Map<string, string>();
  const listedIn = new Map<string, string>();
  for (const g of plan.groups) {
    byName.set(g.name, []);
    // The first group that lists a task holds it.
    for (const id of g.tasks) if (!listedIn.has(id)) listedIn.set(id, g.name);
  }
  for (const t of plan.tasks) {
    const listed = listedIn.get(t.id);
    const name = listed ?? t.group ?? UNGROUPED;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(t);
    groupOf.set(t.id, name);
  }
  const names = [...byName.keys()].filter((n) => byName.get(n)!.length > 0);
  const needs = new Map(names.map((n) => [n, new Set<string>()]));
  for (const t of plan.tasks) {
    const mine = groupOf.get(t.id)!;
    for (const d of t.deps) {
      const theirs = groupOf.get(d);
      if (theirs && theirs !== mine) needs.get(mine)!.add(theirs);
    }
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const next = names.find((n) => !placed.has(n) && [...needs.get(n)!].every((m) => placed.has(m)))
      // A cycle between groups: take the first unplaced one in plan order rather than stall.
      ?? names.find((n) => !placed.has(n))!;
    ordered.push(next);
    placed.add(next);
  }
  return ordered.map((name) => ({ name, tasks: byName.get(name)! }));
}

/** The groups to run: one by name, or all. An unknown name lists the real ones. */
export function selectGroups(plan: Grouped, name: string | undefined): RunGroup[] {
  const all = groupsInDagOrder(plan);
  if (name === undefined) return all;
  const found = all.find((g) => g.name === name);
  if (!found) throw new UsageError(`run: no group '${name}' in the plan; groups: ${all.map((g) => g.name).join(', ') || '(none)'}`);
  return [found];
}

export interface Blocked {
  task: string;
  /** Dependencies outside the group that are not done. */
  waitingOn: string[];
}

/** Tasks of the group that wait on an unfinished task outside it. */
export function blockedByOutside(group: RunGroup, isDone: (id: string) => boolean): Blocked[] {
  const inside = new Set(group.tasks.map((t) => t.id));
  const out: Blocked[] = [];
  for (const t of group.tasks) {
    if (t.status === 'done' || isDone(t.id)) continue;
    const waitingOn = t.deps.filter((d) => !inside.has(d) && !isDone(d));
    if (waitingOn.length > 0) out.push({ task: t.id, waitingOn });
  }
  return out;
}

export interface GroupWork {
  /** What the group runs, in plan order: with --with-deps, the outside tasks it needs first, then its own. */
  tasks: PlanTask[];
  /** Its tasks that wait on unfinished tasks outside it: without --with-deps the group cannot start. */
  blocked: Blocked[];
  /** The outside tasks --with-deps adds. */
  extra: PlanTask[];
}

/** One group's work in a run: the one answer `squad run` and every prediction (allocate, --dry-run) share. */
export function groupWork(plan: Grouped, group: RunGroup, isDone: (id: string) => boolean, withDeps: boolean): GroupWork {
  const blocked = blockedByOutside(group, isDone);
  const extra = blocked.length > 0 && withDeps ? missingDependencies(plan, group, isDone) : [];
  return { tasks: [...extra, ...group.tasks], blocked, extra };
}

/** The unfinished tasks outside the group that the group needs, transitively, in plan order (--with-deps). */
export function missingDependencies(plan: Grouped, group: RunGroup, isDone: (id: string) => boolean): PlanTask[] {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const inside = new Set(group.tasks.map((t) => t.id));
  const need = new Set<string>();
  const stack = group.tasks.flatMap((t) => t.deps);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (inside.has(id) || need.has(id) || isDone(id)) continue;
    const t = byId.get(id);
    if (!t) continue; // not in the plan: an external dependency the compiler reported
    need.add(id);
    stack.push(...t.deps);
  }
  return plan.tasks.filter((t) => need.has(t.id));
}

/** "T3 waits for T1 (group api), T2 (group db)" lines for the refusal message. */
export function describeBlocked(blocked: Blocked[], plan: Grouped): string {
  const groupOf = new Map<string, string>();
  for (const g of groupsInDagOrder(plan)) for (const t of g.tasks) groupOf.set(t.id, g.name);
  return blocked
    .map((b) => `${b.task} waits for ${b.waitingOn.map((d) => (groupOf.has(d) ? `${d} (group ${groupOf.get(d)})` : `${d} (not in the plan)`)).join(', ')}`)
    .join('; ');
}
