// The last lines of a log, read from its end so a huge log costs no more than a small one.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

export function logTail(path: string, lines = 20, maxBytes = 16384): string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const text = buf.toString('utf8').replace(/\r/g, '');
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    if (len < size) all.shift(); // the first line is probably cut
    return all.slice(-lines);
  } finally {
    closeSync(fd);
  }
}

/** The log's size now (0 when there is none yet): where the next attempt's output will begin. */
export function logSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What was written to the log from byte `offset` on (one attempt's output), or '' when there is no log. */
export function logSince(path: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const len = Math.max(0, fstatSync(fd).size - offset);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
