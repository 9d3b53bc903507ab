// What a second attempt (--resume) sees of the first: only its own test output, and the first run's choices.
import { readFileSync, writeFileSync } from 'node:fs';
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

  it('keeps the --tracker of the run it resumes', async () => {
    const dir = tempDir();
    const md = '# Demo\n\n- [ ] T001 Build the thing\n  - run: `true`\n';
    writeFileSync(join(dir, 'tasks.md'), md);
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "exit 1"\n');
    expect((await squad(['allocate', 'tasks.md', '--out', 'plans'], dir)).code).toBe(0);
    expect((await squad(['run', '--tracker', 'none'], dir)).code).toBe(4);
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "echo 1 passed"\n');
    const resumed = await squad(['run', '--resume'], dir);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    // --tracker none again: closed in the run state, the document untouched.
    expect(readFileSync(join(dir, 'tasks.md'), 'utf8')).toBe(md);
    expect(onlyRecord(dir).options).toMatchObject({ tracker: 'none' });
  });
});
