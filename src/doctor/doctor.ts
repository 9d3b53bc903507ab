// squad doctor: every check, in the order its repairs must run (damaged files first, so the store can be read;
// run records before claims, so a dead run's finished tasks are recorded done rather than released), then --fix.
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { UserError } from '../io/errors.js';
import { loadPlanFile } from '../plan/load.js';
import { currentSession, type Store, type TaskView } from '../state/index.js';
import { openPlanStore } from '../state/open-store.js';
import { sourceFile } from '../trackers/source-file.js';
import type { Plan } from '../plan/schema.js';
import type { Finding, Reported } from './finding.js';
import { damagedStateFindings } from './damaged-state.js';
import { runFindings, runnerAlive } from './runs.js';
import { readRuns } from '../run/record/record-file.js';
import { staleClaimFindings } from './claims.js';
import { trackerFindings } from './tracker-sync.js';
import { worktreeFindings } from './worktrees.js';
import { tempFileFindings } from './temp-files.js';
import { planAgeFindings } from './plan-age.js';

export type DoctorReport = { healthy: boolean; fixed: number; left: number; findings: Reported[] };

export async function doctor(o: { repoRoot: string; planFile: string; config: Config; fix: boolean }): Promise<DoctorReport> {
  const reported: Reported[] = [];
  const settle = async (found: Finding[]) => {
    for (const f of found) {
      const { fix, ...rest } = f;
      if (!fix) reported.push({ ...rest, outcome: 'left' });
      else if (!o.fix) reported.push({ ...rest, outcome: 'found' });
      else {
        try {
          await fix();
          reported.push({ ...rest, outcome: 'fixed' });
        } catch (err) {
          reported.push({ ...rest, outcome: 'fix-failed', error: (err instanceof Error ? err.message : String(err)).split('\n')[0] });
        }
      }
    }
  };
  const doctorSession = currentSession('squad-doctor', { pid: process.pid });

  await settle(damagedStateFindings(o.repoRoot));

  let plan: Plan | null = null;
  if (existsSync(o.planFile)) {
    try {
      plan = loadPlanFile(o.planFile, o.repoRoot);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      await settle([{ check: 'plan', where: err.file ?? o.planFile, problem: err.message, action: "re-run 'squad allocate' on its source document", fix: null }]);
    }
  }
  const store: Store | null = plan ? unlessDamaged(() => openPlanStore({ repoRoot: o.repoRoot, plan: plan!, config: o.config })) : null;
  /** A snapshot, or null when a damaged entry --fix did not repair still stops the store from reading. */
  const snapshot = (): TaskView[] | null => (store ? unlessDamaged(() => store.snapshot()) : null);

  const runs = readRuns(o.repoRoot);
  await settle(runFindings(o.repoRoot, runs, { planPath: o.planFile, store: snapshot() ? store : null, doctor: doctorSession }));
  let views = snapshot();
  if (store && views) await settle(staleClaimFindings(store, views, doctorSession));
  views = snapshot();
  if (plan && store && views) await settle(await trackerFindings(plan, o.repoRoot, store, views, doctorSession));

  const live = new Set(readRuns(o.repoRoot).filter((r) => r.record && runnerAlive(r.record)).map((r) => r.id));
  await settle(await worktreeFindings(o.repoRoot, (id) => live.has(id)));
  const besides = [dirname(o.planFile), ...(plan ? [dirname(sourceFile(plan, o.repoRoot).path)] : [])];
  await settle(tempFileFindings(o.repoRoot, [...new Set(besides.map((d) => resolve(d)))]));
  if (plan) await settle(planAgeFindings(plan, o.planFile, o.repoRoot));

  const fixed = reported.filter((r) => r.outcome === 'fixed').length;
  const left = reported.length - fixed;
  return { healthy: left === 0, fixed, left, findings: reported };
}

/** `read()`, or null when damage the checks above found and --fix did not repair stops it (a damaged entry, a file where a folder belongs). */
function unlessDamaged<T>(read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof UserError || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw err;
  }
}
