// Linux /proc, read in one place: a process's state, parent, group and start time, and its command line.
// Every reader returns null (or nothing) when the process is gone or there is no /proc (macOS, Windows).
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z (zombie: killed, not yet reaped), X, ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** Start time in clock ticks since boot. */
  startTicks: number;
}

/** The fields squad uses from /proc/<pid>/stat. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'; fields after the last ')' are plain.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]), startTicks: Number(rest[19]) };
}

/** argv from /proc/<pid>/cmdline; empty when it cannot be read (the process exited meanwhile). */
export function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
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
  const boot = bootTimeMs();
  if (!stat || boot === null || !Number.isFinite(stat.startTicks)) return null;
  return new Date(boot + (stat.startTicks * 1000) / TICKS_PER_SECOND).toISOString();
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
