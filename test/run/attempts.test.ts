// What a second attempt (--resume) sees of the first: only its own test output, and the first run's choices.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRecord } from './helpers/record.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';

describe('a resumed run', () => {
  it('judges the test phase on this attempt\'s output only', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]), 'test:\n  command: "echo 3 passed; exit 1"\n');
    const first = await squad(['run'], dir);
    expect(first.code, first.stdout + first.stderr).toBe(4);
    // The tests now find nothing: the "3 passed" of the first attempt, still in the log, must not count.
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "echo no tests found"\n');
    const second = await squad(['run', '--resume'], dir);
    expect(second.code, second.stdout + second.stderr).toBe(4);
    expect(second.stdout).toMatch(/found no tests, which is not a pass/);
    expect(onlyRecord(dir).groups[0]!.test!.verdict).toBe('no-tests');
  });
});
