// --resume: pick the last run of the plan back up. Tasks that finished stay finished; tasks that were
// running are run again, after whatever the crashed run left of them is stopped (two copies of one
// task must never write the same files); failed and skipped tasks get another go.
import { hostname } from 'node:os';
import { UserError } from '../../io/errors.js';
import { isProcessAlive } from '../../state/session.js';
import { startTimeMatches } from '../../state/proc.js';
import { groupAlive, signalGroup } from '../launch/process-group.js';
import type { RunRecord } from './schema.js';
import { RUN_EXIT } from '../exit-codes.js';

/** Refuse when the run's own process is still alive: two runners on one record would fight over it. */
export function assertRunnerGone(rec: RunRecord, statePath: string): void {
  const r = rec.runner;
  if (r.pid === process.pid || r.host !== hostname()) return;
  if (isProcessAlive(r.pid, r.startedAt)) {
    throw new UserError(`run ${rec.runId} is still going (pid ${r.pid}); stop it first, or wait for it to finish`, statePath, null, RUN_EXIT.blocked);
  }
}

/** Stop the process groups a crashed run left behind. Returns the ids of the tasks whose leftovers were stopped. */
export async function stopLeftovers(rec: RunRecord, graceMs: number): Promise<string[]> {
  // Is the group still the one the task started? The kernel does not hand out a pid while a process group
  // of that id exists, so a group whose leader is gone is still ours; a live leader must have the recorded
  // start time (else the pid was reused after the group ended).
  const left = rec.tasks.filter((t) => t.status === 'running' && t.pid !== null && startTimeMatches(t.pid, t.pidStart) && groupAlive(t.pid));
  for (const t of left) signalGroup(t.pid!, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (left.some((t) => groupAlive(t.pid!)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  for (const t of left) if (groupAlive(t.pid!)) signalGroup(t.pid!, 'SIGKILL');
  return left.map((t) => t.id);
}

/** Everything not finished goes back to pending; attempts are kept so the record shows the history. */
export function reopenUnfinished(rec: RunRecord): void {
  for (const t of rec.tasks) {
    if (t.status === 'running') Object.assign(t, { status: 'pending', reason: 'was running when the run stopped', pid: null, pidStart: null });
    else if (t.status === 'failed' || t.status === 'skipped' || t.status === 'conflict') t.status = 'pending';
  }
  for (const g of rec.groups) if (g.status !== 'closed') Object.assign(g, { status: 'pending', message: null });
  rec.status = 'running';
  rec.exitCode = null;
}
