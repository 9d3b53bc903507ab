import { describe, expect, it } from 'vitest';
import { criticalPathLeft, rankByRemainingPath, remainingPath, type PriorityTask } from '../../src/graph/priority.js';
import { parallelEfficiency } from '../../src/state/progress.js';
import { DEFAULT_ESTIMATE_MINUTES } from '../../src/plan/estimates.js';

const t = (id: string, deps: string[] = [], estimateMinutes: number | null = null): PriorityTask => ({ id, deps, estimateMinutes });

describe('remaining critical path (b-level)', () => {
  // a(10) -> b(30) -> d(10); c(5) -> d; e has no estimate (the default, 30) and nothing after it.
  const tasks = [t('a', [], 10), t('b', ['a'], 30), t('c', [], 5), t('d', ['b', 'c'], 10), t('e')];

  it('is a task weight plus the longest weighted chain of tasks that depend on it', () => {
    expect(Object.fromEntries(remainingPath(tasks, new Set()))).toEqual({ a: 50, b: 40, c: 15, d: 10, e: DEFAULT_ESTIMATE_MINUTES });
    expect(criticalPathLeft(tasks, new Set())).toBe(50);
  });

  it('drops done tasks from every chain', () => {
    const levels = remainingPath(tasks, new Set(['a', 'b']));
    expect(levels.get('a')).toBe(0);
    expect(levels.get('c')).toBe(15);
    expect(criticalPathLeft(tasks, new Set(['a', 'b']))).toBe(DEFAULT_ESTIMATE_MINUTES); // e is now the longest
  });

  it('counts an unestimated task at the default estimate, so chain length still ranks', () => {
    const chain = [t('x'), t('y', ['x']), t('z', ['y']), t('solo')];
    expect(rankByRemainingPath(['solo', 'x'], remainingPath(chain, new Set()))).toEqual(['x', 'solo']);
  });

  it('breaks ties by the order given (plan order)', () => {
    const levels = new Map([['p', 3], ['q', 3], ['r', 5]]);
    expect(rankByRemainingPath(['q', 'p', 'r'], levels)).toEqual(['r', 'q', 'p']);
  });

  it('terminates on a cycle instead of looping', () => {
    const cyclic = [t('a', ['b']), t('b', ['a'])];
    const levels = remainingPath(cyclic, new Set());
    expect(levels.size).toBe(2);
  });
});

describe('parallel efficiency', () => {
  it('is average parallelism over peak: two sessions, one idle half the time', () => {
    // 0-10 and 0-5: busy 15 over a span of 10, peak 2 -> average 1.5, efficiency 0.75.
    expect(parallelEfficiency([{ start: 0, end: 10 }, { start: 0, end: 5 }])).toEqual({ busyMs: 15, spanMs: 10, peak: 2, average: 1.5, efficiency: 0.75 });
  });

  it('does not count back-to-back tasks as overlapping', () => {
    expect(parallelEfficiency([{ start: 0, end: 5 }, { start: 5, end: 10 }])).toMatchObject({ peak: 1, efficiency: 1 });
  });

  it('is null before anything started', () => {
    expect(parallelEfficiency([])).toBeNull();
  });
});
