// Learned estimates: a task without an estimate weighs what finished tasks of its agent type took (the median),
// else what all finished tasks took, and only the default (30 min) before anything finished. Proved on a real
// run: its durations change the next `squad allocate` and `squad run --dry-run` predictions, which say so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { squad, tempDir } from '../run/helpers/cli.js';
import { learnEstimates, estimatedMinutes, DEFAULT_ESTIMATE_MINUTES } from '../../src/plan/estimates.js';

const TASKS = [
  '# Tasks',
  '',
  '- [ ] T001 Write the schema',
  '  - Agent: backend-architect',
  '  - run: `sleep 0.2`',
  '- [ ] T002 Fill the tables (depends on T001)',
  '  - Agent: backend-architect',
  '  - run: `sleep 0.6`',
  '- [ ] T003 Draw the page',
  '  - Agent: frontend-developer',
  '  - run: `sleep 0.4`',
  '',
].join('\n');

const LATER = [
  '- [ ] T004 Index the tables (depends on T002)',
  '  - Agent: backend-architect',
  '  - run: `true`',
  '- [ ] T005 Write the docs (depends on T004)',
  '  - Agent: technical-writer',
  '  - run: `true`',
  '',
].join('\n');

type View = { id: string; agent: string; state: string; durationMs: number | null };
type Plan = { tasks: { id: string; status: string }[]; schedule: { makespanMinutes: number; learned?: { from: number; overall: number; byAgent: Record<string, number> } } };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const tenthOfSecond = (minutes: number) => Math.round(minutes * 600) / 600;

describe('learned estimates', () => {
  it('take medians by agent type, then overall, and leave an author\'s estimate alone', () => {
    const learned = learnEstimates([
      { agent: 'a', minutes: 1 },
      { agent: 'a', minutes: 3 },
      { agent: 'a', minutes: 2 },
      { agent: 'b', minutes: 10 },
    ])!;
    expect(learned).toEqual({ from: 4, overall: 2.5, byAgent: { a: 2, b: 10 } });
    expect(estimatedMinutes(null, 'a', learned)).toBe(2);
    expect(estimatedMinutes(null, 'c', learned)).toBe(2.5);
    expect(estimatedMinutes(7, 'a', learned)).toBe(7);
    expect(estimatedMinutes(null, 'a', null)).toBe(DEFAULT_ESTIMATE_MINUTES);
    expect(learnEstimates([])).toBeNull();
  });

  it('a finished run changes the next prediction of allocate and of the dry run, and both say so', { timeout: 180_000 }, async () => {
    const dir = tempDir('squad-learned-');
    writeFileSync(join(dir, 'tasks.md'), TASKS);
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "true"\n');
    const first = await squad(['allocate', 'tasks.md', '--order', 'explicit'], dir);
    expect(first.code, first.stderr).toBe(0);
    const before: Plan = JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8'));
    // Nothing finished yet: every task weighs the default, T001 -> T002 is the longest chain.
    expect(before.schedule.learned).toBeUndefined();
    expect(before.schedule.makespanMinutes).toBe(2 * DEFAULT_ESTIMATE_MINUTES);
    expect(first.stdout).not.toContain('estimates learned');

    const run = await squad(['run', '--isolation', 'shared', '--concurrency', '2'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const status = await squad(['status', '--json'], dir);
    const views: View[] = JSON.parse(status.stdout).tasks;
    expect(views.map((v) => [v.id, v.state])).toEqual([['T001', 'done'], ['T002', 'done'], ['T003', 'done']]);
    const minutesOf = (id: string) => views.find((v) => v.id === id)!.durationMs! / 60_000;
    const backend = tenthOfSecond(median([minutesOf('T001'), minutesOf('T002')]));
    const overall = tenthOfSecond(median([minutesOf('T001'), minutesOf('T002'), minutesOf('T003')]));

    // The run ticked the three tasks in the document; two new tasks without an estimate are written after them.
    writeFileSync(join(dir, 'tasks.md'), readFileSync(join(dir, 'tasks.md'), 'utf8') + LATER);
    const again = await squad(['allocate', 'tasks.md', '--order', 'explicit'], dir);
    expect(again.code, again.stderr).toBe(0);
    const after: Plan = JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8'));
    expect(after.tasks.map((t) => [t.id, t.status])).toEqual([['T001', 'done'], ['T002', 'done'], ['T003', 'done'], ['T004', 'open'], ['T005', 'open']]);
    expect(after.schedule.learned).toEqual({ from: 3, overall, byAgent: { 'backend-architect': backend, 'frontend-developer': tenthOfSecond(minutesOf('T003')) } });
    // T004 weighs the backend median, T005 (a type that never finished a task) the overall one: far below 2 x 30 min.
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(after.schedule.makespanMinutes).toBe(round(backend + overall));
    expect(again.stdout).toContain('estimates learned from 3 finished tasks');
    expect(readFileSync(join(dir, 'plans', 'allocation-report.md'), 'utf8')).toContain('Estimates learned from 3 finished tasks');

    const dry = await squad(['run', '--dry-run', '--json'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    const d = JSON.parse(dry.stdout);
    expect(d.learned).toEqual(after.schedule.learned);
    const slot = (id: string) => d.slots.find((s: { task: string }) => s.task === id);
    expect(slot('T004').end - slot('T004').start).toBeCloseTo(backend, 9);
    expect(slot('T005').end - slot('T005').start).toBeCloseTo(overall, 9);
    const text = await squad(['run', '--dry-run'], dir);
    expect(text.stdout).toContain('estimates learned from 3 finished tasks');
  });
});
