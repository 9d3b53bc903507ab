// graph.mmd: the DAG as a Mermaid flowchart, one subgraph per parallel group (per phase when there are none).
import type { Plan } from '../plan/schema.js';

function nodeId(id: string): string {
  return 'n_' + id.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, ' ').slice(0, 60);
}

export function mermaid(plan: Plan): string {
  const lines = ['flowchart TD'];
  const byGroup = new Map<string, string[]>();
  const key = plan.groups.length ? (t: Plan['tasks'][number]) => t.group : (t: Plan['tasks'][number]) => t.phase;
  const loose: string[] = [];
  for (const t of plan.tasks) {
    const decl = `${nodeId(t.id)}["${label(`${t.id}: ${t.title}`)}"]${t.status === 'done' ? ':::done' : ''}`;
    const k = key(t);
    if (k) byGroup.set(k, [...(byGroup.get(k) ?? []), decl]);
    else loose.push(decl);
  }
  let n = 0;
  for (const [name, decls] of byGroup) {
    lines.push(`  subgraph g${n++}["${label(name)}"]`);
    for (const d of decls) lines.push(`    ${d}`);
    lines.push('  end');
  }
  for (const d of loose) lines.push(`  ${d}`);
  for (const t of plan.tasks) for (const d of t.deps) lines.push(`  ${nodeId(d)} --> ${nodeId(t.id)}`);
  lines.push('  classDef done fill:#d4f7d4,stroke:#3a3;');
  return lines.join('\n') + '\n';
}
