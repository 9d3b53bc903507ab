// --dry-run: the real scheduler on a virtual clock, from the estimates; nothing executes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';

const plan = makePlan([
  { id: 'S1', estimateMinutes: 10, run: 'touch ran' },
  { id: 'S2', estimateMinutes: 10, run: 'touch ran' },
  { id: 'C1', estimateMinutes: 20, run: 'touch ran' },
  { id: 'C2', estimateMinutes: 20, deps: ['C1'], run: 'touch ran' },
  { id: 'U', run: 'touch ran' }, // no estimate: DEFAULT_ESTIMATE_MINUTES (30), as in squad allocate
]);

describe('squad run --dry-run', () => {
  it('prints the schedule, the makespan, the lower bound and the efficiency, and runs nothing', async () => {
    const dir = repoWith(tempDir(), plan);
    const r = await squad(['run', '--dry-run', '--concurrency', '2'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    expect(existsSync(join(dir, '.squad', 'runs'))).toBe(false);
    // The chain starts first although it comes later in the file.
    expect(r.stdout).toMatch(/C1 +0 +20 +1/);
    expect(r.stdout).toMatch(/predicted makespan +50 min/);
    expect(r.stdout).toMatch(/lower bound +45 min/); // max(critical path 40, work 90 / 2)
    expect(r.stdout).toMatch(/parallel efficiency +90%/); // 90 / (50 x 2)
  });

  it('--json gives the same schedule as data', async () => {
    const dir = repoWith(tempDir(), plan);
    const r = await squad(['run', '--dry-run', '--json', '--concurrency', '2'], dir);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ unit: 'minutes', concurrency: 2, makespan: 50, lowerBound: 45, totalWork: 90 });
    expect(d.slots.map((s: { task: string; start: number; end: number; slot: number }) => [s.task, s.start, s.end, s.slot])).toEqual([
      ['C1', 0, 20, 1],
      ['U', 0, 30, 2], // the default 30 minutes: the second-longest remaining path goes second
      ['C2', 20, 40, 1],
      ['S1', 30, 40, 2],
      ['S2', 40, 50, 1],
    ]);
  });
});
