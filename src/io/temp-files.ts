// Temp files of squad's writes: `.<name>.<pid>.<8 hex>.tmp` beside the file they become (an atomic write's
// `.state.json.4242.0a1b2c3d.tmp`, a store entry's `.7.4242.0a1b2c3d.tmp`). A writer removes its own when a
// write fails; one killed mid-write (kill -9, a power cut) cannot, so the next write of the same file removes
// what such a writer left. Readers never take a temp file for data: they go by exact names.
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** Younger than this, a temp file may be a write in progress on another host sharing the disk: left alone. */
const SETTLE_MS = 10_000;
/** Older than this, a temp file is stale whoever made it (its pid may have been reused since). */
const ABANDONED_MS = 3_600_000;

// One random start per process, then a counter: names never repeat within a process (the pid tells processes
// apart on one host, the random start hosts sharing a disk), without asking the kernel for randomness per write.
let tempCounter = randomBytes(4).readUInt32BE(0);

/** The temp file name for a write of `name` by this process. */
export function tempName(name: string): string {
  tempCounter = (tempCounter + 1) >>> 0;
  return `.${name}.${process.pid}.${tempCounter.toString(16).padStart(8, '0')}.tmp`;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file a temp file name is a write of (`.state.json.4242.0a1b2c3d.tmp` -> `state.json`), or null for other names. */
export function tempTarget(name: string): string | null {
  return TEMP.exec(name)?.[1] ?? null;
}

/**
 * Is the temp file `dir/n` left by a writer that is gone (no such process, and older than a few seconds), or older
 * than an hour whoever made it? False for names that are not temp files, and for files already gone.
 */
export function isStaleTemp(dir: string, n: string, nowMs = Date.now()): boolean {
  const m = TEMP.exec(n);
  if (!m) return false;
  try {
    const age = nowMs - lstatSync(join(dir, n)).mtimeMs;
    return age > ABANDONED_MS || (age > SETTLE_MS && !running(Number(m[2])));
  } catch {
    return false;
  }
}

/**
 * Remove the temp files of `name` in `dir` whose writer is gone (isStaleTemp). Returns the names removed. Best
 * effort: a file another process removes first, or a folder that cannot be read, is no error.
 */
export function removeStaleTemps(dir: string, name: string, nowMs = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (tempTarget(n) !== name || !isStaleTemp(dir, n, nowMs)) continue;
    try {
      unlinkSync(join(dir, n));
      removed.push(n);
    } catch {
      /* gone already */
    }
  }
  return removed;
}
