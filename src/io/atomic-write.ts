// Every state and output file goes through here: temp file in the same directory, fsync, rename.
// A crash at any moment leaves either the old file or the new one, never half of one; a write that fails
// (a full disk at write, fsync or rename) removes its temp file, and the first write of a file by a process
// removes what killed writers left of it (src/io/temp-files.ts).
// The write must land inside the repository by real path, and a symlink inside it is written through (the rename
// replaces the file it points to, not the link): src/io/safe-path.ts.
import * as fs from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { writeTarget } from './safe-path.js';
import { removeStaleTemps, tempName } from './temp-files.js';

/** The file operations a write makes: tests inject failures (a full disk) through this. */
export type WriteOps = Pick<typeof fs, 'mkdirSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync'>;

/** Files whose leftover temp files this process has cleared: once each is enough. */
const swept = new Set<string>();

export function writeFileAtomic(path: string, data: string | Uint8Array, ops: WriteOps = fs): void {
  const target = writeTarget(path);
  const dir = dirname(target);
  ops.mkdirSync(dir, { recursive: true });
  const tmp = join(dir, tempName(basename(target)));
  const fd = ops.openSync(tmp, 'wx', 0o644);
  let open = true;
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += ops.writeSync(fd, buf, off, buf.length - off);
    ops.fsyncSync(fd);
    open = false;
    ops.closeSync(fd);
    ops.renameSync(tmp, target);
  } catch (err) {
    if (open) try { ops.closeSync(fd); } catch { /* the write's error is the one to report */ }
    try { ops.unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
  // Make the rename itself durable.
  try {
    const dfd = ops.openSync(dir, 'r');
    try { ops.fsyncSync(dfd); } finally { ops.closeSync(dfd); }
  } catch { /* some filesystems refuse fsync on directories */ }
  if (!swept.has(target)) {
    swept.add(target);
    removeStaleTemps(dir, basename(target));
  }
}
