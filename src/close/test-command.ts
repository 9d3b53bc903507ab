// Which command tests this repository, and whether its output means "no tests were found".
// Used by the test-and-close phase of `squad run`, and by `squad verify`. Pure apart from reading files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../config/schema.js';

export type TestSource = 'config' | 'package.json' | 'pytest' | 'cargo' | 'go';

export interface TestCommand {
  argv: string[];
  source: TestSource;
  /** How to say it: `npm test (from package.json "test" script)`. */
  display: string;
}

/** argv for a config command: an array runs as is; a string is the user's shell line. */
export function commandArgv(spec: CommandSpec): string[] {
  return typeof spec === 'string' ? ['sh', '-c', spec] : [...spec];
}

export function displayCommand(spec: CommandSpec): string {
  return typeof spec === 'string' ? spec : spec.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

// What `npm init` writes: a test script that only fails.
const NPM_PLACEHOLDER = /no test specified/i;

/** The configured command, else the one the repository implies; null when there is none. */
export function detectTestCommand(repoRoot: string, configured?: CommandSpec): TestCommand | null {
  if (configured) return { argv: commandArgv(configured), source: 'config', display: `${displayCommand(configured)} (from squad.config.yaml)` };
  const pkg = readJson(join(repoRoot, 'package.json'));
  const script = pkg && typeof pkg === 'object' ? (pkg as { scripts?: Record<string, unknown> }).scripts?.test : undefined;
  if (typeof script === 'string' && script.trim() !== '' && !NPM_PLACEHOLDER.test(script)) {
    const pm = existsSync(join(repoRoot, 'pnpm-lock.yaml')) ? 'pnpm' : existsSync(join(repoRoot, 'yarn.lock')) ? 'yarn' : 'npm';
    return { argv: [pm, 'test'], source: 'package.json', display: `${pm} test (from package.json "test" script)` };
  }
  if (usesPytest(repoRoot)) return { argv: ['pytest'], source: 'pytest', display: 'pytest (pytest configuration found)' };
  if (existsSync(join(repoRoot, 'Cargo.toml'))) return { argv: ['cargo', 'test'], source: 'cargo', display: 'cargo test (Cargo.toml found)' };
  if (existsSync(join(repoRoot, 'go.mod'))) return { argv: ['go', 'test', './...'], source: 'go', display: 'go test ./... (go.mod found)' };
  return null;
}

function usesPytest(root: string): boolean {
  if (existsSync(join(root, 'pytest.ini')) || existsSync(join(root, 'conftest.py'))) return true;
  const mentions = (file: string, pattern: RegExp) => {
    try {
      return pattern.test(readFileSync(join(root, file), 'utf8'));
    } catch {
      return false;
    }
  };
  return mentions('pyproject.toml', /\[tool\.pytest/) || mentions('setup.cfg', /\[tool:pytest\]/) || mentions('tox.ini', /\[pytest\]/);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export type TestVerdict = 'pass' | 'fail' | 'no-tests';

// Phrases test runners print when they ran nothing: jest, vitest, mocha, pytest, unittest, go, cargo, node --test.
const NO_TESTS = [
  /no tests? (files? )?(were )?(found|collected|ran|to run)/i,
  /\[no test files\]/,
  /\bno test files\b/i,
  /^running 0 tests$/m,
  /^# tests 0$/m,
  /\bRan 0 tests?\b/,
  /\bcollected 0 items\b/,
];
// Evidence that at least one test ran, which outweighs a "no tests" line from one package of many.
const SOME_TESTS = [
  /^running [1-9]\d* tests?$/m, // cargo
  /^ok\s+\S+\s+[\d.]+s/m, // go
  /\b[1-9]\d* (passed|passing|failed|failing)\b/i, // jest, vitest, pytest, mocha
  /^# tests [1-9]\d*$/m, // node --test, TAP
  /\bRan [1-9]\d* tests?\b/, // unittest
];

/**
 * pass: exit 0 and not a run of nothing. no-tests: the runner found nothing (pytest's exit 5 included),
 * whatever its exit code. fail: anything else.
 */
export function judgeTestRun(exitCode: number | null, output: string, source: TestSource | null): TestVerdict {
  const ranSome = SOME_TESTS.some((p) => p.test(output));
  const ranNone = (source === 'pytest' && exitCode === 5) || (!ranSome && NO_TESTS.some((p) => p.test(output)));
  if (ranNone) return 'no-tests';
  return exitCode === 0 ? 'pass' : 'fail';
}
