// A Ralph prd.json (52): user stories with a priority and `passes`, no dependency field; story ids in the notes
// are hints only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, readDocument } from '../../src/compile.js';
import { FIXTURES, compileFixture, expectTogether, ids, statusOf, task } from './helpers.js';

const NAME = '52_ralph_prd_json_userstories_priority_passes.json';
const US = (n: number) => `US-${String(n).padStart(3, '0')}`;

describe('52 Brighter prd.json (Ralph)', () => {
  const plan = compileFixture(NAME);
  const doc = readDocument(readFileSync(FIXTURES + NAME, 'utf8'), { file: NAME });

  it('reads the 14 user stories; passes: true (US-001..US-007) is done', () => {
    expect(ids(plan)).toEqual(Array.from({ length: 14 }, (_, i) => US(i + 1)));
    expect(statusOf(plan, 'done')).toEqual([1, 2, 3, 4, 5, 6, 7].map(US));
    expect(task(plan, 'US-008')).toMatchObject({ title: 'Evaluate and update $ref rewriting for SDK schema types', line: 133, status: 'open' });
    expect(plan.format).toBe('ralph-prd-json');
  });

  it('orders the stories by priority, 1 to 14, each after the one before', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(plan.order.reason).toMatch(/Ralph works through the stories by priority/);
    for (let n = 2; n <= 14; n++) expect(task(plan, US(n)).deps, US(n)).toEqual([US(n - 1)]);
    expect(task(plan, 'US-001').deps).toEqual([]);
    expect(doc.tasks[9]!.trace.find((f) => f.fact === 'dep')).toEqual({ fact: 'dep', value: 'US-009', line: 170, rule: 'Ralph priority 10: after priority 9' });
  });

  it('warns about story ids in the notes (L26 US-003 and US-004, L59 US-006, L96 US-007, L170 US-008) and draws no edge from them', () => {
    expect(plan.warnings.filter((w) => /a hint, not a dependency/.test(w.message)).map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [26, 'notes of US-002 name US-003'],
      [26, 'notes of US-002 name US-004'],
      [59, 'notes of US-004 name US-006'],
      [96, 'notes of US-006 name US-007'],
      [170, 'notes of US-010 name US-008'],
    ]);
    expect(doc.skipped.map((s) => s.text)).toEqual(['US-003', 'US-004', 'US-006', 'US-007', 'US-008']);
    expect(task(plan, 'US-004').deps).toEqual(['US-003']);
  });

  it('keeps the acceptance criteria', () => {
    expect(task(plan, 'US-011').acceptance).toHaveLength(4);
    expect(task(plan, 'US-011').acceptance[3]).toBe('Typecheck passes');
  });
});

describe('Ralph priorities', () => {
  const story = (id: string, priority: number | undefined, passes = false) => ({ id, title: id, priority, passes, acceptanceCriteria: [] });
  const text = JSON.stringify({ userStories: [story('S-1', 1, true), story('S-2', 2), story('S-3', 2), story('S-4', 3), story('S-5', undefined)] }, null, 2);
  const plan = compile(text, { file: 'prd.json' });

  it('stories sharing a priority may run together, both after the priority before; no priority comes last', () => {
    expect(task(plan, 'S-2').deps).toEqual(['S-1']);
    expect(task(plan, 'S-3').deps).toEqual(['S-1']);
    expect(task(plan, 'S-4').deps).toEqual(['S-2', 'S-3']);
    expect(task(plan, 'S-5').deps).toEqual(['S-4']);
    expectTogether(plan, [['S-2', 'S-3']]);
  });
});
