// The one check of a loaded plan, run by every command that loads one (src/plan/load.ts), so a plan is
// either refused everywhere with the same line or acted on everywhere. Pure: the file name is only for messages.
// - Whole: ids unique, dependencies on tasks of the plan (or declared external), no cycle, exclusions and
//   mutexes naming tasks of the plan. The schema cannot say these; a plan breaking them would be read
//   differently by each command (a duplicate id crashes the runner, a cycle leaves tasks waiting forever).
// - Safe to act on: a plan is a file anyone can edit or hand over. Its paths must stay inside the repository
//   (squad writes the source document and hands files to agents), and the ids that reach file names or bd's
//   command line must be plain words.
import { isAbsolute, relative, resolve } from 'node:path';
import { BEADS_ID, type Plan } from './schema.js';
import { UserError } from '../io/errors.js';
import { findCycle } from '../graph/cycles.js';

const AGENT_ID = /^[A-Za-z0-9_-]+$/;
const FIX = "re-run 'squad allocate' or fix the plan";

/** Throws a one-line UserError naming the first thing that makes the plan unfit to act on. */
export function checkPlan(plan: Plan, repoRoot: string, file: string): void {
  checkWhole(plan, file);
  checkSafe(plan, repoRoot, file);
}

function checkWhole(plan: Plan, file: string): void {
  const refuse = (what: string) => {
    throw new UserError(`${what}; ${FIX}`, file);
  };
  const seen = new Map<string, number>();
  for (const t of plan.tasks) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
  for (const [id, n] of seen) if (n > 1) refuse(`task ${id} appears ${n === 2 ? 'twice' : `${n} times`}`);

  const external = new Set(plan.externalDeps.map((e) => e.id));
  const deps = new Map<string, Map<string, true>>();
  for (const t of plan.tasks) {
    for (const d of t.deps) {
      if (!seen.has(d) && !external.has(d) && !t.externalDeps.includes(d)) {
        refuse(`task ${t.id} depends on ${d}, which is neither a task of the plan nor a declared external dependency`);
      }
    }
    deps.set(t.id, new Map(t.deps.filter((d) => seen.has(d)).map((d) => [d, true])));
  }
  const cycle = findCycle([...seen.keys()], deps);
  if (cycle) refuse(`dependency cycle ${[...cycle.map((e) => e.from), cycle[0]!.from].join(' -> ')} (each waits for the next)`);

  for (const e of plan.exclusions) {
    for (const id of e.tasks) if (!seen.has(id)) refuse(`exclusion on ${e.path} names task ${id}, which is not in the plan`);
  }
  for (const m of plan.mutexes) {
    for (const id of m.tasks) if (!seen.has(id)) refuse(`mutex on ${m.path} names task ${id}, which is not in the plan`);
  }
}

function checkSafe(plan: Plan, repoRoot: string, file: string): void {
  const refuse = (field: string, value: string, what: string) => {
    throw new UserError(`'${field}' is ${JSON.stringify(value)}, ${what}; ${FIX}`, file);
  };
  const outside = (p: string) => {
    const rel = relative(repoRoot, resolve(repoRoot, p));
    return rel === '..' || rel.startsWith('../') || isAbsolute(rel);
  };
  if (outside(plan.source)) refuse('source', plan.source, 'which is outside the repository');
  plan.tasks.forEach((t, i) => {
    t.files.forEach((f, j) => {
      if (outside(f.path)) refuse(`tasks.${i}.files.${j}.path`, f.path, `which is outside the repository (task ${t.id})`);
    });
    if (!AGENT_ID.test(t.agentId)) refuse(`tasks.${i}.agentId`, t.agentId, `which is not a lane id of letters, digits, - and _ (task ${t.id})`);
    if (t.beadsId && !BEADS_ID.test(t.beadsId)) refuse(`tasks.${i}.beadsId`, t.beadsId, `which is not a bd id (task ${t.id})`);
  });
  plan.agents.forEach((a, i) => {
    if (!AGENT_ID.test(a.id)) refuse(`agents.${i}.id`, a.id, 'which is not a lane id of letters, digits, - and _');
  });
}
