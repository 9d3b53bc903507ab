// Plans for runner tests: the coordination tests' fixture, plus what the runner reads (run lines, files,
// groups, estimates), so runner tests do not depend on the compiler.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plan, type PlanTask } from '../../../src/plan/schema.js';
import { buildPlan, planTask } from '../../state/plan-fixture.js';

export type TaskSpec = Partial<PlanTask> & { id: string; writes?: string[] };

export function task(spec: TaskSpec, index = 0): PlanTask {
  const { writes, ...rest } = spec;
  return { ...planTask({ id: spec.id }, index), agent: 'shell', files: (writes ?? []).map((path) => ({ path, access: 'modify' as const })), ...rest };
}

export function makePlan(specs: TaskSpec[], extra: Partial<Plan> = {}): Plan {
  const tasks = specs.map(task);
  const groupNames = [...new Set(tasks.map((t) => t.group).filter((g): g is string => g !== null))];
  const agents = [...new Set(tasks.map((t) => t.agentId))].map((id) => ({
    id,
    type: tasks.find((t) => t.agentId === id)!.agent,
    tasks: tasks.filter((t) => t.agentId === id).map((t) => t.id),
    owns: [],
    loadMinutes: 0,
  }));
  return Plan.parse({
    ...buildPlan([], 'tasks.md'),
    tasks,
    agents,
    groups: groupNames.map((name) => ({ name, tasks: tasks.filter((t) => t.group === name).map((t) => t.id) })),
    ...extra,
  });
}

/** Write plan.json (and an agent plan per lane) into `dir/plans`, returning the plan path. */
export function writePlan(dir: string, plan: Plan): string {
  const planDir = join(dir, 'plans');
  mkdirSync(planDir, { recursive: true });
  const path = join(planDir, 'plan.json');
  writeFileSync(path, JSON.stringify(plan, null, 2));
  for (const a of plan.agents) writeFileSync(join(planDir, `${a.id}.md`), `# ${a.id}\n\n${a.tasks.join('\n')}\n`);
  return path;
}

/** A temp repo holding plans/plan.json and squad.config.yaml. */
export function repoWith(dir: string, plan: Plan, config = 'test:\n  command: "echo 1 passed"\n'): string {
  writePlan(dir, plan);
  writeFileSync(join(dir, 'squad.config.yaml'), config);
  return dir;
}
