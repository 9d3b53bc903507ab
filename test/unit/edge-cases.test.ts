// Inputs a careful reviewer tried: each once gave a wrong plan or a crash.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { UserError } from '../../src/io/errors.js';
import type { Plan } from '../../src/plan/schema.js';

const plan = (text: string, file = 'doc.md', order: 'auto' | 'explicit' = 'auto'): Plan => compile(text, { file, order });
const task = (p: Plan, id: string) => p.tasks.find((t) => t.id === id)!;
const failure = (text: string, file = 'doc.md'): string => {
  try {
    compile(text, { file });
  } catch (err) {
    if (err instanceof UserError) return err.format();
    throw err;
  }
  throw new Error('compiled');
};

describe('edge cases', () => {
  it('keeps underscores and ** globs inside code spans', () => {
    const p = plan('- [ ] T001 Create `src/pkg/__init__.py` and `__tests__/a.ts`\n- [ ] T002 Lint `lib/**/*.ts`\n');
    expect(task(p, 'T001').files.map((f) => f.path)).toEqual(['src/pkg/__init__.py', '__tests__/a.ts']);
    expect(task(p, 'T002').title).toBe('Lint `lib/**/*.ts`');
    expect(task(p, 'T002').files.map((f) => f.path)).toEqual(['lib/**/*.ts']);
  });

  it('reads a .md file that starts with [ as markdown', () => {
    expect(plan('[x] TASK-101 Add the scheduler\n    Owner: @control-plane\n', 'tasks.md').tasks[0]).toMatchObject({ id: 'TASK-101', status: 'done', agent: 'control-plane' });
  });

  it('reads a dash in a dependency column as no dependency', () => {
    const p = plan('| ID | Task | Depends on |\n|---|---|---|\n| T001 | Setup | — |\n| T002 | Docs | - |\n| T003 | API | T001 |\n');
    expect(task(p, 'T002').deps).toEqual([]);
    expect(p.warnings).toEqual([]);
  });

  it('expands a range whose ends have different prefixes to the tasks between them', () => {
    const p = plan('- [ ] 1.1 a\n- [ ] 1.2 b\n- [ ] 2.1 c\n- [ ] 2.2 d\n  - **Requires:** 1.2-2.1\n', 'doc.md', 'explicit');
    expect(task(p, '2.2').deps).toEqual(['1.2', '2.1']);
    expect(p.externalDeps).toEqual([]);
  });

  it('reads every edge of a one-line DOT graph, and so finds its cycle', () => {
    expect(failure('### Task 1 — a\n### Task 2 — b\n### Task 3 — c\n```dot\ndigraph { 1 -> 2 -> 3; 3 -> 1 }\n```\n')).toMatch(/^doc\.md:5: dependency cycle: /);
  });

  it('never falls back onto its own parent for an unknown free-text reference', () => {
    const p = plan('- [ ] 1.0 Parent\n  - [ ] 1.1 Sub one (depends on shared types completed)\n');
    expect(task(p, '1.1').deps).toEqual([]);
    expect(task(p, '1.0').deps).toEqual(['1.1']);
  });

  it('makes sub-tasks at every depth wait for what their ancestors wait for', () => {
    const p = plan('- [ ] 1.0 A\n- [ ] 2.0 B [after: 1.0]\n  - [ ] 2.1 C\n    - [ ] 2.1.1 D\n');
    expect(task(p, '2.1.1').deps).toContain('1.0');
    expect(task(p, '2.1').deps).toContain('1.0');
  });

  it('reads "Task 2 depends on Task 1" in a Dependencies section', () => {
    expect(task(plan('### Task 1 — a\n### Task 2 — b\n## Dependencies\n- Task 2 depends on Task 1\n'), '2').deps).toEqual(['1']);
  });

  it('answers malformed Task Master JSON and an empty tag with one line', () => {
    expect(failure('{"tasks":[null]}', 'tasks.json')).toBe("tasks.json: tag 'master' task #1: Invalid input: expected object, received null; fix the file or regenerate it with Task Master");
    expect(failure('{"tasks":[{"id":1,"title":"a","dependencies":"2"}]}', 'tasks.json')).toMatch(/^tasks\.json: tag 'master' task #1 \(id 1\) field dependencies: /);
    expect(failure('{"master":{"tasks":[]},"feat":{"tasks":[{"id":1,"title":"x"}]}}', 'tasks.json')).toBe("tasks.json:1: tag 'master' has no tasks; tags: master (0), feat (1); pass --tag feat");
  });

  it('records one mutex for a file with many unordered writers instead of every pair', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `- [ ] T${String(i + 1).padStart(3, '0')} Update \`package.json\` for feature ${i} [after: ]`);
    const p = plan(lines.join('\n'));
    expect(p.exclusions).toEqual([]);
    expect(p.mutexes).toEqual([{ path: 'package.json', tasks: p.tasks.map((t) => t.id) }]);
    expect(p.warnings.filter((w) => w.message.includes('package.json'))).toHaveLength(1);
  });

  it('warns about a task that waits for itself', () => {
    expect(plan('- [ ] T001 Build [after: T001]\n').warnings).toContainEqual({ message: 'task T001 waits for itself; ignored (remove the reference)', line: 1 });
  });

  it('never makes an author-looking id from a title', () => {
    const p = plan('### Task: 日本語2\n### Task: !!\n### Task 2: Real\n');
    expect(p.tasks.map((t) => t.id)).toEqual(['日本語2', 'task', '2']);
  });

  it('treats a directory or glob writer as writing every path below or matching it', () => {
    const p = plan('- [ ] T001 Create `src/components/` [after: ]\n- [ ] T002 Modify `src/components/Button.tsx` [after: ]\n- [ ] T003 Fix lint in `lib/**/*.ts` [after: ]\n- [ ] T004 Update `lib/a/b.ts` [after: ]\n');
    expect(p.exclusions).toEqual([
      { path: 'src/components/', tasks: ['T001', 'T002'] },
      { path: 'lib/**/*.ts', tasks: ['T003', 'T004'] },
    ]);
  });
});
