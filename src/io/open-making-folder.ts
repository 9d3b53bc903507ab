// Opening a file whose folder may not exist yet: try the open first and make the folder only when the open says it
// is missing, so the common case (the folder is there) costs one system call, not a mkdir and an open.
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Open `path` with `flags`, making its folder when it is missing; `created` is the first folder made (for fsyncs). */
export function openMakingFolder(path: string, flags: string, mode = 0o644): { fd: number; created: string | undefined } {
  try {
    return { fd: openSync(path, flags, mode), created: undefined };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const created = mkdirSync(dirname(path), { recursive: true });
  return { fd: openSync(path, flags, mode), created };
}
