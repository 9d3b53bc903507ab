// Every write squad makes stays inside the repository it runs in, by real path, not by path text: with
// `docs -> /elsewhere/docs`, the text `docs/tasks.md` is inside while the file is not. A path whose text is inside
// the repository but whose real location (after every symlink of its parents and of the file itself) is outside
// is refused with one line. A symlink inside the repository pointing inside it is written through (the link stays a
// link); a link is never replaced by a file. A path whose text is outside (an explicit `--out /tmp/plans`) is the
// user's own choice and is left alone.
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from './errors.js';

let root: { text: string; real: string } | null = null;

/** The repository root writes are checked against (the CLI sets it to the working directory). */
export function setWriteRoot(dir: string | null): void {
  root = dir === null ? null : { text: resolve(dir), real: realpathSync(resolve(dir)) };
}

function inside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real location of `path`, following every symlink that exists along it (the rest is appended as text). */
function realLocation(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing) && !isLink(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(basename(existing));
    existing = parent;
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    // A dangling link: where it points, resolved from its directory.
    real = resolve(dirname(existing), lstatSync(existing).isSymbolicLink() ? readlinkSync(existing) : basename(existing));
  }
  return rest.length ? join(real, ...rest) : real;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Where a write to `path` really goes: the path itself, or the target of a symlink at it (written through, so the
 * link survives). Throws a UserError naming the path when that place is outside the repository.
 */
export function writeTarget(path: string): string {
  const abs = resolve(path);
  if (!root || !inside(root.text, abs)) return abs;
  const real = realLocation(abs);
  if (!inside(root.real, real)) {
    throw new UserError(`${relative(root.text, abs) || abs} resolves outside the repository (to ${real}) through a symbolic link; squad writes only inside ${root.text}: replace the link with a directory or file of the repository`);
  }
  return isLink(abs) ? real : abs;
}

/** The same check for a directory squad is about to create files in. */
export function checkWriteDir(dir: string): void {
  writeTarget(join(dir, '.'));
}
