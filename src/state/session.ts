// Who is acting: a session is a name plus the pid, host and start time of the process that lives as long as the
// session (the terminal's shell, the agent process, or `squad run` itself), so a recycled pid is never mistaken
// for the old holder.
import { hostname, userInfo } from 'node:os';
import { processStartedAt, readCmdline, readProcStat, startTimeMatches } from '../process/proc.js';

export type Session = { name: string; pid: number; host: string; startedAt: string };

/** Same session: all four parts equal. A name alone is not an identity. */
export function sameSession(a: Session, b: Session): boolean {
  return a.name === b.name && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

/** `name (pid 123 on host)` for messages. */
export function describeSession(s: Session): string {
  return `${s.name} (pid ${s.pid} on ${s.host})`;
}

/** A file-name-safe key that is unique per session. */
export function sessionKey(s: Session): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${safe(s.name)}.${safe(s.host)}.${s.pid}.${Date.parse(s.startedAt) || 0}`;
}

// Our own start time, read once: a store asks about its own session on every transition, and the answer
// cannot change while we run.
let ownStart: string | null | undefined;

/** Is this process (pid AND start time, so a reused pid does not count) still running on this host? */
export function isProcessAlive(pid: number, startedAt: string): boolean {
  if (pid === process.pid) {
    // We are running; the pid is ours unless the start time names an earlier process that had it.
    if (ownStart === undefined) ownStart = processStartedAt(pid);
    return ownStart === null || startedAt.startsWith('unknown') || startedAt === ownStart;
  }
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcStat(pid);
  if (!stat) return true; // no /proc: the signal probe is all we have
  if (stat.state === 'Z' || stat.state === 'X') return false; // killed, not yet reaped
  // Recorded without /proc (`unknown-<pid>`): the signal probe is all we can compare.
  if (startedAt.startsWith('unknown')) return true;
  return startTimeMatches(pid, startedAt);
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'fish', 'ash', 'busybox']);

/**
 * Is this ancestor a short-lived wrapper that dies with the squad command (`bash -c "squad claim ..."`,
 * `npx squad`, `npm exec`)? Those are skipped, so the session is the long-lived process above them. Pure.
 */
export function isTransientWrapper(argv: readonly string[]): boolean {
  const exe = (argv[0] ?? '').split('/').pop()!.replace(/^-/, '');
  if (SHELLS.has(exe)) return argv.slice(1).some((a) => a === '-c' || (/^-[a-z]*c[a-z]*$/.test(a) && !a.startsWith('--')));
  if (exe === 'npx' || exe === 'npm' || exe === 'pnpm' || exe === 'yarn' || exe === 'env' || exe === 'timeout') return true;
  if (exe === 'node' || exe.startsWith('node')) {
    return argv.slice(1).some((a) => /(^|\/)(npx-cli|npm-cli|npx|npm|pnpm\.c?js|yarn\.c?js)(\.js)?$/.test(a));
  }
  return false;
}

/** The nearest ancestor (starting at our parent) that is not a transient wrapper. */
function sessionPid(): number {
  let pid = process.ppid;
  for (let depth = 0; depth < 8; depth++) {
    const stat = readProcStat(pid);
    if (!stat || !isTransientWrapper(readCmdline(pid)) || stat.ppid <= 1) return pid;
    pid = stat.ppid;
  }
  return pid;
}

/**
 * This process's session. Name: `name`, else $SQUAD_SESSION, else `<user>-<pid>`. Pid: `opts.pid`, else
 * $SQUAD_SESSION_PID, else the nearest long-lived ancestor (see isTransientWrapper). `squad run` passes
 * `{ pid: process.pid }`; it may export SQUAD_SESSION and SQUAD_SESSION_PID to its agents so they act as the run.
 */
export function currentSession(name?: string, opts: { pid?: number; env?: NodeJS.ProcessEnv } = {}): Session {
  const env = opts.env ?? process.env;
  const envPid = Number(env.SQUAD_SESSION_PID);
  const pid = opts.pid ?? (Number.isInteger(envPid) && envPid > 0 ? envPid : sessionPid());
  let user = 'user';
  try {
    user = userInfo().username || user;
  } catch {
    /* no passwd entry (some containers) */
  }
  const chosen = name ?? (env.SQUAD_SESSION || `${user}-${pid}`);
  return { name: chosen, pid, host: hostname(), startedAt: processStartedAt(pid) ?? `unknown-${pid}` };
}
