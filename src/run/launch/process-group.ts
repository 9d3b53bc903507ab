// One task = one process group. Spawned detached (setsid), so the leader's pid is the group id and
// a single kill(-pgid) reaches every process the task started, grandchildren included.
// Output goes straight from the child to its log file (no pipe through this process), which keeps
// launching cheap; inactivity is measured by watching the log grow.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readProcStat } from '../../state/proc.js';

export interface GroupSpec {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logPath: string;
  /** File given to the process as stdin (the prompt for agents); /dev/null when absent. */
  stdinPath?: string | null;
  /** First line of the log, saying what runs. */
  header?: string;
}

export type EndReason = 'exit' | 'timeout' | 'inactivity' | 'stopped' | 'spawn-error';

export interface GroupResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  reason: EndReason;
  /** Spawn failure message (command not found, ...). */
  error: string | null;
}

/** Every group still running, so signal and exit handlers can reach them all. */
const liveGroups = new Set<GroupProcess>();

export class GroupProcess {
  readonly pid: number | null;
  readonly done: Promise<GroupResult>;
  private stopReason: EndReason | null = null;
  private killTimer: NodeJS.Timeout | null = null;

  constructor(readonly spec: GroupSpec, private readonly graceMs: number) {
    let resolveDone!: (r: GroupResult) => void;
    this.done = new Promise((r) => (resolveDone = r));
    let settled = false;
    const settle = (r: GroupResult) => {
      if (settled) return;
      settled = true;
      liveGroups.delete(this);
      this.clearKillTimer();
      resolveDone(r);
    };
    mkdirSync(dirname(spec.logPath), { recursive: true });
    const out = openSync(spec.logPath, 'a');
    let input: number | 'ignore' = 'ignore';
    let pid: number | null = null;
    try {
      if (spec.header) writeSync(out, `${spec.header}\n`);
      if (spec.stdinPath) input = openSync(spec.stdinPath, 'r');
      const child = spawn(spec.argv[0]!, spec.argv.slice(1), { cwd: spec.cwd, env: spec.env, detached: true, stdio: [input, out, out] });
      pid = child.pid ?? null;
      child.once('error', (err) => settle({ exitCode: null, signal: null, reason: 'spawn-error', error: err.message }));
      child.once('exit', (code, signal) => {
        // The leader is gone; anything it left in its group goes too, before the task counts as ended,
        // so a leftover can neither outlive squad nor write a file the next task owns.
        void this.reapGroup().then(() => settle({ exitCode: code, signal, reason: this.stopReason ?? 'exit', error: null }));
      });
    } catch (err) {
      settle({ exitCode: null, signal: null, reason: 'spawn-error', error: err instanceof Error ? err.message : String(err) });
    } finally {
      closeSync(out);
      if (typeof input === 'number') closeSync(input);
    }
    this.pid = pid;
    if (pid !== null && !settled) liveGroups.add(this);
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period (or at once when forced). */
  stop(reason: EndReason, force = false): void {
    if (this.stopReason === null) this.stopReason = reason;
    if (this.pid === null) return;
    if (force) {
      signalGroup(this.pid, 'SIGKILL');
      return;
    }
    if (this.killTimer) return;
    signalGroup(this.pid, 'SIGTERM');
    this.killTimer = setTimeout(() => signalGroup(this.pid!, 'SIGKILL'), this.graceMs);
    this.killTimer.unref();
  }

  /** Bytes written to the log so far: the inactivity watchdog compares successive values. */
  outputSize(): number {
    try {
      return statSync(this.spec.logPath).size;
    } catch {
      return 0;
    }
  }

  get stopping(): boolean {
    return this.stopReason !== null;
  }

  private clearKillTimer(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
  }

  private async reapGroup(): Promise<void> {
    const pgid = this.pid!;
    if (!groupAlive(pgid)) return;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + this.graceMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      if (!groupAlive(pgid)) return;
    }
    signalGroup(pgid, 'SIGKILL');
  }
}

/** Launch a process group. Never throws for a missing command: the result says 'spawn-error'. */
export function startGroup(spec: GroupSpec, graceMs: number): GroupProcess {
  return new GroupProcess(spec, graceMs);
}

/** Lowest pid that can be a task's process group: kill() gives 0, 1 and negative pids other meanings. */
export const LOWEST_TASK_GROUP = 2;

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  // kill(-pgid) with pgid 0, 1 or below would reach squad's own group, every process, or a single process.
  if (!Number.isSafeInteger(pgid) || pgid < LOWEST_TASK_GROUP) throw new Error(`refusing to signal process group ${pgid}`);
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** Stop every live group: SIGTERM (grace, then SIGKILL), or SIGKILL at once when forced. */
export function stopAllGroups(reason: EndReason, force: boolean): void {
  for (const g of liveGroups) g.stop(reason, force);
}

/** Last resort on process exit: nothing may outlive squad. Synchronous, so it works in 'exit' handlers. */
export function killAllGroupsNow(): void {
  for (const g of liveGroups) if (g.pid !== null) signalGroup(g.pid, 'SIGKILL');
}

/**
 * True when the group still has a running member. kill(-pgid, 0) also succeeds for zombies, which
 * an init that does not reap orphans (some containers) keeps forever; on Linux /proc tells them apart.
 */
export function groupAlive(pgid: number): boolean {
  if (!Number.isSafeInteger(pgid) || pgid < LOWEST_TASK_GROUP) return false;
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  return procMembers(pgid).some((m) => m.state !== 'Z');
}

interface ProcEntry {
  pid: number;
  state: string;
}

function procMembers(pgid: number): ProcEntry[] {
  const out: ProcEntry[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [{ pid: pgid, state: '?' }];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.pgrp === pgid) out.push({ pid: Number(name), state: stat.state });
  }
  return out;
}
