// The scheduler's promises with real processes: the cap, file exclusion, and two runs on one plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, startSquad, tempDir } from './helpers/cli.js';

// Each task logs "+ id" when it starts and "- id" when it ends, appended in one write each.
const logged = (ms: number) => `echo "+ $SQUAD_TASK_ID" >> events; sleep ${ms / 1000}; echo "- $SQUAD_TASK_ID" >> events`;

function intervals(dir: string): { peak: number; overlapping: (a: string, b: string) => boolean } {
  const lines = readFileSync(join(dir, 'events'), 'utf8').trim().split('\n');
  const running = new Set<string>();
  const pairs = new Set<string>();
  let peak = 0;
  for (const line of lines) {
    const [sign, id] = line.split(' ') as ['+' | '-', string];
    if (sign === '+') {
      for (const other of running) pairs.add([id, other].sort().join('|'));
      running.add(id);
      peak = Math.max(peak, running.size);
    } else running.delete(id);
  }
  return { peak, overlapping: (a, b) => pairs.has([a, b].sort().join('|')) };
}

describe('concurrency with real processes', () => {
  it('never runs more tasks at once than --concurrency', async () => {
    const specs = Array.from({ length: 12 }, (_, i) => ({ id: `T${i}`, run: logged(150) }));
    const dir = repoWith(tempDir(), makePlan(specs));
    const r = await squad(['run', '--concurrency', '3'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Twelve independent tasks of 150 ms fill all three slots, and never a fourth.
    expect(intervals(dir).peak).toBe(3);
  });

  it('never runs two tasks that write the same file at the same time', async () => {
    const specs = [
      ...['W1', 'W2', 'W3', 'W4'].map((id) => ({ id, run: logged(120), writes: ['src/shared.ts', `src/${id}.ts`] })),
      ...['F1', 'F2', 'F3', 'F4'].map((id) => ({ id, run: logged(120), writes: [`src/${id}.ts`] })),
    ];
    const dir = repoWith(tempDir(), makePlan(specs, { exclusions: [{ path: 'x', tasks: ['F1', 'F2'] }] }));
    const r = await squad(['run', '--concurrency', '4'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const { peak, overlapping } = intervals(dir);
    const writers = ['W1', 'W2', 'W3', 'W4'];
    for (const a of writers) for (const b of writers) if (a < b) expect(overlapping(a, b), `${a} and ${b}`).toBe(false);
    expect(overlapping('F1', 'F2')).toBe(false);
    expect(peak).toBeGreaterThan(1); // the other tasks did run beside them
  });

  it('two runs of one plan never run the same task', async () => {
    const specs = Array.from({ length: 16 }, (_, i) => ({ id: `T${i}`, deps: i % 4 ? [`T${i - 1}`] : [], run: `echo $SQUAD_TASK_ID >> ran; sleep 0.08` }));
    const dir = repoWith(tempDir(), makePlan(specs));
    const a = startSquad(['run', '--concurrency', '3'], dir);
    const b = startSquad(['run', '--concurrency', '3'], dir);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    const ran = readFileSync(join(dir, 'ran'), 'utf8').trim().split('\n').sort();
    expect(ran).toEqual(specs.map((s) => s.id).sort());
  });
});
