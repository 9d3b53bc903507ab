// Agents: one lane per agent type to start with (the work an agent type is good at stays together), then fit the
// lane count to `--agents N` or, by default, to the DAG's width (clamped to 1-9): lanes are merged by the
// dependencies they share, or split along the directories they write, balancing estimated load.
import { byCodePoint } from './compare.js';

export interface LaneTask {
  id: string;
  agent: string;
  weight: number;
  /** Directory key of the first file the task writes ('' when it writes none). */
  cluster: string;
  deps: string[];
  /** DAG level: tasks on one level may run at the same time. */
  level: number;
}

export interface Lane {
  type: string;
  tasks: string[];
  load: number;
}

export const MAX_AUTO_AGENTS = 9;

export function buildLanes(tasks: LaneTask[], width: number, requested: number | null): Lane[] {
  const byType = new Map<string, Lane>();
  for (const t of tasks) {
    const lane = byType.get(t.agent) ?? { type: t.agent, tasks: [], load: 0 };
    lane.tasks.push(t.id);
    lane.load += t.weight;
    byType.set(t.agent, lane);
  }
  let lanes = [...byType.values()];
  if (lanes.length === 0) return lanes;
  const info = new Map(tasks.map((t) => [t.id, t]));
  const target = requested ?? Math.max(lanes.length, Math.min(width, MAX_AUTO_AGENTS));
  const goal = Math.max(1, Math.min(target, tasks.length));
  while (lanes.length > goal) lanes = mergeLightest(lanes, info);
  while (lanes.length < goal) {
    const split = splitHeaviest(lanes, info);
    if (!split) break;
    lanes = split;
  }
  return lanes;
}

/** Merge the lightest lane into the lane it shares most dependency edges with (the lighter one on a tie). */
function mergeLightest(lanes: Lane[], info: Map<string, LaneTask>): Lane[] {
  const order = [...lanes].sort((a, b) => a.load - b.load || a.tasks.length - b.tasks.length);
  const light = order[0]!;
  const mine = new Set(light.tasks);
  let best: Lane | null = null;
  let bestEdges = -1;
  for (const other of order.slice(1)) {
    const theirs = new Set(other.tasks);
    let edges = 0;
    for (const id of light.tasks) for (const d of info.get(id)!.deps) if (theirs.has(d)) edges++;
    for (const id of other.tasks) for (const d of info.get(id)!.deps) if (mine.has(d)) edges++;
    if (edges > bestEdges) {
      best = other;
      bestEdges = edges;
    }
  }
  const into = best!;
  const merged: Lane = { type: into.type, tasks: [...into.tasks, ...light.tasks], load: into.load + light.load };
  return lanes.filter((l) => l !== light && l !== into).concat(merged);
}

/** Split the heaviest lane that writes in more than one directory into two lanes of about equal load. */
function splitHeaviest(lanes: Lane[], info: Map<string, LaneTask>): Lane[] | null {
  for (const lane of [...lanes].sort((a, b) => b.load - a.load)) {
    const clusters = new Map<string, number>();
    for (const id of lane.tasks) {
      const c = info.get(id)!.cluster;
      if (c) clusters.set(c, (clusters.get(c) ?? 0) + info.get(id)!.weight);
    }
    if (clusters.size < 2) continue;
    // Splitting only helps when the lane has work that can run at once: two tasks of one level in two directories.
    const dirsByLevel = new Map<number, Set<string>>();
    let parallel = false;
    for (const id of lane.tasks) {
      const t = info.get(id)!;
      if (!t.cluster) continue;
      const set = dirsByLevel.get(t.level) ?? new Set<string>();
      set.add(t.cluster);
      dirsByLevel.set(t.level, set);
      if (set.size > 1) parallel = true;
    }
    if (!parallel) continue;
    // Longest processing time first: each directory to the lighter half.
    const halves: { dirs: Set<string>; load: number }[] = [{ dirs: new Set(), load: 0 }, { dirs: new Set(), load: 0 }];
    for (const [dir, load] of [...clusters].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))) {
      const h = halves[0]!.load <= halves[1]!.load ? halves[0]! : halves[1]!;
      h.dirs.add(dir);
      h.load += load;
    }
    const a: Lane = { type: lane.type, tasks: [], load: 0 };
    const b: Lane = { type: lane.type, tasks: [], load: 0 };
    const side = new Map<string, Lane>();
    for (const id of lane.tasks) {
      const t = info.get(id)!;
      // A task without files stays with the task it waits for, or goes to the lighter side.
      const target = t.cluster ? (halves[0]!.dirs.has(t.cluster) ? a : b) : (t.deps.map((d) => side.get(d)).find(Boolean) ?? (a.load <= b.load ? a : b));
      target.tasks.push(id);
      target.load += t.weight;
      side.set(id, target);
    }
    if (a.tasks.length === 0 || b.tasks.length === 0) continue;
    return lanes.filter((l) => l !== lane).concat(a, b);
  }
  return null;
}
