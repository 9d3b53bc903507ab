// Ordering modes (README "Ordering"), on small documents written the way authors write them.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { Plan } from '../../src/plan/schema.js';

const plan = (text: string, order: 'auto' | 'document' | 'explicit' = 'auto'): Plan => compile(text, { file: 'doc.md', order });
const deps = (p: Plan, id: string) => p.tasks.find((t) => t.id === id)!.deps;

function waitsFor(p: Plan, a: string, b: string): boolean {
  const seen = new Set<string>();
  const stack = [...deps(p, a)];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur === b) return true;
    if (!seen.has(cur)) {
      seen.add(cur);
      stack.push(...deps(p, cur));
    }
  }
  return false;
}
const together = (p: Plan, a: string, b: string) => !waitsFor(p, a, b) && !waitsFor(p, b, a);

describe('document mode', () => {
  const doc = [
    '## Phase 1: Setup',
    '- [ ] T001 Create the project',
    '- [ ] T002 [P] Configure lint',
    '- [ ] T003 [P] Configure formatting',
    '- [ ] T004 Write the config loader',
    '## Phase 2: Build',
    '- [ ] T005 [P:Group-api] Users endpoint',
    '- [ ] T006 Migrate the database',
    '- [ ] T007 [P:Group-api] Orders endpoint',
    '- [ ] T008 [P] Docs',
  ].join('\n');
  const p = plan(doc);

  it('is chosen when no task declares dependencies', () => {
    expect(p.order.mode).toBe('document');
  });
  it('runs unmarked tasks one after another and consecutive [P] tasks together', () => {
    expect(deps(p, 'T002')).toEqual(['T001']);
    expect(together(p, 'T002', 'T003')).toBe(true);
    expect(deps(p, 'T004').sort()).toEqual(['T002', 'T003']);
  });
  it('runs a named group together where its first member stands, even when scattered', () => {
    expect(together(p, 'T005', 'T007')).toBe(true);
    expect(waitsFor(p, 'T006', 'T007')).toBe(true); // T007 moved up to T005's place
    expect(p.groups).toEqual([{ name: 'api', tasks: ['T005', 'T007'] }]);
  });
  it('treats a phase heading as a barrier', () => {
    expect(waitsFor(p, 'T005', 'T004')).toBe(true);
    expect(waitsFor(p, 'T005', 'T001')).toBe(true);
  });
});

describe('explicit mode', () => {
  const doc = [
    '## Phase 1',
    '- [ ] 1.1 Schema',
    '- [ ] 1.2 API [after: 1.1]',
    '## Phase 2',
    '- [ ] 2.1 Docs',
    '- [ ] 2.2 Release [after: 1.2, 2.1]',
  ].join('\n');

  it('is chosen for [after:] markers; tasks without one start at once and phases are not barriers', () => {
    const p = plan(doc);
    expect(p.order.mode).toBe('explicit');
    expect(deps(p, '2.1')).toEqual([]);
    expect(together(p, '2.1', '1.1')).toBe(true);
    expect(deps(p, '2.2')).toEqual(['1.2', '2.1']);
  });

  it('is chosen when most tasks carry a dependency field, "none" included', () => {
    const p = plan(['### Task 1 — Scaffold', '- **Depends on:** none', '### Task 2 — Config', '- **Depends on:** Task 1', '### Task 3 — Filters', '- **Depends on:** none'].join('\n'));
    expect(p.order.mode).toBe('explicit');
    expect(together(p, '3', '2')).toBe(true);
  });

  it('can be forced, and document order can be forced back', () => {
    expect(deps(plan(doc, 'document'), '2.1')).toEqual(['1.2']);
  });
});

describe('auto mode with a few declarations', () => {
  it('takes the safer, sequential reading and warns with the line', () => {
    const p = plan(['- [ ] T001 A', '- [ ] T002 B', '- [ ] T003 C (depends on T001)', '- [ ] T004 D'].join('\n'));
    expect(p.order.mode).toBe('document');
    expect(deps(p, 'T003')).toEqual(['T001', 'T002']);
    expect(p.warnings).toContainEqual(expect.objectContaining({ line: 3, message: expect.stringContaining('only 1 of 4 tasks') }));
  });

  it('lets a declaration on a later task win over document order, with a warning', () => {
    const p = plan(['- [ ] T001 A (depends on T003)', '- [ ] T002 B', '- [ ] T003 C'].join('\n'), 'document');
    expect(deps(p, 'T001')).toEqual(['T003']);
    expect(waitsFor(p, 'T003', 'T001')).toBe(false);
    expect(p.warnings.some((w) => w.line === 1 && w.message.includes('T001 is declared to wait for T003'))).toBe(true);
  });
});

describe('references', () => {
  it('keeps references to undefined ids as external dependencies', () => {
    const p = plan(['# Task ID: 15', '**Dependencies:** 2, 4 ⧖'].join('\n'));
    expect(p.tasks.map((t) => t.id)).toEqual(['15']);
    expect(p.tasks[0]!.externalDeps).toEqual(['2', '4']);
    expect(p.externalDeps).toEqual([{ id: '2', requiredBy: ['15'], line: 2 }, { id: '4', requiredBy: ['15'], line: 2 }]);
    expect(p.warnings.some((w) => w.message.includes('kept as an external dependency'))).toBe(true);
  });

  it('expands ranges and Blocks:', () => {
    const p = plan(['- [ ] T001 a', '- [ ] T002 b', '- [ ] T003 c', '- [ ] T004 d (depends on T001–T003)', '- [ ] T005 e', '  - **Blocks:** T002'].join('\n'), 'explicit');
    expect(deps(p, 'T004')).toEqual(['T001', 'T002', 'T003']);
    expect(deps(p, 'T002')).toEqual(['T005']);
  });

  it('makes a parent wait for its sub-tasks', () => {
    const p = plan(['- [ ] 1.0 Parent', '  - [ ] 1.1 First', '  - [ ] 1.2 Second'].join('\n'));
    expect(deps(p, '1.0').sort()).toEqual(['1.1', '1.2']);
    expect(deps(p, '1.2')).toEqual(['1.1']);
  });
});
