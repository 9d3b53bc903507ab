// The text of `squad status`: tasks grouped by state, holders, durations, progress. Pure (clock and colours passed in).
import type { Plan } from '../plan/schema.js';
import type { TaskState, TaskView } from '../state/store.js';
import type { Progress } from '../state/progress.js';
import { formatDuration } from '../state/format.js';
import { paint, type Style, type TerminalInfo } from '../io/terminal.js';

const SECTIONS: Array<{ state: TaskState; title: string; style: Style }> = [
  { state: 'available', title: 'available', style: 'blue' },
  { state: 'waiting', title: 'waiting on dependencies', style: 'dim' },
  { state: 'claimed', title: 'claimed', style: 'yellow' },
  { state: 'in_progress', title: 'in progress', style: 'yellow' },
  { state: 'done', title: 'done', style: 'green' },
  { state: 'failed', title: 'failed', style: 'red' },
];

function clock(iso: string | null): string {
  return iso ? new Date(iso).toTimeString().slice(0, 8) : '-';
}

function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

function detail(v: TaskView, levels: ReadonlyMap<string, number>): string {
  switch (v.state) {
    case 'available': {
      // Only the holder of the task it may not run beside can claim it now (the plan's file exclusions).
      const x = v.excludedBy[0];
      return `remaining path ${levels.get(v.id) ?? 0}${x ? `; not beside ${x.task} (both write ${x.path}), held by ${x.holder.name}` : ''}`;
    }
    case 'waiting':
      return `waits for ${v.waitingOn.join(', ')}`;
    case 'claimed':
    case 'in_progress': {
      const h = v.holder!;
      const stale = v.stale ? `  STALE (${v.stale.why === 'ttl' ? `no heartbeat since ${clock(v.stale.lastSeen)}` : 'process gone'})` : '';
      return `${h.name} (pid ${h.pid}@${h.host}) since ${clock(v.since)}, ${formatDuration(v.durationMs)}${stale}`;
    }
    case 'done':
      // A note given with `squad done --note` is also a handoff note, shown on its own line below.
      return v.by ? `by ${v.by.name} in ${formatDuration(v.durationMs)}${v.note && !v.notes.some((n) => n.text === v.note) ? ` — ${v.note}` : ''}` : 'done in the plan';
    case 'failed':
      return `by ${v.by?.name ?? '?'} after ${formatDuration(v.durationMs)}${v.error ? ` — ${v.error}` : ''}`;
  }
}

export function headline(plan: Plan, p: Progress): string {
  const estimated = plan.tasks.some((t) => t.estimateMinutes !== null);
  const cp = estimated ? `${Math.round(p.criticalPathLeft)} min (estimated)` : `${p.criticalPathLeft} tasks`;
  const eff = p.efficiency
    ? `parallelism ${p.efficiency.average.toFixed(1)} avg / ${p.efficiency.peak} peak, efficiency ${Math.round(p.efficiency.efficiency * 100)}%`
    : 'nothing started yet';
  const failed = p.counts.failed ? `, ${p.counts.failed} failed` : '';
  return `${plan.source}: ${p.counts.done} of ${p.total} done${failed}; critical path left ${cp}; ${eff}`;
}

/** A task whose claim log could not be read: shown apart, with the line naming the file and what to do. */
export type DamagedTask = { id: string; title: string; problem: string };

export function renderStatus(
  plan: Plan,
  views: readonly TaskView[],
  p: Progress,
  levels: ReadonlyMap<string, number>,
  term: TerminalInfo,
  worktrees: ReadonlyMap<string, string> = new Map(),
  damaged: readonly DamagedTask[] = [],
): string {
  const lines = [headline(plan, p)];
  const idWidth = Math.min(16, Math.max(4, ...views.map((v) => v.id.length), ...damaged.map((d) => d.id.length)));
  if (damaged.length > 0) {
    lines.push('', paint(term, 'red', `damaged (${damaged.length})`));
    for (const d of damaged) lines.push(`  ${fit(d.id, idWidth)}  ${fit(d.title, 40)}  ${d.problem}`);
  }
  for (const s of SECTIONS) {
    const rows = views.filter((v) => v.state === s.state);
    if (rows.length === 0) continue;
    lines.push('', paint(term, s.style, `${s.title} (${rows.length})`));
    for (const v of rows) {
      const w = worktrees.get(v.id);
      lines.push(`  ${fit(v.id, idWidth)}  ${fit(v.title, 40)}  ${detail(v, levels)}${w ? `  [${w}]` : ''}`);
      for (const n of v.notes) lines.push(`  ${' '.repeat(idWidth)}  note (${n.by}, ${clock(n.at)}): ${n.text}`);
    }
  }
  return lines.join('\n') + '\n';
}
