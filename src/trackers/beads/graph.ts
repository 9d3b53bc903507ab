// `squad allocate --beads`: create the plan's tasks and dependency edges in beads in ONE transaction
// (`bd create --graph`), then record each task's bd id in the plan before plan.json is written.
//
// Graph edges read "from depends on to" (bd treats from_key -> to_key like a child -> parent link), so a task
// and one of its deps give {from: task, to: dep, type: blocks}. Tasks that already have a bd id (ids written
// `bd-xxxx` in the document, or ids recorded by an earlier `--beads` compile of the same source that bd still
// knows) are not created again; edges reach them with from_id / to_id.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Plan, type PlanTask } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';
import { runBd, type BdOptions } from './bd.js';
import { errorText, graphIds, parseJson } from './json.js';
import { closeInWaves, showStatuses } from './tracker.js';

interface GraphNode {
  key: string;
  title: string;
  type: 'task';
  description: string;
  metadata: Record<string, string>;
}
type GraphEdge = { type: 'blocks' } & ({ from_key: string } | { from_id: string }) & ({ to_key: string } | { to_id: string });
export interface GraphInput {
  commit_message: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

// bd's limit on titles.
const TITLE_MAX = 500;

function description(t: PlanTask): string {
  const parts = [t.details.trim()];
  if (t.acceptance.length) parts.push(`Acceptance:\n${t.acceptance.map((a) => `- ${a}`).join('\n')}`);
  if (t.files.length) parts.push(`Files: ${t.files.map((f) => `${f.path} (${f.access})`).join(', ')}`);
  return parts.filter(Boolean).join('\n\n');
}

/** The `bd create --graph` input for the tasks in `create` (and every edge that touches one of them). Pure. */
export function graphInput(plan: Plan, create: ReadonlySet<string>): GraphInput {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const nodes = plan.tasks
    .filter((t) => create.has(t.id))
    .map((t) => ({
      key: t.id,
      title: (t.title.trim() || t.id).slice(0, TITLE_MAX),
      type: 'task' as const,
      description: description(t),
      metadata: { squad_task: t.id, squad_source: plan.source },
    }));
  const edges: GraphEdge[] = [];
  for (const t of plan.tasks) {
    for (const d of t.deps) {
      const dep = byId.get(d);
      if (!dep || (!create.has(t.id) && !create.has(d))) continue;
      const from = create.has(t.id) ? { from_key: t.id } : { from_id: t.beadsId! };
      const to = create.has(d) ? { to_key: d } : { to_id: dep.beadsId! };
      edges.push({ ...from, ...to, type: 'blocks' });
    }
  }
  return { commit_message: `squad allocate --beads: ${nodes.length} task(s) from ${plan.source}`, nodes, edges };
}

/** bd ids an earlier `squad allocate --beads` of the same source recorded in plan.json. */
function previousIds(file: string, plan: Plan): Map<string, string> {
  try {
    const prev = Plan.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!prev.success || prev.data.source !== plan.source) return new Map();
    return new Map(prev.data.tasks.filter((t) => t.beadsId).map((t) => [t.id, t.beadsId!]));
  } catch {
    return new Map();
  }
}

/**
 * Give every plan task a bd id, creating the missing ones in beads. Mutates `plan.tasks[].beadsId`.
 * Returns lines to tell the user (what was created, reused, and any task bd would not close).
 */
export async function createInBeads(plan: Plan, o: BdOptions & { previousPlanFile: string }): Promise<string[]> {
  const lines: string[] = [];
  const carried = previousIds(o.previousPlanFile, plan);
  const candidates = plan.tasks.filter((t) => !t.beadsId && carried.has(t.id));
  if (candidates.length > 0) {
    const shown = await showStatuses(candidates.map((t) => carried.get(t.id)!), o);
    let reused = 0;
    for (const t of candidates) {
      const s = shown.get(carried.get(t.id)!);
      if (s && 'status' in s) {
        t.beadsId = carried.get(t.id)!;
        reused++;
      }
    }
    if (reused) lines.push(`beads: ${reused} task(s) already in beads from the previous plan.json, not created again`);
  }

  const create = new Set(plan.tasks.filter((t) => !t.beadsId).map((t) => t.id));
  if (create.size === 0) return [...lines, 'beads: every task already has a bd id; nothing created'];
  const input = graphInput(plan, create);
  const dir = mkdtempSync(join(tmpdir(), 'squad-graph-'));
  let ids: Record<string, string> | null;
  try {
    const file = join(dir, 'graph.json');
    writeFileSync(file, JSON.stringify(input, null, 2) + '\n');
    const r = await runBd(['create', '--graph', file, '--json'], o);
    ids = r.exitCode === 0 ? graphIds(parseJson(r.stdout)) : null;
    if (!ids) throw new UserError(`'bd create --graph' failed: ${errorText(r.stderr)} (exit code ${r.exitCode}); nothing was written`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lost = [...create].filter((id) => !ids![id]);
  if (lost.length) throw new UserError(`'bd create --graph' returned no bd id for ${lost.join(', ')}; plan.json not written`);
  for (const t of plan.tasks) if (create.has(t.id)) t.beadsId = ids[t.id]!;
  lines.push(`beads: created ${create.size} task(s) and ${input.edges.length} dependency edge(s) in one transaction`);

  // Tasks the document already marks done start closed in beads, so bd's ready list matches the plan.
  const done = plan.tasks.filter((t) => create.has(t.id) && t.status === 'done');
  if (done.length) {
    const closed = await closeInWaves(done, `done in ${plan.source} when 'squad allocate --beads' ran`, o);
    const refused = [...closed].filter(([, r]) => !r.closed);
    lines.push(`beads: closed ${done.length - refused.length} task(s) already done in ${plan.source}`);
    for (const [id, r] of refused) lines.push(`beads: warning: ${id} (${r.where}) is done in the document but stays open in beads: ${r.why}`);
  }
  return lines;
}
