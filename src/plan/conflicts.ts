// Which tasks may never run at the same time: the one rule `squad run`'s scheduler and the claim store (claim,
// start, next) both follow, so a run and people claiming by hand keep the same tasks apart. Pure.
//
// Each task holds a set of locks while it runs, and two tasks may run together exactly when they hold no lock in
// common. The locks of a task:
// - every path it creates or modifies (`./src//a.ts` and `src/a.ts` are one file), so two writers of a file never
//   overlap whatever the plan recorded;
// - one lock per exclusion it is in (two tasks the plan says must not overlap: a directory or glob writer and a
//   file below it, or a pair the compiler recorded), private to that pair, so it keeps nobody else apart;
// - the path of every mutex it is in (many writers of one hot file, recorded once instead of every pair).
import { posix } from 'node:path';
import type { Exclusion, Mutex, TaskFile } from './schema.js';

export interface ConflictTask {
  id: string;
  /** Paths the task creates or modifies. */
  writes: readonly string[];
}

export interface Lock {
  key: string;
  /** The file (or pattern) behind the lock, for messages. */
  path: string;
}

/** A task that may not run beside another, and the file they both write. */
export interface Partner {
  index: number;
  path: string;
}

/** `./src//a.ts` and `src/a.ts` are the same file; trailing slashes do not make a different directory. */
export function normalizePath(path: string): string {
  const norm = posix.normalize(path.replace(/\\/g, '/'));
  return norm.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

/** The paths a plan task writes (creates or modifies). */
export function writtenPaths(files: readonly TaskFile[]): string[] {
  return files.filter((f) => f.access !== 'read').map((f) => f.path);
}

export class Conflicts {
  readonly indexOf: ReadonlyMap<string, number>;
  /** locks[i]: what task i holds while it runs. */
  readonly locks: readonly Lock[][];
  /** Lock key -> the tasks holding it. */
  private readonly holders: ReadonlyMap<string, number[]>;

  /** Exclusions and mutexes naming tasks not in `tasks` are ignored (a run of one group sees only its tasks). */
  constructor(tasks: readonly ConflictTask[], exclusions: readonly Exclusion[] = [], mutexes: readonly Mutex[] = []) {
    const indexOf = new Map<string, number>();
    tasks.forEach((t, i) => {
      if (indexOf.has(t.id)) throw new Error(`duplicate task id ${t.id}`);
      indexOf.set(t.id, i);
    });
    this.indexOf = indexOf;
    const locks = tasks.map(() => new Map<string, Lock>());
    const hold = (i: number, key: string, path: string) => {
      if (!locks[i]!.has(key)) locks[i]!.set(key, { key, path });
    };
    tasks.forEach((t, i) => {
      for (const p of t.writes) {
        const path = normalizePath(p);
        hold(i, `write:${path}`, path);
      }
    });
    for (const m of mutexes) {
      const path = normalizePath(m.path);
      for (const id of m.tasks) if (indexOf.has(id)) hold(indexOf.get(id)!, `write:${path}`, path);
    }
    for (const e of exclusions) {
      const [a, b] = [indexOf.get(e.tasks[0]), indexOf.get(e.tasks[1])];
      if (a === undefined || b === undefined || a === b) continue;
      const key = `pair:${Math.min(a, b)}:${Math.max(a, b)}:${e.path}`;
      hold(a, key, e.path);
      hold(b, key, e.path);
    }
    this.locks = locks.map((m) => [...m.values()]);
    this.holders = holdersByKey(this.locks, this.locks.keys());
  }

  /** The tasks that may never run beside task i, each with the first file they share, in plan order. */
  partners(i: number): Partner[] {
    return this.collect(i, (key) => this.holders.get(key)!);
  }

  /**
   * partners(i) among the `active` tasks only (say, the ones held now), for every i: found through the active
   * tasks' locks, so asking it of every task costs their locks, not every pair of writers of a hot file.
   */
  partnersAmong(active: Iterable<number>): (i: number) => Partner[] {
    const byKey = holdersByKey(this.locks, active);
    return (i) => this.collect(i, (key) => byKey.get(key) ?? []);
  }

  private collect(i: number, holdersOf: (key: string) => readonly number[]): Partner[] {
    const found = new Map<number, string>();
    for (const l of this.locks[i]!) {
      for (const j of holdersOf(l.key)) if (j !== i && !found.has(j)) found.set(j, l.path);
    }
    return [...found].sort((x, y) => x[0] - y[0]).map(([index, path]) => ({ index, path }));
  }
}

function holdersByKey(locks: readonly Lock[][], tasks: Iterable<number>): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const j of tasks) {
    for (const l of locks[j]!) {
      const list = byKey.get(l.key);
      if (list) list.push(j);
      else byKey.set(l.key, [j]);
    }
  }
  return byKey;
}
