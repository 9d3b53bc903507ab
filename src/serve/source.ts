// Where the dashboard's data comes from: the plan file and the coordination store, read only (no heartbeat, no
// claim: watching a run must not change it). A change is noticed from the store's journal (events.jsonl), which every
// transition appends to, and from the plan file (`squad add` rewrites it); both are polled by size and mtime, which
// works on every file system and whether or not the files exist yet.
import { statSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { loadPlanFile } from '../plan/load.js';
import type { Store } from '../state/store.js';
import { openPlanStore } from '../state/open-store.js';
import type { Plan } from '../plan/schema.js';
import { layoutPlan, type Layout } from './layout.js';
import { dashboardData, type DashboardData, type Extras } from './model.js';

export type SourceOptions = { cwd: string; planFile: string; config?: string; store?: string; extras?: (store: Store) => Extras };

/** size:mtime of a file, or '-' when it is missing: a change in either means someone wrote. */
function stamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

export function openSource(o: SourceOptions) {
  const { config } = loadConfig(o.config, o.cwd);
  let plan: Plan;
  let store: Store;
  let layout: Layout;
  let planStamp = '';
  function load(): void {
    planStamp = stamp(o.planFile);
    plan = loadPlanFile(o.planFile, o.cwd);
    store = openPlanStore({ repoRoot: o.cwd, plan, config, store: o.store });
    layout = layoutPlan(plan);
  }
  load();
  let journalStamp = store!.backend.journalMark();

  return {
    data(nowMs = Date.now()): DashboardData {
      return dashboardData(plan, store.snapshot(), store.sessions(), layout, nowMs, o.extras?.(store) ?? {});
    },
    /** True when the journal or the plan changed since the last call (the plan is then reloaded and laid out again). */
    changed(): boolean {
      let moved = false;
      if (stamp(o.planFile) !== planStamp) {
        // A plan caught mid-rewrite (or broken by hand) keeps the last good one on screen; the next change retries.
        try {
          load();
          moved = true;
        } catch {
          planStamp = stamp(o.planFile);
        }
      }
      const j = store.backend.journalMark();
      if (j !== journalStamp) {
        journalStamp = j;
        moved = true;
      }
      return moved;
    },
  };
}

export type Source = ReturnType<typeof openSource>;
