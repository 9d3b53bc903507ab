// allocation-report.md: why the plan looks the way it does.
import type { Plan } from '../plan/schema.js';
import { cell, minutes, where } from './format.js';
import { DEFAULT_ESTIMATE_MINUTES, learnedLine } from '../plan/estimates.js';
import { WORKTREE_NOTE } from './worktree-note.js';

export function allocationReport(plan: Plan): string {
  const out: string[] = [];
  const open = plan.tasks.filter((t) => t.status === 'open').length;
  out.push(`# Allocation report: ${plan.source}`, '');
  out.push(`- Tasks: ${plan.tasks.length} (${open} open, ${plan.tasks.length - open} done)`);
  out.push(`- Agents: ${plan.agents.length}`);
  out.push(`- Ordering: ${plan.order.mode} (${plan.order.reason})`);
  out.push(`- Critical path: ${plan.criticalPath.tasks.join(' -> ') || 'none'} (${minutes(plan.criticalPath.minutes)})`);
  const speedup = plan.schedule.makespanMinutes > 0 ? plan.schedule.soloMinutes / plan.schedule.makespanMinutes : 1;
  out.push(`- Predicted makespan: ${minutes(plan.schedule.makespanMinutes)} with ${plan.agents.length} agent(s), against ${minutes(plan.schedule.soloMinutes)} for one agent alone (${speedup.toFixed(2)}x)`);
  const unestimated = plan.tasks.filter((t) => t.estimateMinutes === null && t.status === 'open').length;
  const learned = learnedLine(plan.schedule.learned, minutes);
  if (learned) out.push(`- ${learned[0]!.toUpperCase()}${learned.slice(1)}${unestimated ? ` (${unestimated} open task(s) have no estimate)` : ''}`);
  else if (unestimated) out.push(`- ${unestimated} open task(s) have no estimate and count as ${minutes(DEFAULT_ESTIMATE_MINUTES)} each`);
  out.push('');

  out.push('## Agents', '', '| Agent | Type | Tasks | Load | Owns |', '|---|---|---|---|---|');
  for (const a of plan.agents) out.push(`| ${a.id} | ${a.type} | ${a.tasks.length} | ${minutes(a.loadMinutes)} | ${a.owns.map((d) => `\`${d}\``).join(' ') || '-'} |`);
  out.push('');

  out.push('## Routing', '', '| Task | Agent | Why | Runner-up |', '|---|---|---|---|');
  for (const t of plan.tasks) {
    const r = t.routing;
    const why = r.source === 'explicit' ? `assigned in the document (${r.matched.join(', ')})` : r.source === 'default' ? 'no keyword matched: default' : `score ${r.score}: ${r.matched.join(', ')}`;
    out.push(`| ${t.id} | ${t.agent} (${t.agentId}) | ${cell(why)} | ${r.runnerUp ? `${r.runnerUp.agent} (${r.runnerUp.score})` : '-'} |`);
  }
  out.push('');

  out.push('## Ownership matrix', '');
  if (plan.ownership.length === 0) out.push('No task names a file.');
  else {
    out.push(`| Path | Mode | ${plan.agents.map((a) => a.id).join(' | ')} |`, `|---|---|${plan.agents.map(() => '---').join('|')}|`);
    const agentOf = new Map(plan.tasks.map((t) => [t.id, t.agentId]));
    for (const o of plan.ownership) {
      const row = plan.agents.map((a) => {
        const writes = o.order.filter((id) => agentOf.get(id) === a.id);
        const reads = o.readers.filter((id) => agentOf.get(id) === a.id);
        if (writes.length) return o.mode === 'sequential' ? `W${o.order.indexOf(writes[0]!) + 1}` : 'W';
        return reads.length ? 'R' : '';
      });
      out.push(`| \`${cell(o.path)}\` | ${o.mode.toUpperCase()} | ${row.join(' | ')} |`);
    }
    out.push('', 'W = writes (W1, W2: turn in a sequential path), R = reads.');
  }
  out.push('', WORKTREE_NOTE);
  out.push('');

  out.push('## Conflicts', '');
  if (plan.exclusions.length === 0 && plan.mutexes.length === 0) out.push('None: no two tasks that may run at the same time write the same file.');
  for (const e of plan.exclusions) out.push(`- \`${e.path}\`: ${e.tasks[0]} and ${e.tasks[1]} never run at the same time`);
  for (const m of plan.mutexes) out.push(`- \`${m.path}\`: ${m.tasks.length} writers, one at a time (${m.tasks.join(', ')})`);
  out.push('');

  if (plan.externalDeps.length) {
    out.push('## External dependencies', '', 'Referenced but not defined in this document; `squad run` checks them before starting.', '');
    for (const e of plan.externalDeps) out.push(`- ${e.id} (${where(e.line)}), needed by ${e.requiredBy.join(', ')}`);
    out.push('');
  }

  out.push('## Warnings', '');
  if (plan.warnings.length === 0) out.push('None.');
  for (const w of plan.warnings) out.push(`- ${where(w.line)}: ${w.message}`);
  return out.join('\n') + '\n';
}
