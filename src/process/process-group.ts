// One task = one process group. Spawned detached (setsid), so the leader's pid is the group id and
// a single kill(-pgid) reaches every process the task started, grandchildren included; what left the group
// (setsid, a double fork) is found in /proc and stopped too when the task ends (escapees.ts).
// Output goes straight from the child to its log file (no pipe through this process), which keeps
// launching cheap; inactivity is measured by watching the log grow.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, statSync, writeSync } from 'node:fs';
import { openMakingFolder } from '../io/open-making-folder.js';
import { lastPid, pidMax, readProcesses, readProcStat, scanProcesses, startTicksToIso, type ProcEntry } from './proc.js';
import { describeProcess, processRunning, signalProcess, TASK_MARKER_VAR, TaskTree } from './escapees.js';

export interface GroupSpec {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logPath: string;
  /** File given to the process as stdin (the prompt for agents); /dev/null when absent. */
  stdinPath?: string | null;
  /** First line of the log, saying what runs. */
  header?: string;
  /** Set as SQUAD_TASK_RUN in the environment: how the task's processes are known after they leave its group. */
  marker?: string | null;
}

export type EndReason = 'exit' | 'timeout' | 'inactivity' | 'stopped' | 'spawn-error';

export interface GroupResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  reason: EndReason;
  /** Spawn failure message (command not found, ...). */
  error: string | null;
  /** Processes the task left running outside its process group, stopped when it ended (`1234 sleep 1000`). */
  escaped: string[];
}

/** Every group still running, so signal and exit handlers can reach them all. */
const liveGroups = new Set<GroupProcess>();

