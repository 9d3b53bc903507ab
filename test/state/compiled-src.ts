// Child processes in these tests run plain `node` (no TS loader is installed), so the parts of src/ they need
// are transpiled once per test file into a temp folder, with node_modules linked for zod and yaml.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Only what the store, the commands and the CLI entry load (src/graph: the b-levels of priority.ts; src/process: the
// pid checks of sessions); other folders may be mid-edit by other engineers.
const DIRS = ['src/state', 'src/io', 'src/plan', 'src/config', 'src/commands', 'src/graph', 'src/process'];
const FILES = ['src/cli.ts'];

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(full);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield full;
  }
}

/** Transpile to `<tmp>/src/...js`; returns the temp root and a cleanup. Extra files (workers) go in `extra`. */
export function compileSrc(extra: Record<string, string> = {}): { root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'squad-js-'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  const sources = [...DIRS.flatMap((d) => [...tsFiles(join(repo, d))]), ...FILES.map((f) => join(repo, f))];
  for (const file of sources) {
    const out = join(root, relative(repo, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    writeFileSync(out, outputText);
  }
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, name), text);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
