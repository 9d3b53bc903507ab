// Where each task of the plan goes on the dashboard's DAG picture: laid out by dagre (a maintained layout library,
// not hand-made coordinates), groups as dagre compound nodes so each group is a box around its tasks. Pure: the same
// plan always gives the same picture. Computed in node, so the page needs no layout code and no external script.
import dagre from '@dagrejs/dagre';
import type { Plan, PlanTask } from '../plan/schema.js';
import { directDeps } from '../graph/reduce.js';

export type Point = { x: number; y: number };
/** A box by its centre, as dagre gives it. */
export type Box = { x: number; y: number; width: number; height: number };
export type NodeBox = Box & { id: string };
export type GroupBox = Box & { name: string };
export type EdgeLine = { from: string; to: string; points: Point[] };
export type Layout = { width: number; height: number; nodes: NodeBox[]; groups: GroupBox[]; edges: EdgeLine[] };

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 48;

/** The box a task is drawn in: its group, else its phase (many plans have phases and no groups), else none. */
export function boxOf(t: PlanTask): string | null {
  return t.group ?? t.phase ?? null;
}

// Cluster ids live beside task ids in one dagre graph: a prefix no task id can carry keeps them apart.
const CLUSTER = '\u0000group:';

export function layoutPlan(plan: Plan): Layout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of plan.tasks) {
    g.setNode(t.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
    const box = boxOf(t);
    if (box !== null) {
      if (!g.hasNode(CLUSTER + box)) g.setNode(CLUSTER + box, { label: box });
      g.setParent(t.id, CLUSTER + box);
    }
  }
  // Only the dependencies no other one implies (src/graph/reduce.ts): every path stays, the clutter goes. Those
  // outside the plan (external deps) have no node to draw an edge from, and are not passed on.
  for (const [id, deps] of directDeps(plan.tasks)) for (const d of deps) g.setEdge(d, id);
  dagre.layout(g);
  const box = (id: string): Box => {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: n.x, y: n.y, width: n.width, height: n.height };
  };
  const graph = g.graph() as { width?: number; height?: number };
  return {
    width: Math.ceil(graph.width ?? 0),
    height: Math.ceil(graph.height ?? 0),
    nodes: plan.tasks.map((t) => ({ id: t.id, ...box(t.id) })),
    groups: g
      .nodes()
      .filter((n: string) => n.startsWith(CLUSTER))
      .map((n: string) => ({ name: n.slice(CLUSTER.length), ...box(n) })),
    edges: g.edges().map((e: { v: string; w: string }) => ({ from: e.v, to: e.w, points: ((g.edge(e) as { points?: Point[] }).points ?? []).map((p) => ({ x: p.x, y: p.y })) })),
  };
}
