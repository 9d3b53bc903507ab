// Temp files of atomic writes whose writer was killed mid-write (src/io/temp-files.ts): in .squad/ (run records,
// the claim store, heartbeats), beside plan.json, and beside the source document (tracker write-back). The next
// write of the same file sweeps them; a file never written again keeps them. --fix removes them.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isStaleTemp, tempTarget } from '../io/temp-files.js';
import type { Finding } from './finding.js';

/** Folders under .squad/ that are not squad's state: git worktrees (whole checkouts) and doctor's own copies. */
const SKIP = new Set(['worktrees', 'doctor']);

function walk(dir: string, depth: number, visit: (dir: string, name: string) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    visit(dir, name);
    if (depth === 0 && SKIP.has(name)) continue;
    let isDir = false;
    try {
      isDir = lstatSync(join(dir, name)).isDirectory();
    } catch {
      /* gone meanwhile */
    }
    if (isDir && depth < 6) walk(join(dir, name), depth + 1, visit);
  }
}

export function tempFileFindings(repoRoot: string, besides: readonly string[], nowMs = Date.now()): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, name: string) => {
    const file = join(dir, name);
    if (seen.has(file) || tempTarget(name) === null || !isStaleTemp(dir, name, nowMs)) return;
    seen.add(file);
    out.push({
      check: 'temp-files',
      where: relative(repoRoot, file),
      problem: `temp file of an interrupted write of ${tempTarget(name)}`,
      action: 'remove it',
      fix: () => rmSync(file, { force: true }),
    });
  };
  walk(join(repoRoot, '.squad'), 0, visit);
  for (const dir of besides) for (const name of safeList(dir)) visit(dir, name);
  return out;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