export class GroupProcess {
  readonly pid: number | null;
  readonly done: Promise<GroupResult>;
  private stopReason: EndReason | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private forced = false;
  /** The task's processes as seen in /proc; null without /proc (then only the group is stopped). */
  private tree: TaskTree | null = null;
  private readonly spawnedAt = Date.now();

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
    const out = openMakingFolder(spec.logPath, 'a', 0o666).fd; // the logs folder is made once per run, not per task
    let input: number | 'ignore' = 'ignore';
    let pid: number | null = null;
    try {
      if (spec.header) writeSync(out, `${spec.header}\n`);
      if (spec.stdinPath) input = openSync(spec.stdinPath, 'r');
      const child = spawn(spec.argv[0]!, spec.argv.slice(1), { cwd: spec.cwd, env: markedEnv(spec), detached: true, stdio: [input, out, out] });
      pid = child.pid ?? null;
      // Read before the leader can be reaped (it is not, until this turn of the event loop ends).
      const stat = pid === null ? null : readProcStat(pid);
      if (stat && pid !== null) this.tree = new TaskTree({ pid, startTicks: stat.startTicks }, spec.marker ?? null);
      child.once('error', (err) => settle({ exitCode: null, signal: null, reason: 'spawn-error', error: err.message, escaped: [] }));
      child.once('exit', (code, signal) => {
        // The leader is gone; anything it left, in its group or escaped from it, goes too before the task
        // counts as ended, so a leftover can neither outlive squad nor write a file the next task owns.
        void this.reap().then((escaped) => settle({ exitCode: code, signal, reason: this.stopReason ?? 'exit', error: null, escaped }));
      });
    } catch (err) {
      settle({ exitCode: null, signal: null, reason: 'spawn-error', error: err instanceof Error ? err.message : String(err), escaped: [] });
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
      this.forced = true;
      signalGroup(this.pid, 'SIGKILL');
      return;
    }
    if (this.killTimer) return;
    signalGroup(this.pid, 'SIGTERM');
    this.killTimer = setTimeout(() => signalGroup(this.pid!, 'SIGKILL'), this.graceMs);
    this.killTimer.unref();
  }

  /** The leader's start time (ISO), read once at the spawn; null without /proc. With the pid it names the process. */
  get startedAt(): string | null {
    return this.tree ? startTicksToIso(this.tree.root.startTicks) : null;
  }

  /** Bytes written to the log so far: the inactivity watchdog compares successive values. */
  outputSize(): number {
    try {
      return statSync(this.spec.logPath).size;
    } catch {
      return 0;
    }
  }

  /** Remember the task's processes in this /proc snapshot (the watchdog's tick): found later even once re-parented. */
  observe(snapshot: readonly ProcEntry[]): void {
    this.tree?.observe(snapshot);
  }

  /** The task's processes outside its group now, for the exit handler's last SIGKILL. */
  escapees(snapshot: readonly ProcEntry[]): ProcEntry[] {
    return this.tree?.escapees(snapshot) ?? [];
  }

  get stopping(): boolean {
    return this.stopReason !== null;
  }

  private clearKillTimer(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
  }

  /**
   * Stop what the leader left: its group, and the processes that escaped it. A process can fork after a scan,
   * so the scan is repeated after each stop until it finds nothing new (at most a few rounds); with the group
   * already empty at the first scan nothing in it can fork any more. Returns the escaped processes stopped.
   */
  private async reap(): Promise<string[]> {
    const pgid = this.pid!;
    const stopped = new Map<string, ProcEntry>();
    const named: string[] = [];
    for (let round = 0; round < REAP_ROUNDS; round++) {
      const snapshot = this.tree ? this.candidates() : undefined;
      const found = snapshot ? this.tree!.escapees(snapshot, undefined, otherTasks(this)) : [];
      const fresh = found.filter((p) => !stopped.has(`${p.pid}:${p.startTicks}`));
      if (fresh.length === 0 && !groupAlive(pgid, snapshot)) break;
      for (const p of fresh) {
        stopped.set(`${p.pid}:${p.startTicks}`, p);
        named.push(describeProcess(p.pid));
      }
      await this.terminate(pgid, [...stopped.values()]);
    }
    if (named.length > 0) {
      try {
        appendFileSync(this.spec.logPath, `# squad stopped what the task left running outside its process group: ${named.join(', ')}\n`);
      } catch {
        /* the report still names them */
      }
    }
    return named;
  }

  /**
   * The processes that may be the task's, for the scan at its end: every process in /proc, or only the pids Linux
   * handed out since the leader's, when they are few and the task was short. Linux gives pids in rising order and
   * wraps only after pid_max of them; no machine starts a million processes a second, so a task shorter than
   * pid_max microseconds cannot have seen a wrap, and every process it started has a pid in that range. Same
   * answer, and the end of a short task reads a handful of files instead of all of /proc.
   */
  private candidates(): ProcEntry[] {
    const pids = pidsSince(this.pid!, lastPid(), pidMax(), Date.now() - this.spawnedAt);
    if (!pids) return scanProcesses();
    // Not read: the leader (gone: its exit was reaped, and its pid comes back only after a wrap) and the leaders
    // of the other tasks squad runs (each in its own group and session, never this task's).
    const leaders = new Set<number>();
    for (const g of liveGroups) if (g.pid !== null) leaders.add(g.pid);
    return readProcesses(pids.filter((pid) => !leaders.has(pid)));
  }

  /** SIGTERM (SIGKILL when forced) to the group and to each process, SIGKILL to what is left after the grace period. */
  private async terminate(pgid: number, procs: ProcEntry[]): Promise<void> {
    const running = () => groupAlive(pgid) || procs.some(processRunning);
    const first = this.forced ? 'SIGKILL' : 'SIGTERM';
    if (groupAlive(pgid)) signalGroup(pgid, first);
    for (const p of procs) signalProcess(p, first);
    const deadline = Date.now() + this.graceMs;
    while (running() && Date.now() < deadline && !this.forced) await new Promise((r) => setTimeout(r, 20));
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
    for (const p of procs) signalProcess(p, 'SIGKILL');
    // SIGKILL is delivered at once; the exit takes a moment. Wait for it (bounded), so the task ends with them.
    const killed = Date.now() + KILL_WAIT_MS;
    while (running() && Date.now() < killed) await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Processes in another running task's own group and session: that task's, never this one's (a process can only join a
 * group of its own session, and a task's processes that left its session made new ones), so their environment
 * need not be read for this task's marker.
 */
function otherTasks(self: GroupProcess): (p: ProcEntry) => boolean {
  const leaders = new Set<number>();
  for (const g of liveGroups) if (g !== self && g.pid !== null) leaders.add(g.pid);
  return (p) => leaders.has(p.pgrp) && p.session === p.pgrp;
}

/**
 * The pids handed out from the leader's to the newest, when every process a task started must be among them and
 * they are few (see candidates()); null when the whole of /proc must be read: a wrap (newest below the leader), too
 * many pids, a task too long to rule out a wrap, or no /proc figures.
 */
export function pidsSince(leader: number, last: number | null, max: number | null, elapsedMs: number): number[] | null {
  if (last === null || max === null || last < leader || last - leader >= PID_RANGE_MAX) return null;
  if (elapsedMs >= Math.min(max / 1000, PID_RANGE_MS)) return null;
  return Array.from({ length: last - leader + 1 }, (_, i) => leader + i);
}

/** A task ended sooner than this after its start may be scanned by its pid range (candidates()). */
const PID_RANGE_MS = 2000;
/** More pids handed out than this since the leader's, and reading them one by one is no cheaper than all of /proc. */
const PID_RANGE_MAX = 256;
/** How many times the task's end looks again for escaped processes started while it stopped the last ones. */
const REAP_ROUNDS = 3;
/** How long to wait for SIGKILLed processes to be gone. */
const KILL_WAIT_MS = 2000;

/**
 * The spec's environment with the task's marker. Without one, a marker inherited from an enclosing squad's task
 * stays: that squad finds this process by it; this one matches only by its own spec.marker.
 */
function markedEnv(spec: GroupSpec): NodeJS.ProcessEnv {
  return spec.marker ? { ...spec.env, [TASK_MARKER_VAR]: spec.marker } : spec.env;
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
  if (liveGroups.size === 0) return;
  const snapshot = process.platform === 'linux' ? scanProcesses() : [];
  for (const g of liveGroups) {
    if (g.pid !== null) signalGroup(g.pid, 'SIGKILL');
    for (const p of g.escapees(snapshot)) signalProcess(p, 'SIGKILL');
  }
}

/**
 * True when the group still has a running member. kill(-pgid, 0) also succeeds for zombies, which
 * an init that does not reap orphans (some containers) keeps forever; on Linux /proc tells them apart
 * (`snapshot`: a scan just taken, to read /proc once).
 */
export function groupAlive(pgid: number, snapshot?: readonly ProcEntry[]): boolean {
  if (!Number.isSafeInteger(pgid) || pgid < LOWEST_TASK_GROUP) return false;
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  const all = snapshot ?? scanProcesses();
  // No /proc to read (a Linux without it mounted): the signal probe is all there is.
  return all.length === 0 || all.some((m) => m.pgrp === pgid && m.state !== 'Z');
}
