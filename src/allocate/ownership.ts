// Who may write what. Every written path has one owner; a path written by tasks of different agents, a red-zone
// path (manifests, lockfiles, migrations, CI config) or one the document calls sequential is SEQUENTIAL, taken in
// DAG order; paths only read are READ-ONLY. Two writers the DAG would let run together become an exclusion the
// runner enforces. Directories go to one agent when no other agent writes below them.
import { byCodePoint } from './compare.js';
import type { Exclusion, Mutex, Ownership } from '../plan/schema.js';

/** Above this many writers of one path, the plan records one mutex instead of every unordered pair. */
export const MAX_PAIRWISE_WRITERS = 30;

export interface OwnTask {
  id: string;
  lane: string;
  files: { path: string; access: 'create' | 'modify' | 'read' }[];
}

export interface OwnershipInput {
  /** In topological order. */
  tasks: OwnTask[];
  position: Map<string, number>;
  /** Does `a` wait (transitively) for `b`? */
  waitsFor: (a: string, b: string) => boolean;
  readOnly: Set<string>;
  sequential: Set<string>;
  redZones: string[];
}

export interface OwnershipResult {
  ownership: Ownership[];
  exclusions: Exclusion[];
  mutexes: Mutex[];
  /** lane -> directories it owns exclusively */
  dirs: Map<string, string[]>;
  conflicts: { path: string; a: string; b: string }[];
}

const DEFAULT_RED_ZONES = [
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml',
  'bun.lockb', 'bun.lock', 'Cargo.lock', 'Cargo.toml', 'go.mod', 'go.sum', 'poetry.lock', 'Pipfile', 'Pipfile.lock',
  'pyproject.toml', 'uv.lock', 'requirements*.txt', 'Gemfile', 'Gemfile.lock', 'composer.json', 'composer.lock',
  '**/migrations/**', '**/migration/**', '**/alembic/versions/**', '.github/workflows/**', '.gitlab-ci.yml',
  '.circleci/**', 'Jenkinsfile', 'azure-pipelines.yml', '.travis.yml', 'bitbucket-pipelines.yml',
];

const compiled = new Map<string, RegExp>();

/** Minimal glob: `**` any depth, `*` within a segment; a pattern without `/` matches the file name anywhere. */
export function globMatch(pattern: string, path: string): boolean {
  const target = pattern.includes('/') ? path : path.split('/').pop()!;
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = globRegExp(pattern)));
  return re.test(target);
}

function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

let redZoneCache: { extra: string[]; byName: RegExp[]; byPath: RegExp[] } | null = null;

