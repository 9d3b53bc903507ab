// plan.json: validated against the schema before it is written, so what other commands read is always valid.
import { Plan } from '../plan/schema.js';

export function planJson(plan: Plan): string {
  return JSON.stringify(Plan.parse(plan), null, 2) + '\n';
}
