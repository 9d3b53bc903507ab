// One weight for a task without an estimate (DEFAULT_ESTIMATE_MINUTES): `squad allocate` and
// `squad run --dry-run` must predict with the same weights, so their makespans agree on the same plan.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { squad, tempDir } from './helpers/cli.js';
import { DEFAULT_ESTIMATE_MINUTES } from '../../src/plan/estimates.js';

describe('unestimated tasks weigh the same in allocate and --dry-run', () => {
  it('a chain of two unestimated tasks is predicted at 2 x the default by both', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "echo 1 passed"\n');
    writeFileSync(join(dir, 'tasks.md'), '# Plan\n\n- [ ] T1: write the parser in `src/a.ts`\n- [ ] T2: use the parser in `src/b.ts` (depends on T1)\n');
    const a = await squad(['allocate', 'tasks.md', '--json'], dir);
    expect(a.code, a.stderr).toBe(0);
    const plan = JSON.parse(a.stdout);
    expect(plan.tasks.map((t: { id: string; deps: string[] }) => [t.id, t.deps])).toEqual([['T1', []], ['T2', ['T1']]]);
    const d = await squad(['run', '--dry-run', '--json', '--concurrency', '1'], dir);
    expect(d.code, d.stderr).toBe(0);
    const sim = JSON.parse(d.stdout);
    expect(plan.schedule.makespanMinutes).toBe(2 * DEFAULT_ESTIMATE_MINUTES);
    expect(sim.makespan).toBe(plan.schedule.makespanMinutes);
  });
});
