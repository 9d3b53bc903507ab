// The transitive reduction the dashboard draws: implied dependencies go, every path stays.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { directDeps, type DepTask } from '../../src/graph/reduce.js';

/** Every (task, something it waits for) pair, directly or not. */
function closure(deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const id of deps.keys()) {
    const seen = new Set<string>();
    const stack = [...(deps.get(id) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      out.add(`${id}<-${d}`);
      stack.push(...(deps.get(d) ?? []));
    }
  }
  return out;
}

describe('directDeps', () => {
  it('drops a dependency another dependency already implies, keeps the rest in order, and drops unknown ids', () => {
    const tasks: DepTask[] = [
      { id: 'T1', deps: [] },
      { id: 'T2', deps: ['T1'] },
      { id: 'T3', deps: ['T1', 'T2', 'EXT-9'] },
      { id: 'T4', deps: ['T3', 'T1', 'T2'] },
      { id: 'T5', deps: ['T1'] },
      { id: 'T6', deps: ['T5', 'T2'] },
    ];
    expect(Object.fromEntries(directDeps(tasks))).toEqual({ T1: [], T2: ['T1'], T3: ['T2'], T4: ['T3'], T5: ['T1'], T6: ['T5', 'T2'] });
  });

  it('keeps every path of a real plan with hundreds of implied dependencies (corpus 07)', () => {
    const file = 'test/fixtures/corpus/07_speckit_worker_placement_001.md';
    const plan = compile(readFileSync(file, 'utf8'), { file });
    const full = new Map(plan.tasks.map((t) => [t.id, t.deps.filter((d) => plan.tasks.some((x) => x.id === d))]));
    const reduced = directDeps(plan.tasks);
    const count = (m: ReadonlyMap<string, readonly string[]>) => [...m.values()].reduce((s, d) => s + d.length, 0);
    expect(count(full)).toBe(700);
    expect(count(reduced)).toBeLessThan(200);
    expect(closure(reduced)).toEqual(closure(full));
    // Nothing left is implied by the rest: removing any kept edge loses a path.
    for (const [id, ds] of reduced) {
      for (const d of ds) {
        const without = new Map(reduced);
        without.set(id, ds.filter((x) => x !== d));
        expect(closure(without).has(`${id}<-${d}`), `${d} -> ${id}`).toBe(false);
      }
    }
  });
});
