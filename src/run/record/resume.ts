// --resume: pick the last run of the plan back up. Tasks that finished stay finished; tasks that were
// running are run again, after whatever the crashed run left of them is stopped (two copies of one
// task must never write the same files); failed and skipped tasks get another go.
import { hostname } from 'node:os';
import { UserError } from '../../io/errors.js';
import { isProcessAlive } from '../../state/session.js';
import { environHas, groupMembers, processStartedAt, readProcStat } from '../../state/proc.js';
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

export interface Leftovers {
  /** Tasks whose leftover processes were stopped. */
  stopped: string[];
  /** One line per task whose recorded process squad would not signal, and why. */
  refused: string[];
}

/**
 * Stop what a crashed run left behind, signalling only what squad can prove it started on this host: a state file
 * is data anyone can write, and `kill(-1)` or another user's process group must never follow from one. Proof is
 * the host, a pid above 1, and either the group leader alive with the start time recorded for it (the kernel does
 * not hand out a pid while a group of that id exists, and a reused pid has another start time), or, when the
 * leader is gone, members that carry this run's and this task's ids in their environment (set at launch).
 */
export async function stopLeftovers(rec: RunRecord, graceMs: number): Promise<Leftovers> {
  const refused: string[] = [];
  const groups: { id: string; pgid: number }[] = [];
  const singles: { id: string; pids: number[] }[] = [];
  for (const t of rec.tasks) {
    if (t.status !== 'running' || t.pid === null) continue;
    if (rec.runner.host !== hostname()) {
      refused.push(`${t.id}: its process ${t.pid} was started on ${rec.runner.host}, not this host; not signalled`);
      continue;
    }
    if (!Number.isSafeInteger(t.pid) || t.pid <= 1 || t.pidStart === null) {
      refused.push(`${t.id}: recorded process ${t.pid} ${t.pidStart === null ? 'has no start time' : 'is not a process group squad starts'}; not signalled`);
      continue;
    }
    const leaderStart = processStartedAt(t.pid);
    if (leaderStart !== null) {
      // A live leader with another start time is a later process that reused the pid: nothing of ours to stop.
      if (leaderStart === t.pidStart && groupAlive(t.pid)) groups.push({ id: t.id, pgid: t.pid });
      continue;
    }
    const marked = groupMembers(t.pid).filter((pid) => environHas(pid, [`${RUN_ID_VAR}=${rec.runId}`, `SQUAD_TASK_ID=${t.id}`]));
    if (marked.length) singles.push({ id: t.id, pids: marked });
  }
  for (const g of groups) signalGroup(g.pgid, 'SIGTERM');
  for (const s of singles) for (const pid of s.pids) signalPid(pid, 'SIGTERM');
  const anyAlive = (): boolean => groups.some((g) => groupAlive(g.pgid)) || singles.some((s) => s.pids.some(pidAlive));
  const deadline = Date.now() + graceMs;
  while (anyAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  for (const g of groups) if (groupAlive(g.pgid)) signalGroup(g.pgid, 'SIGKILL');
  for (const s of singles) for (const pid of s.pids) if (pidAlive(pid)) signalPid(pid, 'SIGKILL');
  return { stopped: [...groups.map((g) => g.id), ...singles.map((s) => s.id)], refused };
}

/** The variable every task process gets: the run it belongs to, so a resumed run can recognise its leftovers. */
export const RUN_ID_VAR = 'SQUAD_RUN_ID';

function signalPid(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 1) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

function pidAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
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