/** One pass per path: name patterns are tested on the file name (split once), path patterns on the path. */
export function isRedZone(path: string, extra: string[]): boolean {
  if (!redZoneCache || redZoneCache.extra !== extra) {
    const all = [...DEFAULT_RED_ZONES, ...extra];
    redZoneCache = { extra, byName: all.filter((p) => !p.includes('/')).map(globRegExp), byPath: all.filter((p) => p.includes('/')).map(globRegExp) };
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  return redZoneCache.byName.some((re) => re.test(name)) || redZoneCache.byPath.some((re) => re.test(path));
}

export function computeOwnership(input: OwnershipInput): OwnershipResult {
  const writers = new Map<string, { task: string; lane: string }[]>();
  const readers = new Map<string, string[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const t of input.tasks) {
    for (const f of t.files) {
      if (f.access === 'read') add(readers, f.path, t.id);
      else add(writers, f.path, { task: t.id, lane: t.lane });
    }
  }
  const ownership: Ownership[] = [];
  const exclusions: Exclusion[] = [];
  const mutexes: Mutex[] = [];
  const conflicts: OwnershipResult['conflicts'] = [];
  const paths = [...new Set([...writers.keys(), ...readers.keys(), ...input.readOnly, ...input.sequential])].sort();
  const sequentialPaths = new Set<string>();
  for (const path of paths) {
    const w = writers.get(path) ?? [];
    const r = [...new Set(readers.get(path) ?? [])];
    const lanes = [...new Set(w.map((x) => x.lane))];
    const order = w.map((x) => x.task);
    let mode: Ownership['mode'];
    let reason: string;
    if (w.length === 0) {
      mode = 'read-only';
      reason = input.readOnly.has(path) ? 'declared read-only by the document' : 'read, never written';
    } else if (lanes.length > 1) {
      mode = 'sequential';
      reason = `written by ${lanes.length} agents (${lanes.join(', ')}): one at a time, in DAG order`;
    } else if (input.sequential.has(path)) {
      mode = 'sequential';
      reason = 'the document asks for sequential access';
    } else if (isRedZone(path, input.redZones)) {
      mode = 'sequential';
      reason = 'red zone (manifests, lockfiles, migrations, CI config): one writer at a time';
    } else {
      mode = 'exclusive';
      reason = w.length > 1 ? `written by ${w.length} tasks of one agent, in DAG order` : 'one writer';
    }
    if (mode === 'sequential') sequentialPaths.add(path);
    ownership.push({ path, mode, owner: lanes[0] ?? null, order, readers: r, reason });
    // A hot file (many writers) gets one mutual-exclusion set instead of every pair: the pairs grow with the
    // square of the writers, and so would the reachability checks.
    if (order.length > MAX_PAIRWISE_WRITERS) {
      mutexes.push({ path, tasks: [...order] });
      continue;
    }
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const a = order[i]!;
        const b = order[j]!;
        if (a === b || input.waitsFor(a, b) || input.waitsFor(b, a)) continue;
        exclusions.push({ path, tasks: [a, b] });
        conflicts.push({ path, a, b });
      }
    }
  }
  // A directory or glob writer (`src/components/`, `lib/**/*.ts`) overlaps every written path below or matching it.
  for (const [pattern, pw] of writers) {
    const isDir = pattern.endsWith('/');
    if (!isDir && !/[*?]/.test(pattern)) continue;
    for (const [path, fw] of writers) {
      if (path === pattern || !(isDir ? path.startsWith(pattern) : globMatch(pattern, path))) continue;
      for (const a of pw) {
        for (const b of fw) {
          if (a.task === b.task || input.waitsFor(a.task, b.task) || input.waitsFor(b.task, a.task)) continue;
          const [x, y] = input.position.get(a.task)! <= input.position.get(b.task)! ? [a.task, b.task] : [b.task, a.task];
          if (exclusions.some((e) => e.tasks[0] === x && e.tasks[1] === y)) continue;
          exclusions.push({ path: pattern, tasks: [x, y] });
          conflicts.push({ path: `${pattern} (and ${path})`, a: x, b: y });
        }
      }
    }
  }
  return { ownership, exclusions, mutexes, dirs: ownedDirs(writers, sequentialPaths), conflicts };
}

/** Top-most directories below which only one lane writes (sequential paths don't count: nobody owns those). */
function ownedDirs(writers: Map<string, { lane: string }[]>, sequential: Set<string>): Map<string, string[]> {
  const lanesBelow = new Map<string, Set<string>>();
  for (const [path, w] of writers) {
    if (sequential.has(path)) continue;
    const parts = path.replace(/\/$/, '').split('/');
    const isDir = path.endsWith('/');
    for (let n = 1; n <= parts.length - (isDir ? 0 : 1); n++) {
      const dir = parts.slice(0, n).join('/') + '/';
      const set = lanesBelow.get(dir) ?? new Set();
      for (const x of w) set.add(x.lane);
      lanesBelow.set(dir, set);
    }
  }
  // Sequential paths still block a directory from being owned by one lane when another lane writes them.
  for (const path of sequential) {
    const parts = path.split('/');
    for (let n = 1; n < parts.length; n++) {
      const dir = parts.slice(0, n).join('/') + '/';
      const set = lanesBelow.get(dir);
      if (set) for (const x of writers.get(path) ?? []) set.add(x.lane);
    }
  }
  const out = new Map<string, string[]>();
  for (const [dir, set] of [...lanesBelow].sort((a, b) => byCodePoint(a[0], b[0]))) {
    if (set.size !== 1 || /[*?{]/.test(dir)) continue;
    const lane = [...set][0]!;
    const parent = dir.replace(/[^/]+\/$/, '');
    if (parent && lanesBelow.get(parent)?.size === 1 && lanesBelow.get(parent)!.has(lane)) continue;
    out.set(lane, [...(out.get(lane) ?? []), dir]);
  }
  return out;
}
