// The house rules of src/, checked on the real import graph: each folder is on a floor, and a file imports only from
// its own floor or below. The compiler's floors do no I/O (only src/plan/load.ts reads a file, the one plan loader);
// the store never reaches the CLI; the process floor knows nothing of runs. A new import that breaks a rule fails
// here with the file and the import, so the layout README's architecture section shows stays true.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

// Lowest first. A folder may import its own floor and every floor below it.
const FLOORS: string[][] = [
  ['io'],
  ['parse'],
  // The plan's types (plan/schema.ts) are the contract every floor speaks; the reader, the graph and the plan's own
  // checks share this floor.
  ['model', 'config', 'plan', 'graph'],
  ['schedule'],
  ['allocate', 'compile', 'emit'],
  ['process', 'state', 'trackers'],
  ['close'],
  ['run', 'distributed', 'doctor', 'metrics', 'serve'],
  ['commands', 'cli'],
];
const COMPILER = ['parse', 'model', 'graph', 'plan', 'schedule', 'allocate', 'compile', 'emit'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|worker_threads)$|^(execa|ioredis|bullmq)$/;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* files(full);
    else if (e.name.endsWith('.ts')) yield full;
  }
}

/** `model` for src/model/x.ts, `compile` for src/compile.ts. */
const folderOf = (file: string): string => relative(SRC, file).split(sep)[0]!.replace(/\.ts$/, '');
const floorOf = (folder: string): number => FLOORS.findIndex((f) => f.includes(folder));

const imports = [...files(SRC)].flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    const target = spec.startsWith('.') ? folderOf(resolve(dirname(file), spec)) : null;
    return { file: relative(SRC, file), from: folderOf(file), spec, target };
  });
});

describe('src/ layering', () => {
  it('reads a real import graph', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => i.from === 'run' && i.target === 'schedule')).toBe(true);
  });

  it('every folder of src/ is on a floor', () => {
    const folders = [...new Set(imports.map((i) => i.from))];
    expect(folders.filter((f) => floorOf(f) < 0)).toEqual([]);
  });

  it('no file imports from a floor above its own', () => {
    const up = imports.filter((i) => i.target !== null && floorOf(i.target) > floorOf(i.from)).map((i) => `${i.file} imports ${i.spec}`);
    expect(up).toEqual([]);
  });

  it('the compiler does no I/O: only the one plan loader reads a file', () => {
    const io = imports.filter((i) => COMPILER.includes(i.from) && IO_MODULES.test(i.spec) && i.file !== join('plan', 'load.ts')).map((i) => `${i.file} imports ${i.spec}`);
    expect(io).toEqual([]);
  });

  it('the store never imports the CLI, and the process floor imports nothing of squad but io', () => {
    expect(imports.filter((i) => i.from === 'state' && (i.target === 'commands' || i.target === 'cli')).map((i) => i.file)).toEqual([]);
    expect(imports.filter((i) => i.from === 'process' && i.target !== null && !['process', 'io'].includes(i.target)).map((i) => `${i.file} imports ${i.spec}`)).toEqual([]);
  });
});
