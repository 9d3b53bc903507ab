// Ownership, enforced on what a task's branch really changed. Pure. A path is the task's when the task
// declares it (a file, a directory ending in `/`, or a glob) or its lane owns the directory it is in; a
// path another lane owns (a file it declares, a directory it owns), a read-only path, or a red-zone path
// (manifests, lockfiles, migrations, CI config) the task does not declare is a violation; anything else
// no task declares is undeclared: recorded and reported, not refused.
import { globMatch, isRedZone } from '../../allocate/ownership.js';
import type { Plan, PlanTask } from '../../plan/schema.js';

export interface OwnershipFindings {
  /** One line per path: `T002 wrote frontend/App.tsx, owned by agent-2 (T005)`. */
  violations: string[];
  /** Paths no task declares. */
  undeclared: string[];
}

/** Does a declared path (file, `dir/`, or glob) cover `path`? */
function covers(declared: string, path: string): boolean {
  if (declared === path) return true;
  if (declared.endsWith('/')) return path.startsWith(declared);
  return /[*?]/.test(declared) && globMatch(declared, path);
}

const writes = (t: PlanTask) => t.files.filter((f) => f.access !== 'read').map((f) => f.path);

export function checkOwnership(plan: Plan, task: PlanTask, changed: readonly string[], redZones: string[]): OwnershipFindings {
  const lane = task.agentId;
  const ownDirs = plan.agents.find((a) => a.id === lane)?.owns ?? [];
  const own = [...writes(task), ...ownDirs];
  const entries = new Map(plan.ownership.map((o) => [o.path, o]));
  const laneOf = new Map(plan.tasks.map((t) => [t.id, t.agentId]));
  const violations: string[] = [];
  const undeclared: string[] = [];
  for (const path of changed) {
    if (own.some((d) => covers(d, path))) continue;
    const entry = entries.get(path);
    if (entry?.mode === 'read-only') {
      violations.push(`${task.id} wrote ${path}, which the plan keeps read-only`);
      continue;
    }
    if (entry && entry.order.length > 0) {
      const lanes = [...new Set(entry.order.map((id) => laneOf.get(id) ?? entry.owner ?? '?'))];
      if (lanes.includes(lane)) continue; // another task of the same lane: the lane's own file
      violations.push(`${task.id} wrote ${path}, owned by ${lanes.join(', ')} (${entry.order.join(', ')})`);
      continue;
    }
    // A directory another lane owns, or a directory or glob another lane's task declares.
    const dirOwner = plan.agents.find((a) => a.id !== lane && a.owns.some((d) => covers(d, path)));
    if (dirOwner) {
      violations.push(`${task.id} wrote ${path}, owned by ${dirOwner.id} (directory ${dirOwner.owns.find((d) => covers(d, path))})`);
      continue;
    }
    const declarer = plan.tasks.find((t) => t.id !== task.id && writes(t).some((d) => covers(d, path)));
    if (declarer && declarer.agentId !== lane) {
      violations.push(`${task.id} wrote ${path}, owned by ${declarer.agentId} (${declarer.id})`);
      continue;
    }
    if (declarer) continue;
    if (isRedZone(path, redZones)) {
      violations.push(`${task.id} wrote ${path}, a red zone (manifests, lockfiles, migrations, CI config) it does not declare`);
      continue;
    }
    undeclared.push(path);
  }
  return { violations, undeclared };
}
