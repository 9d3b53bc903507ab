/** Minutes assumed for a task without an estimate when nothing has been learned yet (README "Estimates"). */
export const DEFAULT_ESTIMATE_MINUTES = 30;

/**
 * What finished tasks taught about tasks without an estimate: the median duration of the finished tasks of each
 * agent type, and over all of them, in minutes. `from` counts the finished tasks it was learned from.
 */
export type LearnedEstimates = { from: number; overall: number; byAgent: Record<string, number> };

/** One finished task: its agent type and how long it took (start, or claim, to done). */
export type FinishedSample = { agent: string; minutes: number };

/**
 * The one weight of an open task, used by every prediction (`squad allocate`, `squad run --dry-run`, the
 * b-level that orders ready tasks): its estimate; else, when finished tasks taught something, the median of its
 * agent type, else the median of all; else DEFAULT_ESTIMATE_MINUTES. One rule, so the allocation's predicted
 * makespan and the dry-run's agree on the same plan and the same state.
 */
export function estimatedMinutes(estimate: number | null | undefined, agent?: string, learned?: LearnedEstimates | null): number {
  if (estimate !== null && estimate !== undefined) return estimate;
  if (learned) return (agent !== undefined ? learned.byAgent[agent] : undefined) ?? learned.overall;
  return DEFAULT_ESTIMATE_MINUTES;
}

/** Medians by agent type and overall, or null when no task has finished. Pure; independent of the samples' order. */
export function learnEstimates(samples: readonly FinishedSample[]): LearnedEstimates | null {
  const usable = samples.filter((s) => Number.isFinite(s.minutes) && s.minutes >= 0);
  if (usable.length === 0) return null;
  const byType = new Map<string, number[]>();
  for (const s of usable) byType.set(s.agent, [...(byType.get(s.agent) ?? []), s.minutes]);
  const byAgent: Record<string, number> = {};
  for (const agent of [...byType.keys()].sort()) byAgent[agent] = roundMinutes(median(byType.get(agent)!));
  return { from: usable.length, overall: roundMinutes(median(usable.map((s) => s.minutes))), byAgent };
}

/** Medians to a tenth of a second, so plan.json stays readable and equal inputs print equal figures. */
const roundMinutes = (m: number): number => Math.round(m * 600) / 600;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The line the reports print: "estimates learned from 37 finished tasks" (and what they give), or null. */
export function learnedLine(learned: LearnedEstimates | null | undefined, fmt: (minutes: number) => string): string | null {
  if (!learned) return null;
  const types = Object.entries(learned.byAgent).map(([agent, m]) => `${agent} ${fmt(m)}`).join(', ');
  return `estimates learned from ${learned.from} finished task${learned.from === 1 ? '' : 's'}: a task without an estimate counts as the median of its agent type (${types}), else ${fmt(learned.overall)}`;
}
