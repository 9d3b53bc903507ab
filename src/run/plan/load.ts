// plan.json as the runner and `squad verify` load it: parsed (src/state/plan-file.ts), then checked for
// what the schema cannot say and what would be dangerous to act on. A plan is a file anyone can edit or
// hand over: its paths must stay inside the repository (squad writes the source document and hands files
// to agents), and the ids that reach file names or bd's command line must be plain words.
import { isAbsolute, relative, resolve } from 'node:path';
import type { Plan } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';
import { loadPlanFile } from '../../state/plan-file.js';
import { BEADS_ID } from '../../trackers/beads/bd.js';

const AGENT_ID = /^[A-Za-z0-9_-]+$/;

export function loadCheckedPlan(file: string, repoRoot: string): Plan {
  const plan = loadPlanFile(file);
  checkPlan(plan, repoRoot, file);
  return plan;
}

/** Throws a one-line UserError naming the first field that is not safe to act on. */
export function checkPlan(plan: Plan, repoRoot: string, file: string): void {
  const refuse = (field: string, value: string, what: string) => {
    throw new UserError(`'${field}' is ${JSON.stringify(value)}, ${what}; re-run 'squad allocate' or fix the plan`, file);
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
