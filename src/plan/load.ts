// The one loader of plans/plan.json: read, parse against the schema, and check (src/plan/check.ts). Every command
// that acts on a plan loads it here, so every command refuses the same plan with the same one line.
import { existsSync, readFileSync } from 'node:fs';
import { Plan } from './schema.js';
import { checkPlan } from './check.js';
import { UserError } from '../io/errors.js';
import { displayPath } from '../io/display-path.js';

export const DEFAULT_PLAN_FILE = 'plans/plan.json';

/** `file` is absolute; messages name it relative to `repoRoot` (`plans/plan.json: ...`) when it lies inside. */
export function loadPlanFile(file: string, repoRoot: string): Plan {
  const shown = displayPath(repoRoot, file);
  if (!existsSync(file)) throw new UserError(`plan not found; compile one with 'squad allocate' or pass --plan <file>`, shown);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`not valid JSON (${(err as Error).message}); re-run 'squad allocate'`, shown);
  }
  const parsed = Plan.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`not a squad plan: '${issue.path.join('.') || '(root)'}' ${issue.message}; re-run 'squad allocate'`, shown);
  }
  checkPlan(parsed.data, repoRoot, shown);
  return parsed.data;
}
