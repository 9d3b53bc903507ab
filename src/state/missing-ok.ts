// Reading state that may not exist yet: a missing file or folder is "nothing written so far", not an error.
import { readdirSync, readFileSync } from 'node:fs';

function orIfMissing<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw err;
  }
}

export function listDir(dir: string): string[] {
  return orIfMissing(() => readdirSync(dir), []);
}

export function readTextIfExists(file: string): string | null {
  return orIfMissing<string | null>(() => readFileSync(file, 'utf8'), null);
}
