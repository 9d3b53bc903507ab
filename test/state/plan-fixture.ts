// Builds plans that pass Plan.parse, and temp repos to hold `.squad/` and plans/plan.json.
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Plan, type PlanTask } from '../../src/plan/schema.js';

export type TaskSpec = { id: string; deps?: string[]; agent?: string; estimateMinutes?: number | null; status?: 'open' | 'done'; title?: string; writes?: string[] };

export function planTask(spec: TaskSpec, index: number): PlanTask {
  return {
    id: spec.id,
    title: spec.title ?? `Task ${spec.id}`,
    status: spec.status ?? 'open',
    line: index + 1,
    deps: spec.deps ?? [],
    group: null,
    phase: null,
    agent: spec.agent ?? 'backend-architect',
    agentId: 'agent-1',
    routing: { source: 'default', score: 0, runnerUp: null, matched: [] },
    files: (spec.writes ?? []).map((path) => ({ path, access: 'modify' as const })),
    estimateMinutes: spec.estimateMinutes ?? null,
    run: null,
    acceptance: [],
    steps: [],
    details: '',
    externalDeps: [],
    beadsId: null,
    origin: { kind: 'markdown', checkboxLine: null, tag: null, rawId: null },
  };
}

/** `extra` sets plan fields the tasks do not imply (exclusions, mutexes). */
export function buildPlan(specs: TaskSpec[], source = 'docs/PRD.md', extra: Partial<Plan> = {}): Plan {
  const tasks = specs.map(planTask);
  return Plan.parse({
    version: 1,
    source,
    sourceHash: 'test',
    format: 'markdown',
    order: { requested: 'auto', mode: 'document', reason: 'test fixture' },
    tasks,
    agents: [{ id: 'agent-1', type: 'backend-architect', tasks: tasks.map((t) => t.id), owns: [], loadMinutes: 0 }],
    groups: [],
    ownership: [],
    exclusions: [],
    externalDeps: [],
    criticalPath: { tasks: [], minutes: 0 },
    schedule: { agents: 1, makespanMinutes: 0, soloMinutes: 0, slots: [] },
    successCriteria: [],
    warnings: [],
    ...extra,
  });
}

/** `n` independent tasks t0..t(n-1). */
export function flatPlan(n: number): Plan {
  return buildPlan(Array.from({ length: n }, (_, i) => ({ id: `t${i}` })));
}

/** A temp repo with the plan written to plans/plan.json. */
export function tempRepo(plan?: Plan): { root: string; planFile: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'squad-state-'));
  const planFile = join(root, 'plans', 'plan.json');
  if (plan) {
    mkdirSync(join(root, 'plans'), { recursive: true });
    writeFileSync(planFile, JSON.stringify(plan, null, 2));
  }
  return { root, planFile, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
