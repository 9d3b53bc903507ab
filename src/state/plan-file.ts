// Read plans/plan.json for the coordination commands, with errors a user can act on.
import { existsSync, readFileSync } from 'node:fs';
import { Plan } from '../plan/schema.js';
import { UserError } from '../io/errors.js';

export const DEFAULT_PLAN_FILE = 'plans/plan.json';

export function loadPlanFile(file: string): Plan {
  if (!existsSync(file)) throw new UserError(`plan not found; compile one with 'squad allocate' or pass --plan <file>`, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`not valid JSON (${(err as Error).message}); re-run 'squad allocate'`, file);
  }
  const parsed = Plan.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`not a squad plan: '${issue.path.join('.') || '(root)'}' ${issue.message}; re-run 'squad allocate'`, file);
  }
  return parsed.data;
}
