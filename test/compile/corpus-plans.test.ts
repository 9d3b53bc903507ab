// Free-form implementation plans: an ordered bold list (21), "### Task N" headings with field bullets (25),
// and a dash-less TASK-NNN list with Owner handles (30).
import { describe, expect, it } from 'vitest';
import { compileFixture, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, ids, task } from './helpers.js';

describe('21 koupang plan: "## Tasks (implementation order)"', () => {
  const plan = compileFixture('21_beads_koupang_plan_bd3sv.md');

  it('reads the eight numbered tasks (L129-136) and not the design decisions or test-case lists', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(task(plan, '1').title).toBe('HandlerError + EventHandler trait + ConsumerConfig');
    expect(task(plan, '8').title).toBe('Integration tests');
    expect(plan.tasks.every((t) => t.status === 'open')).toBe(true);
  });

  it('runs them in implementation order', () => {
    expect(plan.order.mode).toBe('document');
    expectOrdered(plan, [['2', '1'], ['5', '4'], ['8', '7'], ['8', '1']]);
    expect(task(plan, '1').deps).toEqual([]);
  });

  it('has no groups, agents or estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('25 shim-mcp plan: "### Task N" with Depends on / Deliverables / Estimated effort', () => {
  const plan = compileFixture('25_plan_shim_mcp_depends_on_ranges.md');

  it('reads the eight task headings', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(task(plan, '2').title).toBe('Implement config system (TDD)');
    expect(task(plan, '7').title).toBe('Define filter interfaces');
    expect(plan.tasks.every((t) => t.status === 'open')).toBe(true);
  });

  it('uses the declared dependencies, including "none (parallel with other tasks)" and the range "Tasks 1-7"', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '1').deps).toEqual([]);
    expect(task(plan, '7').deps).toEqual([]);
    expectOrdered(plan, [['2', '1'], ['6', '5'], ['6', '1']]);
    for (let n = 1; n <= 7; n++) expectOrdered(plan, [['8', String(n)]]);
    expectTogether(plan, [['7', '1'], ['7', '4'], ['7', '6']]);
  });

  it('reads Deliverables as created files and Inputs as read files', () => {
    expect(filesOf(plan, '2')).toEqual({ 'internal/config/config_test.go': 'create', 'internal/config/config.go': 'create' });
    expect(filesOf(plan, '7')).toEqual({ 'internal/filter/filter.go': 'create' });
    expect(filesOf(plan, '1')).toMatchObject({ 'go.mod': 'create', Makefile: 'create', 'CONVENTIONS.md': 'read' });
    expect(filesOf(plan, '8')).toMatchObject({ 'examples/config.yaml': 'create' });
  });

  it('turns S/M effort into estimates, S shorter than M', () => {
    const s = [1, 6, 7, 8].map((n) => task(plan, String(n)).estimateMinutes);
    const m = [2, 3, 4, 5].map((n) => task(plan, String(n)).estimateMinutes);
    expect(new Set(s).size).toBe(1);
    expect(new Set(m).size).toBe(1);
    expect(s[0]).toBeGreaterThan(0);
    expect(m[0]!).toBeGreaterThan(s[0]!);
  });

  it('keeps Acceptance and TDD steps, and the success criteria (L20-28) out of the tasks', () => {
    expect(task(plan, '2').acceptance).toEqual(['All tests pass; `go test ./internal/config/...` green']);
    expect(task(plan, '2').steps).toHaveLength(3);
    expect(plan.successCriteria).toHaveLength(9);
    expect(plan.successCriteria[0]).toMatchObject({ line: 20, done: false });
    expect(plan.groups).toEqual([]);
  });
});

describe('30 CO task list: "[x] TASK-101" without list dashes, Owner handles', () => {
  const plan = compileFixture('30_tasklist_owner_handles_TASK_ids.md');
  const want = ['TASK-001', 'TASK-002', 'TASK-101', 'TASK-102', 'TASK-201', 'TASK-202', 'TASK-203', 'TASK-301', 'TASK-302',
    'TASK-401', 'TASK-402', 'TASK-501', 'TASK-502', 'TASK-503', 'TASK-504', 'TASK-505', 'TASK-601', 'TASK-602'];

  it('reads all 18 tasks, all done', () => {
    expect(ids(plan)).toEqual(want);
    expect(plan.tasks.every((t) => t.status === 'done')).toBe(true);
    expect(task(plan, 'TASK-001').title).toBe('Secure sponsor sign-off on PRD objectives and success metrics.');
  });

  it('routes each task to its Owner handle', () => {
    expect(task(plan, 'TASK-001').agent).toBe('orchestrator-pm');
    expect(task(plan, 'TASK-002').agent).toBe('telemetry-lead');
    expect(task(plan, 'TASK-101').agent).toBe('control-plane');
    expect(task(plan, 'TASK-203').agent).toBe('scheduler');
    expect(task(plan, 'TASK-402').agent).toBe('privacy');
    expect(task(plan, 'TASK-601').agent).toBe('release');
    expect(plan.tasks.every((t) => t.routing.source === 'explicit')).toBe(true);
    expect(new Set(plan.agents.map((a) => a.type))).toEqual(
      new Set(['orchestrator-pm', 'telemetry-lead', 'control-plane', 'scheduler', 'runtime', 'privacy', 'release']),
    );
  });

  it('keeps the author\'s order (no dependencies declared)', () => {
    expect(plan.order.mode).toBe('document');
    expectOrdered(plan, [['TASK-002', 'TASK-001'], ['TASK-602', 'TASK-601'], ['TASK-101', 'TASK-002']]);
  });

  it('reads Acceptance: lines', () => {
    expect(task(plan, 'TASK-101').acceptance).toEqual(['`npm run test` passes with new contract tests; validation results appended to manifests.']);
    expect(plan.groups).toEqual([]);
    expect(plan.tasks.every((t) => t.estimateMinutes === null)).toBe(true);
  });
});
