// Run records against reality: a record that says `running` while its squad is dead (kill -9, a power cut), a
// record that cannot be read, and tasks a record says finished that the claim store does not (a kill -9 between
// the two writes; issue 13 item 1). --fix marks a dead run interrupted (its running tasks pending, so --resume runs
// them again) only when nothing it started still runs: processes are --resume's to stop, never doctor's.
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { RUNS_DIR, type RunFile } from '../run/record/record-file.js';
import type { RunRecord } from '../run/record/schema.js';
import { judgeLeftover, type ProcFacts } from '../run/record/leftover-proof.js';
import { reconcileStore } from '../run/record/reconcile.js';
import { groupAlive } from '../process/process-group.js';
import { markedProcesses, taskMarker } from '../process/escapees.js';
import { isProcessAlive } from '../state/session.js';
import { processStartedAt, readProcStat, scanProcesses } from '../process/proc.js';
import type { Session, Store } from '../state/index.js';
import type { Finding } from './finding.js';

/** Is the run's squad still going? Unknowable for another host's run: counted as going. */
export function runnerAlive(rec: RunRecord): boolean {
  if (rec.status !== 'running') return false;
  if (rec.runner.host !== hostname()) return true;
  return isProcessAlive(rec.runner.pid, rec.runner.startedAt);
}

/** Tasks of a dead run whose processes may still run (the proof --resume signals by, and the run's env marker). */
function stillRunning(rec: RunRecord): string[] {
  const facts: ProcFacts = { host: hostname(), ownPid: process.pid, ownGroup: readProcStat(process.pid)?.pgrp ?? null, startedAt: processStartedAt, groupAlive };
  // Proven ours, or a group still alive whose leader has exited (unprovable, so not signalled, but not finished either).
  const busy = (t: RunRecord['tasks'][number]) => judgeLeftover(t, facts).kind === 'ours' || (t.pid !== null && groupAlive(t.pid));
  const ids = new Set(rec.tasks.filter((t) => t.status === 'running' && busy(t)).map((t) => t.id));
  if (process.platform === 'linux') {
    const markers = new Map(rec.tasks.map((t) => [taskMarker(rec.runId, t.id), t.id]));
    for (const m of markedProcesses(scanProcesses(), markers)) ids.add(m.id);
  }
  return [...ids];
}

export function runFindings(repoRoot: string, runs: readonly RunFile[], o: { planPath: string; store: Store | null; doctor: Session }): Finding[] {
  const out: Finding[] = [];
  for (const run of runs) {
    const where = relative(repoRoot, run.file);
    if (!run.record) {
      out.push({ check: 'runs', where, problem: run.why!, action: `repair it, or move ${relative(repoRoot, join(RUNS_DIR, run.id))} aside (--resume then picks the run before it)`, fix: null });
      continue;
    }
    const rec = run.record;
    if (rec.status === 'running' && !runnerAlive(rec)) {
      const busy = stillRunning(rec);
      const problem = `run ${rec.runId} says running, but its squad (pid ${rec.runner.pid}) is gone`;
      if (busy.length > 0) {
        out.push({ check: 'runs', where, problem: `${problem} and task(s) ${busy.join(', ')} still run`, action: "run 'squad run --resume': it stops what the run left and runs those tasks again", fix: null });
      } else {
        const running = rec.tasks.filter((t) => t.status === 'running').map((t) => t.id);
        out.push({
          check: 'runs',
          where,
          problem,
          action: `mark the run interrupted${running.length ? ` and ${running.join(', ')} pending, so 'squad run --resume' runs them again` : ''}`,
          fix: () => markInterrupted(rec, run.file),
        });
      }
    }
    if (o.store && rec.plan === o.planPath && !runnerAlive(rec)) out.push(...unrecordedDone(rec, where, o.store, o.doctor));
  }
  return out;
}

function markInterrupted(rec: RunRecord, file: string): void {
  for (const t of rec.tasks) {
    if (t.status === 'running') Object.assign(t, { status: 'pending', reason: 'was running when its squad died (found by squad doctor)', pid: null, pidStart: null, host: null });
  }
  rec.status = 'interrupted';
  rec.updatedAt = new Date().toISOString();
  writeFileAtomic(file, JSON.stringify(rec, null, 1) + '\n');
}

/** Tasks the record says finished that the claim store does not have done (the write a kill -9 can lose). */
function unrecordedDone(rec: RunRecord, where: string, store: Store, doctor: Session): Finding[] {
  const missing = rec.tasks.filter((t) => {
    if (t.status !== 'done' && t.status !== 'closed') return false;
    try {
      return store.task(t.id).state !== 'done';
    } catch {
      return false; // no longer in the plan, or its log is damaged (reported on its own)
    }
  });
  if (missing.length === 0) return [];
  const ids = missing.map((t) => t.id);
  return [
    {
      check: 'runs',
      where,
      problem: `run ${rec.runId} finished ${ids.join(', ')}, but the claim store does not say done`,
      action: "write the missing done entries (as 'squad run --resume' does)",
      fix: () => {
        const only = { ...rec, tasks: missing };
        const { left } = reconcileStore(only, store, doctor);
        if (left.length > 0) throw new Error(left.join('; '));
      },
    },
  ];
}
