// Linux /proc, read in one place: a process's state, parent, group, session and start time, its command line
// and environment, and every process at once. Every reader returns null (or nothing) when the process is gone
// or there is no /proc (macOS, Windows).
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z (zombie: killed, not yet reaped), X, ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Session id: the pid of the process that called setsid(). */
  session: number;
  /** Start time in clock ticks since boot. */
  startTicks: number;
}

// /proc/<pid>/stat is one short line (a 16-byte name and some fifty numbers), as are /proc/loadavg and pid_max. Read
// into one buffer with open/read/close: a task's end reads them, hundreds of times a second.
const statBuffer = Buffer.allocUnsafe(4096);

/** A short /proc file (one line), read into the shared buffer; null when it cannot be read. */
function readShort(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    return statBuffer.toString('latin1', 0, readSync(fd, statBuffer, 0, statBuffer.length, 0));
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The fields squad uses from /proc/<pid>/stat. */
export function readProcStat(pid: number): ProcStat | null {
  const text = readShort(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'; fields after the last ')' are plain.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]), session: Number(rest[3]), startTicks: Number(rest[19]) };
}

/** argv from /proc/<pid>/cmdline; empty when it cannot be read (the process exited meanwhile). */
export function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

export interface ProcEntry extends ProcStat {
  pid: number;
}

/** Every process /proc shows, in one pass; empty without /proc. Processes that exit during the pass are left out. */
export function scanProcesses(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue; // only the numeric entries are processes
    const pid = Number(name);
    const stat = readProcStat(pid);
    if (stat) out.push({ pid, ...stat });
  }
  return out;
}

/** The processes among `pids` that exist now, as scanProcesses() shows them. */
export function readProcesses(pids: Iterable<number>): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const pid of pids) {
    const stat = readProcStat(pid);
    if (stat) out.push({ pid, ...stat });
  }
  return out;
}

/** The pid Linux gave the newest process of this pid namespace (the last field of /proc/loadavg); null without it. */
export function lastPid(): number | null {
  const n = Number(readShort('/proc/loadavg')?.trim().split(/\s+/)[4]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

let pidMaxValue: number | null | undefined;
/** The pid after which Linux wraps around (/proc/sys/kernel/pid_max); null without it. */
export function pidMax(): number | null {
  if (pidMaxValue !== undefined) return pidMaxValue;
  const n = Number(readShort('/proc/sys/kernel/pid_max')?.trim());
  pidMaxValue = Number.isSafeInteger(n) && n > 0 ? n : null;
  return pidMaxValue;
}

/** The environment a process was started with (NAME=value entries); null when it cannot be read (gone, or another user's). */
export function readEnviron(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return null;
  }
}

let bootMs: number | null | undefined;
function bootTimeMs(): number | null {
  if (bootMs !== undefined) return bootMs;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    bootMs = m ? Number(m[1]) * 1000 : null;
  } catch {
    bootMs = null;
  }
  return bootMs;
}

// Linux reports process start in clock ticks since boot; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/** Start time of a process as an ISO string; null when unknown (no /proc, or the process is gone). */
export function processStartedAt(pid: number): string | null {
  const stat = readProcStat(pid);
  return stat ? startTicksToIso(stat.startTicks) : null;
}

/** A start time in clock ticks since boot (/proc/<pid>/stat) as an ISO string; null when the boot time is unknown. */
export function startTicksToIso(startTicks: number): string | null {
  const boot = bootTimeMs();
  if (boot === null || !Number.isFinite(startTicks)) return null;
  return new Date(boot + (startTicks * 1000) / TICKS_PER_SECOND).toISOString();
}

/**
 * Does `pid` still have the start time recorded for it (so the pid was not reused by a later process)?
 * True when either side is unknown: then there is nothing to tell them apart by.
 */
export function startTimeMatches(pid: number, startedAt: string | null): boolean {
  if (startedAt === null) return true;
  const actual = processStartedAt(pid);
  return actual === null || actual === startedAt;
}
