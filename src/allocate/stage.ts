// The allocate stage: DAG in, plan out. Routes each task to an agent type, builds the agent lanes, decides who
// owns which file (exclusions and mutexes where two tasks write one), and predicts the run on the one scheduler
// (src/schedule/predict.ts). Pure.
import { createHash } from 'node:crypto';
import type { RawDoc } from '../model/types.js';
import type { Dag } from '../graph/build.js';
import { analyze } from '../graph/analyze.js';
import { compileTable, routeTask, type RoutingTable } from './route.js';
import { buildLanes } from './lanes.js';
import { computeOwnership } from './ownership.js';
import { predictRun } from '../schedule/predict.js';
import { DEFAULT_AGENT, DEFAULT_KEYWORDS } from './keywords.js';
import { PLAN_VERSION, type Plan, type PlanTask } from '../plan/schema.js';
import type { AddedTask } from '../graph/added-tasks.js';
import { estimatedMinutes, type LearnedEstimates } from '../plan/estimates.js';

export interface AllocateOptions {
  /** The source path as the user named it (plan.source). */
  file: string;
  agents?: number | null;
  routing?: RoutingTable;
  redZones?: string[];
  /** Tasks added with `squad add` (their author and time go into the plan). */
  added?: readonly AddedTask[];
  /** Medians of the durations of finished tasks (src/plan/estimates.ts), the weight of a task without an estimate. */
  learned?: LearnedEstimates | null;
}

export function defaultRouting(): RoutingTable {
  return { keywords: DEFAULT_KEYWORDS, defaultAgent: DEFAULT_AGENT };
}

