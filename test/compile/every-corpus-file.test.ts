// Every document of the corpus compiles to a valid, deterministic plan, or is refused with one line starting with
// its path. The committed copies (test/fixtures/corpus) always run; when the shared corpus sits beside the
// repository (../shared/corpus), its files are read at test time too, so new corpus files are covered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { UserError } from '../../src/io/errors.js';
import { Plan } from '../../src/plan/schema.js';

const FIXTURES = 'test/fixtures/corpus';
const SHARED = '../shared/corpus';
const isDocument = (f: string) => f !== 'MANIFEST.tsv' && f !== 'README.md';
const fixtureFiles = readdirSync(FIXTURES).filter(isDocument).sort();
const sharedOnly = existsSync(SHARED) ? readdirSync(SHARED).filter((f) => isDocument(f) && !fixtureFiles.includes(f)).sort() : [];
const files = [...fixtureFiles.map((f) => join(FIXTURES, f)), ...sharedOnly.map((f) => join(SHARED, f))];

function attempt(path: string): { plan: Plan } | { error: UserError } {
  try {
    return { plan: compile(readFileSync(path, 'utf8'), { file: path }) };
  } catch (e) {
    if (e instanceof UserError) return { error: e };
    throw e;
  }
}

describe('every corpus file compiles or is refused with one clear line', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const path of files) {
    it(path, () => {
      const first = attempt(path);
      if ('error' in first) {
        const line = first.error.format();
        expect(line).not.toMatch(/\n/);
        expect(line.startsWith(`${path}:`)).toBe(true);
        expect(first.error.line).toBeGreaterThan(0);
        // "no tasks" is the answer only for the PRD that has none (53); every other refusal says what is wrong.
        if (!path.includes('53_prd_ko_moscow')) expect(line).not.toMatch(/no tasks found/);
        return;
      }
      const plan = Plan.parse(JSON.parse(JSON.stringify(first.plan)));
      expect(plan.tasks.length).toBeGreaterThan(0);
      expect(plan.source).toBe(path);
      const second = attempt(path);
      expect('plan' in second && JSON.stringify(second.plan)).toBe(JSON.stringify(first.plan));
      // every dependency names a task of the plan; unknown ones are kept as external deps instead
      const known = new Set(plan.tasks.map((t) => t.id));
      for (const t of plan.tasks) for (const d of t.deps) expect(known.has(d), `${t.id} -> ${d}`).toBe(true);
    });
  }
});
