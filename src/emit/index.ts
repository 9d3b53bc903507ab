// Everything `squad allocate` writes, as name -> content. Pure, so tests compare it byte for byte.
import type { Plan } from '../plan/schema.js';
import { planJson } from './plan-json.js';
import { agentPlan, agentPlanFile, ownershipByAgent } from './agent-plan.js';
import { allocationReport } from './report.js';
import { mermaid } from './mermaid.js';

export function emitPlanFiles(plan: Plan): Map<string, string> {
  const outputs = new Map<string, string>();
  outputs.set('plan.json', planJson(plan));
  const owned = ownershipByAgent(plan);
  for (const agent of plan.agents) outputs.set(agentPlanFile(agent), agentPlan(plan, agent, owned.get(agent.id) ?? []));
  outputs.set('allocation-report.md', allocationReport(plan));
  outputs.set('graph.mmd', mermaid(plan));
  return outputs;
}
