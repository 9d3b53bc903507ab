// What `squad metrics` reads: the plan's run records (.squad/runs/*/state.json), plan.json and the plan's journal.
// Damaged records are skipped with a warning ('squad doctor' reports them); the figures are figures.ts's.
import { join } from 'node:path';
import type { Plan } from '../plan/schema.js';
import { readRuns } from '../run/record/record-file.js';
import { planKey, storePaths } from '../state/paths.js';
import { readEvents, type CoordEvent } from '../state/events.js';
import { UserError } from '../io/errors.js';
import { overallFigures, runFigures, type Figures, type RunFigures } from './figures.js';

export type Metrics = { plan: string; runs: RunFigures[]; overall: Figures; skipped: string[] };

export function loadMetrics(o: { repoRoot: string; planPath: string; plan: Plan; runId?: string }): Metrics {
  const skipped: string[] = [];
  const records = readRuns(o.repoRoot).flatMap((r) => {
    if (!r.record) {
      skipped.push(`${join('.squad', 'runs', r.id)}: ${r.why}`);
      return [];
    }
    return r.record.plan === o.planPath ? [r.record] : [];
  });
  const chosen = o.runId === undefined ? records : records.filter((r) => r.runId === o.runId);
  if (o.runId !== undefined && chosen.length === 0) {
    throw new UserError(`no run '${o.runId}' of this plan; runs: ${records.map((r) => r.runId).join(', ') || 'none yet'}`);
  }
  chosen.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const events = readEvents(storePaths(o.repoRoot, planKey(o.plan.source, o.repoRoot)).events);
  const details = chosen.map((r) => runFigures(r, o.plan, events));
  return { plan: o.plan.source, runs: details.map((d) => d.figures), overall: overallFigures(details, o.plan, events), skipped };
}
