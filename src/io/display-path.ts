// How a path is shown to the user: relative to the repository root when it lies inside it, else as given.
import { isAbsolute, relative } from 'node:path';

export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
