// --resume: pick the last run of the plan back up. Tasks that finished stay finished; tasks that were
// running are run again, after whatever the crashed run left of them is stopped (two copies of one
// task must never write the same files); failed and skipped tasks get another go.
import { hostname } from 'node:os';
import { UserError } from '../../io/errors.js';
import { isProcessAlive } from '../../state/session.js';
import { processStartedAt, readProcStat, scanProcesses } from '../../process/proc.js';
import { groupAlive, signalGroup } from '../../process/process-group.js';
import { describeProcess, markedProcesses, processRunning, signalProcess, taskMarker } from '../../process/escapees.js';
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
  /** Tasks whose process groups, or processes that had left them, left by a crashed run, were stopped. */
  stopped: string[];
  /** Processes outside the groups stopped by pid, found by their task's marker (`1234 sleep 1000`). */
  escaped: string[];
  /** Running tasks whose recorded process was not signalled, and why (leftover-proof.ts). */
  refused: { id: string; pid: number | null; why: string }[];
}

/**
 * Stop the process groups a crashed run left behind: only those this host's squad provably started; and every
 * process carrying the environment marker of one of the run's tasks (escapees.ts), in a group or not.
 */
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
  // Any process of this host carrying a marker of this run is left from it, whatever the record says of its task:
  // the runner is gone (assertRunnerGone), and a kill -9 between a task's spawn and the write of its start
  // leaves the task pending in the record with its processes running.
  const markers = new Map(rec.runner.host === facts.host ? rec.tasks.map((t) => [taskMarker(rec.runId, t.id), t.id]) : []);
  // Members of a group stopped above go with it; the rest had left their group (or their group's leader had exited).
  const groups = new Set(left.map((t) => t.pid));
  const marked = markers.size > 0 && process.platform === 'linux' ? markedProcesses(scanProcesses(), markers) : [];
  const stray = marked.filter((s) => !groups.has(s.proc.pgrp));
  const escaped = stray.map((s) => describeProcess(s.proc.pid));
  const running = () => left.some((t) => groupAlive(t.pid)) || stray.some((s) => processRunning(s.proc));
  for (const t of left) signalGroup(t.pid, 'SIGTERM');
  for (const s of stray) signalProcess(s.proc, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  for (const t of left) if (groupAlive(t.pid)) signalGroup(t.pid, 'SIGKILL');
  for (const s of stray) signalProcess(s.proc, 'SIGKILL');
  const stopped = [...new Set([...left.map((t) => t.id), ...stray.map((s) => s.id)])];
  return { stopped, escaped, refused };
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
