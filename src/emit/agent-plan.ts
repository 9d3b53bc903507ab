// One markdown plan per agent: what it does, in which order, what it may touch, who waits for it.
import type { Plan, PlanAgent } from '../plan/schema.js';
import { cell, clock, minutes } from './format.js';
import { WORKTREE_NOTE } from './worktree-note.js';

export function agentPlanFile(agent: PlanAgent): string {
  return `${agent.id}.md`;
}

/** Ownership entries by agent: the paths each agent writes or reads, found in one pass over the plan. */
export function ownershipByAgent(plan: Plan): Map<string, Plan['ownership']> {
  const agentOf = new Map(plan.tasks.map((t) => [t.id, t.agentId]));
  const out = new Map<string, Plan['ownership']>();
  for (const o of plan.ownership) {
    const seen = new Set<string>();
    // A read-only path is every agent's to respect, whoever reads it.
    const whose = o.mode === 'read-only' ? plan.agents.map((a) => a.id) : [...o.order, ...o.readers].map((id) => agentOf.get(id));
    for (const a of whose) {
      if (!a || seen.has(a)) continue;
      seen.add(a);
      const list = out.get(a);
      if (list) list.push(o);
      else out.set(a, [o]);
    }
  }
  return out;
}

export function agentPlan(plan: Plan, agent: PlanAgent, owned: Plan['ownership'] = ownershipByAgent(plan).get(agent.id) ?? []): string {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const mine = new Set(agent.tasks);
  const out: string[] = [];
  out.push(`# ${agent.id}: ${agent.type}`, '');
  out.push('## Identity', '');
  out.push(`- Agent: ${agent.id}`);
  out.push(`- Type: ${agent.type}`);
  out.push(`- Tasks: ${agent.tasks.length} (${minutes(agent.loadMinutes)} of estimated work)`);
  out.push(`- Owns: ${agent.owns.length ? agent.owns.map((d) => `\`${d}\``).join(', ') : 'no directory exclusively'}`);
  out.push(`- Source: ${plan.source}`, '');

  out.push('## Tasks', '');
  agent.tasks.forEach((id, i) => {
    const t = byId.get(id)!;
    out.push(`### ${i + 1}. ${t.id}: ${t.title}${t.status === 'done' ? ' (done)' : ''}`, '');
    if (t.files.length) out.push(`- Files: ${t.files.map((f) => `\`${f.path}\` (${f.access})`).join(', ')}`);
    out.push(`- Depends on: ${t.deps.length ? t.deps.map((d) => (mine.has(d) ? d : `${d} (${byId.get(d)?.agentId ?? 'external'})`)).join(', ') : 'nothing'}${t.externalDeps.length ? `; outside this document: ${t.externalDeps.join(', ')}` : ''}`);
    out.push(`- Estimate: ${minutes(t.estimateMinutes)}`);
    if (t.group) out.push(`- Group: ${t.group}`);
    if (t.run) out.push(`- Run: \`${t.run}\``);
    if (t.gate) out.push(`- Gate: \`${t.gate}\` (must pass before the task counts as done)`);
    out.push(`- Source: line ${t.line}`);
    if (t.steps.length) {
      out.push('- Steps:');
      for (const s of t.steps) out.push(`  - ${s}`);
    }
    if (t.acceptance.length) {
      out.push('- Acceptance:');
      for (const a of t.acceptance) out.push(`  - ${a}`);
    }
    out.push('');
  });

  out.push('## File ownership', '');
  const sections: Record<string, string[]> = { CREATE: [], MODIFY: [], 'READ-ONLY': [], SEQUENTIAL: [] };
  for (const o of owned) {
    const myWrites = o.order.filter((id) => mine.has(id));
    const myReads = o.readers.filter((id) => mine.has(id));
    if (o.mode === 'sequential' && (myWrites.length || myReads.length)) {
      sections.SEQUENTIAL!.push(`\`${o.path}\`: ${o.order.map((id) => `${id} (${byId.get(id)!.agentId})`).join(' -> ')}; ${o.reason}`);
    } else if (myWrites.length) {
      const creates = myWrites.some((id) => byId.get(id)!.files.some((f) => f.path === o.path && f.access === 'create'));
      sections[creates ? 'CREATE' : 'MODIFY']!.push(`\`${o.path}\``);
    } else if (o.mode === 'read-only' || myReads.length) {
      sections['READ-ONLY']!.push(`\`${o.path}\``);
    }
  }
  for (const [name, list] of Object.entries(sections)) {
    out.push(`### ${name}`, '');
    out.push(...(list.length ? list.map((l) => `- ${l}`) : ['- none']), '');
  }
  const others = plan.ownership.filter((o) => o.mode === 'exclusive' && o.owner && o.owner !== agent.id);
  out.push('Do not write files owned by other agents' + (others.length ? ` (${others.length} files; see allocation-report.md).` : '.'), '');
  out.push(WORKTREE_NOTE, '');

  out.push('## Handoffs', '');
  const waitsFor = new Map<string, string[]>();
  const waitedBy = new Map<string, string[]>();
  for (const t of plan.tasks) {
    for (const d of t.deps) {
      const dep = byId.get(d)!;
      if (mine.has(t.id) && !mine.has(d)) waitsFor.set(dep.agentId, [...(waitsFor.get(dep.agentId) ?? []), `${t.id} waits for ${d}`]);
      if (mine.has(d) && !mine.has(t.id)) waitedBy.set(t.agentId, [...(waitedBy.get(t.agentId) ?? []), `${t.id} waits for ${d}`]);
    }
  }
  out.push(`- Receives from: ${waitsFor.size ? [...waitsFor].map(([a, l]) => `${a} (${l.join('; ')})`).join(', ') : 'nobody (starts at once)'}`);
  out.push(`- Hands off to: ${waitedBy.size ? [...waitedBy].map(([a, l]) => `${a} (${l.join('; ')})`).join(', ') : 'nobody'}`, '');

  out.push('## Predicted schedule', '');
  const slots = plan.schedule.slots.filter((s) => s.agentId === agent.id);
  if (slots.length) {
    out.push('| Start | End | Task |', '|---|---|---|');
    for (const s of slots) out.push(`| ${clock(s.start)} | ${clock(s.end)} | ${s.task}: ${cell(byId.get(s.task)!.title)} |`);
  } else out.push('Nothing to do: every task of this agent is done.');
  out.push('');

  out.push('## Success criteria', '');
  out.push(`- [ ] Every task above is done and its acceptance criteria hold`);
  out.push(`- [ ] No file outside this agent's CREATE / MODIFY / SEQUENTIAL lists was written`);
  for (const c of plan.successCriteria) out.push(`- [${c.done ? 'x' : ' '}] ${c.text}`);
  return out.join('\n') + '\n';
}
