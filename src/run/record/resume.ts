// --resume: pick the last run of the plan back up. Tasks that finished stay finished; tasks that were
// running are run again, after whatever the crashed run left of them is stopped (two copies of one
// task must never write the same files); failed and skipped tasks get another go.
import { hostname } from 'node:os';
import { UserError } from '../../io/errors.js';
import { isProcessAlive } from '../../state/session.js';
import { processStartedAt, readProcStat } from '../../state/proc.js';
import { groupAlive, signalGroup } from '../launch/process-group.js';
import type { RunRecord } from './schema.js';
import { judgeLeftover, type ProcFacts } from './leftover-proof.js';
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
  /** Tasks whose process groups, left by a crashed run, were stopped. */
  stopped: string[];
  /** Running tasks whose recorded process was not signalled, and why (leftover-proof.ts). */
  refused: { id: string; pid: number | null; why: string }[];
}

/** Stop the process groups a crashed run left behind: only those this host's squad provably started. */
export async function stopLeftovers(rec: RunRecord, graceMs: number): Promise<Leftovers> {
  const facts: ProcFacts = {
    host: hostname(),
    ownPid: process.pid,
    ownGroup: readProcStat(process.pid)?.pgrp ?? null,
    startedAt: processStartedAt,
    groupAlive,
  };
  const left: { id: string; pid: number }[] = [];
  const refused: Leftovers['refused'] = [];
  for (const t of rec.tasks) {
    if (t.status !== 'running') continue;
    const verdict = judgeLeftover(t, facts);
    if (verdict.kind === 'ours') left.push({ id: t.id, pid: t.pid! });
    else if (verdict.kind === 'refused') refused.push({ id: t.id, pid: t.pid, why: verdict.why });
  }
  for (const t of left) signalGroup(t.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (left.some((t) => groupAlive(t.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  for (const t of left) if (groupAlive(t.pid)) signalGroup(t.pid, 'SIGKILL');
  return { stopped: left.map((t) => t.id), refused };
}

/** Everything not finished goes back to pending; attempts are kept so the record shows the history. */
export function reopenUnfinished(rec: RunRecord): void {
  for (const t of rec.tasks) {
    if (t.status === 'running') Object.assign(t, { status: 'pending', reason: 'was running when the run stopped', pid: null, pidStart: null, host: null });
    else if (t.status === 'failed' || t.status === 'skipped' || t.status === 'conflict') t.status = 'pending';
  }
  for (const g of rec.groups) if (g.status !== 'closed') Object.assign(g, { status: 'pending', message: null });
  rec.status = 'running';
  rec.exitCode = null;
}
