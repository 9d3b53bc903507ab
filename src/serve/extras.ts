// The dashboard's notes and metrics: where `squad note` (state/notes.ts) and `squad metrics` (metrics/load.ts) plug
// into the page (issue 11). The page lists notes under their task and in a notes panel, and shows each metric figure
// over all runs as a row (nested objects flattened to `a.b` names).
import type { Store } from '../state/store.js';
import { allNotes } from '../state/notes.js';
import { loadMetrics } from '../metrics/load.js';
import { loadPlanFile } from '../plan/load.js';
import type { Extras } from './model.js';

export function dashboardExtras(o: { repoRoot: string; planPath: string }): (store: Store) => Extras {
  return (store) => {
    let metrics: Record<string, unknown> | null = null;
    try {
      const m = loadMetrics({ repoRoot: o.repoRoot, planPath: o.planPath, plan: loadPlanFile(o.planPath, o.repoRoot) });
      if (m.runs.length) metrics = { runs: m.runs.length, ...(m.overall as unknown as Record<string, unknown>) };
    } catch {
      /* no run yet, or a record that does not load: `squad metrics` says why; the page shows no metrics panel */
    }
    return { notes: allNotes(store.snapshot()), metrics };
  };
}
