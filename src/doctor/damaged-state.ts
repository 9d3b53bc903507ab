// Damaged coordination files (issue 13 item 4): a claim-log entry that is truncated, garbage, `{}` or of an unknown
// kind stops every command that reads that task; a damaged heartbeat or journal line is noise. Each is found here,
// and --fix keeps a copy under .squad/doctor/damaged/ before repairing:
// - a log entry becomes an empty file, which readers already count as a transition lost to a power cut (log.ts):
//   its number stays taken, the task stands as the entries before it say;
// - a heartbeat file is removed (the session's next command writes a new one; claims are judged from the logs);
// - the journal is rewritten without its unreadable lines (it is a record for people, not the truth).
import { copyFileSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { listDir, readTextIfExists } from '../state/missing-ok.js';
import { parseBeat } from '../state/heartbeats.js';
import { storePaths } from '../state/paths.js';
import { parseEvent } from '../state/events.js';
import { ENTRY_KINDS } from '../state/log.js';
import type { Finding } from './finding.js';

const ENTRY_NAME = /^\d{6,}\.json$/;
const KINDS: ReadonlySet<string> = new Set(ENTRY_KINDS);

/** Why `text` is not a claim-log entry, or null when it is one (an empty or all-zero file is a lost entry: fine). */
export function entryProblem(text: string): string | null {
  if (/^\0*$/.test(text)) return null;
  let e: unknown;
  try {
    e = JSON.parse(text);
  } catch {
    return 'not JSON (truncated or garbage)';
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'not a JSON object';
  const o = e as Record<string, unknown>;
  if (!KINDS.has(o.kind as string)) return `unknown kind ${JSON.stringify(o.kind ?? null)}`;
  if (typeof o.seq !== 'number' || typeof o.at !== 'string' || !o.by || typeof (o.by as { name?: unknown }).name !== 'string') return 'missing seq, at or by';
  return null;
}

/** Does `path` exist as something other than a folder (a file where squad keeps a folder)? */
function notAFolder(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function damagedStateFindings(repoRoot: string): Finding[] {
  const coordRoot = join(repoRoot, '.squad', 'coord');
  const keep = (file: string) => {
    const copy = join(repoRoot, '.squad', 'doctor', 'damaged', relative(coordRoot, file));
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(file, copy);
    return relative(repoRoot, copy);
  };
  const shown = (file: string) => relative(repoRoot, file);
  const out: Finding[] = [];
  // A file where a state folder belongs stops every command on that plan (or task): moved aside whole.
  const moveAside = (path: string, what: string): Finding => ({
    check: 'damaged-state',
    where: shown(path),
    problem: `a file stands where squad keeps ${what}`,
    action: 'move it under .squad/doctor/damaged/, so squad starts that folder afresh',
    fix: () => {
      const to = join(repoRoot, '.squad', 'doctor', 'damaged', relative(coordRoot, path));
      mkdirSync(dirname(to), { recursive: true });
      renameSync(path, to);
    },
  });
  for (const key of listDir(coordRoot)) {
    const paths = storePaths(repoRoot, key);
    if (notAFolder(paths.root)) {
      out.push(moveAside(paths.root, "a plan's coordination folder"));
      continue;
    }
    const folders: Array<[string, string]> = [[paths.tasks, 'the task logs'], [paths.sessions, 'the heartbeats'], [paths.claimOrder, 'the claim order']];
    for (const [dir, what] of folders) if (notAFolder(dir)) out.push(moveAside(dir, what));
    for (const t of listDirSafe(paths.tasks)) if (notAFolder(join(paths.tasks, t))) out.push(moveAside(join(paths.tasks, t), "a task's log"));
    const logDirs = [...listDirSafe(paths.tasks).map((t) => join(paths.tasks, t)), paths.claimOrder].filter((d) => !notAFolder(d));
    for (const dir of logDirs) {
      for (const name of listDir(dir)) {
        const file = join(dir, name);
        if (!ENTRY_NAME.test(name) || !isFile(file)) continue;
        const why = entryProblem(readFileSync(file, 'utf8'));
        if (!why) continue;
        out.push({
          check: 'damaged-state',
          where: shown(file),
          problem: `claim-log entry is ${why}; commands reading this task stop here`,
          action: 'keep a copy under .squad/doctor/damaged/ and empty the entry, so the task stands as its earlier entries say',
          fix: () => {
            keep(file);
            writeFileAtomic(file, '');
          },
        });
      }
    }
    for (const name of listDirSafe(paths.sessions)) {
      const file = join(paths.sessions, name);
      if (name.startsWith('.') || !name.endsWith('.json') || !isFile(file)) continue;
      if (parseBeat(readTextIfExists(file) ?? '')) continue;
      out.push({
        check: 'damaged-state',
        where: shown(file),
        problem: 'session heartbeat is unreadable (truncated or garbage)',
        action: "keep a copy under .squad/doctor/damaged/ and remove it (the session's next command writes a new one)",
        fix: () => {
          keep(file);
          rmSync(file, { force: true });
        },
      });
    }
    const journal = readTextIfExists(paths.events);
    if (journal !== null) {
      const lines = journal.slice(0, journal.lastIndexOf('\n') + 1).split('\n').filter((l) => l.length > 0);
      const bad = lines.filter((l) => parseEvent(l) === null);
      if (bad.length > 0) {
        out.push({
          check: 'damaged-state',
          where: shown(paths.events),
          problem: `${bad.length} journal line(s) are not JSON`,
          action: 'keep a copy under .squad/doctor/damaged/ and rewrite the journal without them',
          fix: () => {
            keep(paths.events);
            const now = readTextIfExists(paths.events) ?? '';
            writeFileAtomic(paths.events, now.split('\n').filter((l) => l.length > 0 && parseEvent(l) !== null).map((l) => `${l}\n`).join(''));
          },
        });
      }
    }
  }
  return out;
}

/** The names in a folder; none when it is missing or is not a folder (reported above). */
function listDirSafe(dir: string): string[] {
  return notAFolder(dir) ? [] : listDir(dir);
}
