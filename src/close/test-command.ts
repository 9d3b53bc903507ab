// Which command tests this repository, and whether its output means "no tests were found".
// Used by the test-and-close phase of `squad run`, and by `squad verify`. Pure apart from reading files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../config/schema.js';

export type TestSource = 'config' | 'package.json' | 'pytest' | 'cargo' | 'go';

/** Test runners whose ways of saying "nothing ran" squad knows; null for anything else (make, a shell line). */
export const TEST_RUNNERS = ['pytest', 'vitest', 'jest', 'go', 'cargo', 'node'] as const;
export type TestRunner = (typeof TEST_RUNNERS)[number];

export interface TestCommand {
  argv: string[];
  source: TestSource;
  /** The runner behind the command, when squad can tell: it decides what "no tests" looks like. */
  runner: TestRunner | null;
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
  if (configured) {
    const argv = commandArgv(configured);
    return { argv, source: 'config', runner: runnerOf(argv[0]), display: `${displayCommand(configured)} (from squad.config.yaml)` };
  }
  const pkg = readJson(join(repoRoot, 'package.json'));
  const script = pkg && typeof pkg === 'object' ? (pkg as { scripts?: Record<string, unknown> }).scripts?.test : undefined;
  if (typeof script === 'string' && script.trim() !== '' && !NPM_PLACEHOLDER.test(script)) {
    const pm = existsSync(join(repoRoot, 'pnpm-lock.yaml')) ? 'pnpm' : existsSync(join(repoRoot, 'yarn.lock')) ? 'yarn' : 'npm';
    // The script's first word is the runner npm starts (`vitest run`, `jest --ci`, `node --test`).
    return { argv: [pm, 'test'], source: 'package.json', runner: runnerOf(script.trim().split(/\s+/)[0]), display: `${pm} test (from package.json "test" script)` };
  }
  if (usesPytest(repoRoot)) return { argv: ['pytest'], source: 'pytest', runner: 'pytest', display: 'pytest (pytest configuration found)' };
  if (existsSync(join(repoRoot, 'Cargo.toml'))) return { argv: ['cargo', 'test'], source: 'cargo', runner: 'cargo', display: 'cargo test (Cargo.toml found)' };
  if (existsSync(join(repoRoot, 'go.mod'))) return { argv: ['go', 'test', './...'], source: 'go', runner: 'go', display: 'go test ./... (go.mod found)' };
  return null;
}

/** The runner a command word names (`pytest`, `/usr/bin/go`, `node_modules/.bin/vitest`), or null. */
export function runnerOf(word: string | undefined): TestRunner | null {
  const base = (word ?? '').split('/').pop()!;
  return (TEST_RUNNERS as readonly string[]).includes(base) ? (base as TestRunner) : null;
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
// Evidence that something failed: outweighs any "no tests" line printed beside it (go's `[build failed]`
// next to `[no test files]`, a crash before collection).
const FAILED = [
  /^\s*(--- )?FAIL(ED)?\b/m, // jest, vitest, go, pytest
  /\bbuild failed\b/i, // go
  /\btest result: FAILED\b/, // cargo
  /\bError:/,
  /\b[1-9]\d* (failed|failing|errors?)\b/i, // a failed-count line
];
// What vitest and jest print when they find nothing, exiting 1 ("No test files found, exiting with code 1").
const VITEST_JEST_NONE = /\bNo (test files|tests) found\b/i;

/**
 * pass: exit 0 and not a run of nothing. no-tests: exit 0 with a "no tests" line and no test run, or a
 * non-zero exit that is the runner's own way of saying it found nothing (pytest's exit 5; vitest's and
 * jest's "No test files found", also when a package.json script or an unknown wrapper runs them) with no
 * sign of a failure. fail: anything else; a failure marker is never "no tests".
 */
export function judgeTestRun(exitCode: number | null, output: string, runner: TestRunner | null): TestVerdict {
  if (exitCode === 0) {
    const ranSome = SOME_TESTS.some((p) => p.test(output));
    return !ranSome && NO_TESTS.some((p) => p.test(output)) ? 'no-tests' : 'pass';
  }
  if (FAILED.some((p) => p.test(output))) return 'fail';
  if (runner === 'pytest') return exitCode === 5 ? 'no-tests' : 'fail';
  if (runner === null || runner === 'vitest' || runner === 'jest') return VITEST_JEST_NONE.test(output) ? 'no-tests' : 'fail';
  return 'fail';
}
