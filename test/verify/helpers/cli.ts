// `squad` as a real process: src/ transpiled once into a temp folder (no TS loader is installed, and dist/ is
// shared with everyone's builds), node_modules linked. For what only a process shows: the one-line error and
// exit code from cli.ts, and signals.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(full);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield full;
  }
}

/** Transpile src/ into `<tmp>/src`; returns the path of cli.js and a cleanup. */
export function buildCli(): { cli: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'squad-cli-'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  for (const file of tsFiles(join(repo, 'src'))) {
    const out = join(root, relative(repo, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    writeFileSync(out, outputText);
  }
  return { cli: join(root, 'src', 'cli.js'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
