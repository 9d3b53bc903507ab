// The last lines of a log, read from its end so a huge log costs no more than a small one.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

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
