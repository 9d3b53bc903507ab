// A task's processes that left its process group (setsid, a double fork, a daemon): one kill(-pgid) cannot
// reach them, and Node has no prctl(PR_SET_CHILD_SUBREAPER) without a native addon, so squad finds them in
// Linux's /proc. A process belongs to the task when it started after the task did and
//   - it is the task's leader, in its process group, or was seen as one of its processes while it ran
//     (the watchdog's tick scans /proc, so a child re-parented to init after its parent exited stays known);
//   - its parent is one of the task's processes;
//   - it is in a session the task or one of its processes created (the leader itself starts one: setsid);
//   - its environment carries the task's marker, SQUAD_TASK_RUN=<run>:<task>, which every process the task
//     starts inherits unless it clears it (read only at the end: it costs a file read per process).
// Every process is named by pid AND start time, so a pid reused by an unrelated process is never taken for
// one of the task's, and the processes are signalled one by one, never by a group squad did not start.
import { readCmdline, readEnviron, readProcStat, type ProcEntry } from './proc.js';

/** The variable that marks every process of a task (process-group.ts sets it from GroupSpec.marker). */
export const TASK_MARKER_VAR = 'SQUAD_TASK_RUN';

/** The marker's value for a task of a run. */
export function taskMarker(runId: string, taskId: string): string {
  return `${runId}:${taskId}`;
}

/** At most this many processes are remembered per task, so a fork bomb cannot grow squad without bound. */
const MAX_SEEN = 4096;

export interface Identity {
  pid: number;
  /** Start time in clock ticks since boot (/proc/<pid>/stat). */
  startTicks: number;
}

type EnvironOf = (pid: number) => string[] | null;

export class TaskTree {
  /** pid -> start ticks of every process seen as the task's while it ran. */
  private readonly seen = new Map<number, number>();
  /** Session id -> its leader's start ticks: sessions the task's processes created. */
  private readonly sessions = new Map<number, number>();

  constructor(
    readonly root: Identity,
    readonly marker: string | null,
    private readonly ownPid = process.pid,
  ) {
    // Spawned detached: the leader heads its own session and process group.
    this.sessions.set(root.pid, root.startTicks);
  }

  /** Remember the task's processes in this snapshot (cheap: no environment reads). */
  observe(snapshot: readonly ProcEntry[]): void {
    for (const p of this.match(snapshot, null)) {
      if (this.seen.size >= MAX_SEEN) break;
      this.seen.set(p.pid, p.startTicks);
      if (p.session === p.pid) this.sessions.set(p.pid, p.startTicks);
    }
  }

  /** The task's processes outside its process group (the group itself is killed whole), marker included. */
  escapees(snapshot: readonly ProcEntry[], environOf: EnvironOf = readEnviron, elsewhere: (p: ProcEntry) => boolean = () => false): ProcEntry[] {
    return this.match(snapshot, environOf, elsewhere).filter((p) => p.pgrp !== this.root.pid);
  }

  /**
   * Every process of the task in the snapshot; with `environOf`, also those carrying the marker, except processes
   * `elsewhere` says are known to be another task's (their environment is not read).
   */
  private match(snapshot: readonly ProcEntry[], environOf: EnvironOf | null, elsewhere: (p: ProcEntry) => boolean = () => false): ProcEntry[] {
    const live = new Map(snapshot.map((p) => [p.pid, p]));
    // A session (or the task's group) is still the one recorded unless a live leader with its id started at another time.
    const sessions = new Map(this.sessions);
    const stillOurs = (id: number, start: number | undefined) => start !== undefined && (live.get(id)?.startTicks ?? start) === start;
    const candidates = snapshot.filter(
      (p) => p.pid > 1 && p.pid !== this.ownPid && p.startTicks >= this.root.startTicks && p.state !== 'Z' && p.state !== 'X',
    );
    const ours = new Map<number, ProcEntry>();
    const take = (p: ProcEntry) => {
      ours.set(p.pid, p);
      if (p.session === p.pid && !sessions.has(p.pid)) sessions.set(p.pid, p.startTicks);
    };
    const entry = this.marker === null ? null : `${TASK_MARKER_VAR}=${this.marker}`;
    for (const p of candidates) {
      const known = (p.pid === this.root.pid && p.startTicks === this.root.startTicks) || this.seen.get(p.pid) === p.startTicks;
      const inGroup = p.pgrp === this.root.pid && stillOurs(this.root.pid, this.root.startTicks);
      if (known || inGroup || (entry !== null && environOf !== null && !elsewhere(p) && environOf(p.pid)?.includes(entry))) take(p);
    }
    // Children of the task's processes and members of its sessions, transitively (each round adds one at least).
    for (let grew = true, round = 0; grew && round <= candidates.length; round++) {
      grew = false;
      for (const p of candidates) {
        if (ours.has(p.pid)) continue;
        if (ours.has(p.ppid) || stillOurs(p.session, sessions.get(p.session))) {
          take(p);
          grew = true;
        }
      }
    }
    return [...ours.values()];
  }
}

/**
 * The processes in the snapshot whose environment carries one of the markers (value -> task id), for
 * --resume: what a crashed run's tasks left outside their groups. Never squad itself or pid 1 or below.
 */
export function markedProcesses(
  snapshot: readonly ProcEntry[],
  markers: ReadonlyMap<string, string>,
  ownPid = process.pid,
  environOf: EnvironOf = readEnviron,
): { id: string; proc: ProcEntry }[] {
  const out: { id: string; proc: ProcEntry }[] = [];
  if (markers.size === 0) return out;
  const prefix = `${TASK_MARKER_VAR}=`;
  for (const p of snapshot) {
    if (p.pid <= 1 || p.pid === ownPid || p.state === 'Z' || p.state === 'X') continue;
    const entry = environOf(p.pid)?.find((e) => e.startsWith(prefix));
    const id = entry === undefined ? undefined : markers.get(entry.slice(prefix.length));
    if (id !== undefined) out.push({ id, proc: p });
  }
  return out;
}

/** Is this exact process (pid and start time) still running? A zombie is not. */
export function processRunning(p: Identity): boolean {
  const stat = readProcStat(p.pid);
  return stat !== null && stat.startTicks === p.startTicks && stat.state !== 'Z' && stat.state !== 'X';
}

/** Signal one process, after checking it is still the one found (pid reuse), and never pid 1 or below. */
export function signalProcess(p: Identity, signal: NodeJS.Signals): void {
  if (p.pid <= 1 || !processRunning(p)) return;
  try {
    process.kill(p.pid, signal);
  } catch {
    /* already gone */
  }
}

/** `1234 sleep 1000`: how a stopped process is named in the log and the report. */
export function describeProcess(pid: number): string {
  const argv = readCmdline(pid).join(' ');
  return argv ? `${pid} ${argv.length > 80 ? `${argv.slice(0, 77)}...` : argv}` : String(pid);
}