export function allocate(dag: Dag, doc: RawDoc, text: string, opts: AllocateOptions, addedIds: ReadonlySet<string>): Plan {
  const warnings = [...dag.warnings];
  const ids = dag.tasks.map((t) => t.id);
  const depsOf = (id: string): string[] => [...dag.deps.get(id)!.keys()];
  const table = compileTable(opts.routing ?? defaultRouting());
  const defaultAgent = opts.routing?.defaultAgent ?? DEFAULT_AGENT;
  const routed = new Map(dag.tasks.map((t) => [t.id, routeTask(t, table, defaultAgent)]));
  const learned = opts.learned ?? null;
  const minutes = (id: string): number => {
    const t = dag.byId.get(id)!;
    if (t.status === 'done') return 0;
    return estimatedMinutes(t.estimateMinutes, routed.get(id)!.agent, learned);
  };
  const analysis = analyze({ ids, deps: new Map(ids.map((id) => [id, depsOf(id)])), weight: minutes });

  // Later writers of a path modify what the first writer created.
  const created = new Set<string>();
  for (const id of analysis.topo) {
    for (const f of dag.byId.get(id)!.files) {
      if (f.access === 'read') continue;
      if (f.access === 'create' && created.has(f.path)) f.access = 'modify';
      created.add(f.path);
    }
  }

  const lanes = buildLanes(
    analysis.topo.map((id) => {
      const t = dag.byId.get(id)!;
      const written = t.files.find((f) => f.access !== 'read');
      return {
        id,
        agent: routed.get(id)!.agent,
        weight: minutes(id) || 1,
        cluster: written ? written.path.split('/').slice(0, -1).slice(0, 2).join('/') : '',
        deps: depsOf(id),
        level: analysis.level.get(id) ?? 0,
      };
    }),
    analysis.width,
    opts.agents ?? null,
  );
  // Agent ids in order of each lane's first task, so agent-1 is the one that starts first.
  const firstOf = (lane: { tasks: string[] }) => lane.tasks.reduce((m, id) => Math.min(m, analysis.position.get(id)!), Infinity);
  lanes.sort((a, b) => firstOf(a) - firstOf(b));
  const laneOf = new Map<string, string>();
  lanes.forEach((lane, i) => {
    for (const id of lane.tasks) laneOf.set(id, `agent-${i + 1}`);
  });

  const waitsFor = reachability(dag, analysis.position);
  const own = computeOwnership({
    tasks: analysis.topo.map((id) => ({ id, lane: laneOf.get(id)!, files: dag.byId.get(id)!.files })),
    position: analysis.position,
    waitsFor,
    readOnly: new Set(doc.readOnlyFiles.map((f) => f.path)),
    sequential: new Set(doc.sequentialFiles.map((f) => f.path)),
    redZones: opts.redZones ?? [],
  });
  for (const m of own.mutexes) {
    warnings.push({ message: `${m.tasks.length} tasks write ${m.path}: they will run one at a time (mutex recorded in plan.json)`, line: dag.byId.get(m.tasks[1]!)!.line });
  }
  for (const c of own.conflicts) {
    warnings.push({ message: `tasks ${c.a} and ${c.b} both write ${c.path} and nothing orders them: they will never run at the same time (exclusion recorded in plan.json)`, line: dag.byId.get(c.b)!.line });
  }
  for (const f of doc.readOnlyFiles) {
    const o = own.ownership.find((x) => x.path === f.path);
    if (o && o.mode !== 'read-only') warnings.push({ message: `${f.path} is declared read-only here, but task(s) ${o.order.join(', ')} write it`, line: f.line });
  }

  const addedBy = new Map((opts.added ?? []).filter((a) => addedIds.has(a.id)).map((a) => [a.id, { by: a.by, at: a.at }]));
  const tasks: PlanTask[] = dag.tasks.map((t) => {
    const r = routed.get(t.id)!;
    return {
      id: t.id,
      title: t.title,
      status: t.status,
      line: t.line,
      deps: depsOf(t.id),
      group: t.group,
      phase: t.phase,
      agent: r.agent,
      agentId: laneOf.get(t.id)!,
      routing: r.routing,
      files: t.files.map((f) => ({ path: f.path, access: f.access })),
      estimateMinutes: t.estimateMinutes,
      run: t.run,
      gate: t.gate,
      acceptance: t.acceptance,
      steps: t.steps,
      details: t.details.join('\n'),
      externalDeps: [...dag.external].filter(([, e]) => e.requiredBy.includes(t.id)).map(([id]) => id),
      // A beads export's ids are bd ids whatever their prefix (`fal-cli-1ew`).
      beadsId: t.tracker.kind === 'markdown' && (/^bd-/.test(t.id) || doc.format === 'beads-jsonl') ? t.id : null,
      origin: {
        kind: t.tracker.kind,
        checkboxLine: t.checkboxLine,
        tag: t.tracker.tag,
        rawId: t.tracker.rawId,
      },
      ...(addedBy.has(t.id) ? { added: addedBy.get(t.id)! } : {}),
    };
  });

  const groups = new Map<string, string[]>();
  for (const t of tasks) if (t.group) groups.set(t.group, [...(groups.get(t.group) ?? []), t.id]);
  const planGroups = [...groups].map(([name, ids]) => ({ name, tasks: ids }));
  // The run the plan predicts: `squad run` with one slot per agent lane, on the one scheduler (src/schedule/).
  const predicted = predictRun(
    { tasks, groups: planGroups, exclusions: own.exclusions, mutexes: own.mutexes },
    { concurrency: Math.max(1, lanes.length), isDone: (id) => dag.byId.get(id)!.status === 'done', learned },
  );

  return {
    version: PLAN_VERSION,
    source: opts.file,
    sourceHash: createHash('sha256').update(text).digest('hex'),
    format: doc.format,
    order: { requested: dag.requested, mode: dag.mode, reason: dag.reason },
    tasks,
    agents: lanes.map((lane, i) => ({
      id: `agent-${i + 1}`,
      type: lane.type,
      tasks: analysis.topo.filter((id) => laneOf.get(id) === `agent-${i + 1}`),
      owns: own.dirs.get(`agent-${i + 1}`) ?? [],
      loadMinutes: round(lane.tasks.reduce((s, id) => s + minutes(id), 0)),
    })),
    groups: planGroups,
    ownership: own.ownership,
    exclusions: own.exclusions,
    mutexes: own.mutexes,
    externalDeps: [...dag.external].map(([id, e]) => ({ id, requiredBy: e.requiredBy, line: e.line })),
    criticalPath: { tasks: analysis.criticalPath, minutes: round(analysis.criticalMinutes) },
    schedule: {
      agents: lanes.length,
      makespanMinutes: round(predicted.makespan),
      soloMinutes: round(ids.reduce((s, id) => s + minutes(id), 0)),
      slots: predicted.slots.map((s) => ({ task: s.task, agentId: laneOf.get(s.task)!, start: round(s.start), end: round(s.end) })),
      // Only when something was learned, so a plan compiled before any task finished is the file it always was.
      ...(learned ? { learned } : {}),
    },
    successCriteria: doc.successCriteria,
    warnings: warnings.map((w) => ({ message: w.message, line: w.line })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** `waitsFor(a, b)`: does a wait, directly or not, for b? A search bounded by topological position. */
function reachability(dag: Dag, position: Map<string, number>): (a: string, b: string) => boolean {
  return (a, b) => {
    const limit = position.get(b)!;
    if (position.get(a)! < limit) return false;
    const seen = new Set<string>([a]);
    const stack = [a];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const d of dag.deps.get(cur)!.keys()) {
        if (d === b) return true;
        if (seen.has(d) || position.get(d)! < limit) continue;
        seen.add(d);
        stack.push(d);
      }
    }
    return false;
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
