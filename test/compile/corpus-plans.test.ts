// Free-form implementation plans: an ordered bold list (21), "### Task N" headings with field bullets (25),
// a dash-less TASK-NNN list with Owner handles (30), and a team plan with "## Task N" headings, Track / Depends on /
// File scope fields, a Graphviz dependency graph and a file ownership map (27).
import { describe, expect, it } from 'vitest';
import { compileFixture, excluded, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, ids, task } from './helpers.js';

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
    expect(task(plan, 'TASK-101').gate).toBe('npm run test'); // "Acceptance: `npm run test` passes ..."
    expect(task(plan, 'TASK-001').gate).toBeNull(); // a signed approval is no command
    expect(plan.groups).toEqual([]);
    expect(plan.tasks.every((t) => t.estimateMinutes === null)).toBe(true);
  });
});

describe('27 SYCL layout plan: "## Task N" with Track / Depends on / File scope', () => {
  const plan = compileFixture('27_plan_tracks_dot_graph_file_ownership.md');
  const PLAN_DOC = 'docs/plans/2026-07-01-sycl-mxfp4-gateup-layout-load-optimization.md';
  const SOURCE_TEST = 'tests/test-sycl-moe-gateup-optimization-path-source.py';

  it('reads the twelve task headings, all open; acceptance checkboxes and evidence headings are not tasks', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(task(plan, '1')).toMatchObject({ title: 'Source Facts Guard For Optimization Direction', line: 125 });
    expect(task(plan, '6').title).toBe('Lead-Only V2 Synthetic Decision');
    expect(task(plan, '12').title).toBe('Final Evidence And Documentation');
    expect(plan.tasks.every((t) => t.status === 'open')).toBe(true);
    expect(task(plan, '6').acceptance).toContain('Lead-owned synthetic log path is recorded.'); // L862
    expect(task(plan, '12').acceptance).toHaveLength(6); // L1598-1603
  });

  it('uses "Depends on", which matches the DOT graph (L31-63), conditions and serialisation notes dropped', () => {
    expect(plan.order.mode).toBe('explicit');
    const want: Record<string, string[]> = {
      '1': [],
      '2': ['1'],
      '3': ['2'],
      '4': ['3'],
      '5': ['4'],
      '6': ['5'],
      '7': ['6'], // "Task 6 with `layout-v2-rejected`"
      '8': ['7'],
      '9': ['5', '7'], // "(same source-test/parser file serialization)"
      '10': ['6', '9'],
      '11': ['6'], // "Task 6 with `layout-v2-authorized`"
      '12': ['10', '11', '6', '8'], // "Task 6 and any executed evidence fallback tasks" = 6 -> 12, 8 -> 12, 10 -> 12, 11 -> 12
    };
    for (const [id, deps] of Object.entries(want)) expect([...task(plan, id).deps].sort(), id).toEqual([...deps].sort());
    expectTogether(plan, [['7', '11'], ['8', '9'], ['8', '10'], ['8', '11'], ['9', '11'], ['10', '11']]);
  });

  it('groups the tasks by their "**Track:**" field, "C + Lead evidence" under C (L18-27)', () => {
    const groups = Object.fromEntries(plan.groups.map((g) => [g.name, [...g.tasks].sort((a, b) => Number(a) - Number(b))]));
    expect(groups).toEqual({ A: ['1', '2', '12'], B: ['3', '4', '5'], C: ['7', '8'], D: ['9', '10'], E: ['11'], Lead: ['6'] });
    expect(task(plan, '8').group).toBe('C');
    expect(task(plan, '12').group).toBe('A');
  });

  it('reads "File scope" Create/Modify lines, line ranges cut off the path', () => {
    expect(filesOf(plan, '1')).toEqual({ [SOURCE_TEST]: 'create' });
    expect(filesOf(plan, '2')).toEqual({ [SOURCE_TEST]: 'modify' });
    expect(filesOf(plan, '3')).toEqual({
      [SOURCE_TEST]: 'modify',
      'ggml/src/ggml-sycl/ggml-sycl-bench.hpp': 'modify',
      'tools/sycl-kernel-bench/benchmark_harness.hpp': 'modify',
      'tools/sycl-kernel-bench/kernel_registry.hpp': 'modify',
      'tools/sycl-kernel-bench/main.cpp': 'modify',
      'tools/sycl-kernel-bench/kernels/reference/reference_kernels.hpp': 'modify',
      'tools/sycl-kernel-bench/kernels/reference/mxfp4_inline_dot.cpp': 'modify',
    });
    expect(filesOf(plan, '5')).toEqual({ [SOURCE_TEST]: 'modify', 'ggml/src/ggml-sycl/mmvq.cpp': 'modify' }); // three ranges, one file
    expect(filesOf(plan, '6')).toEqual({ [PLAN_DOC]: 'modify' });
    // "- Update tracker tasks created for this plan." (L1591) is not a file
    expect(filesOf(plan, '12')).toEqual({ 'docs/backend/SYCL.md': 'modify', [PLAN_DOC]: 'modify' });
  });

  it('keeps unordered writers of one file apart (File Ownership Map, L65-81), and records nothing for ordered ones', () => {
    for (const [a, b] of [['8', '10'], ['8', '11'], ['10', '11']]) expect(excluded(plan, PLAN_DOC, a, b), `${a}/${b}`).toBe(true);
    expect(excluded(plan, 'ggml/src/ggml-sycl/mmvq.cpp', '8', '10')).toBe(true);
    expect(excluded(plan, SOURCE_TEST, '7', '11')).toBe(true);
    expect(excluded(plan, SOURCE_TEST, '9', '11')).toBe(true);
    // 7 -> 9 orders the parser and its test; 5 -> 8 orders mmvq.cpp: no exclusion needed
    expect(excluded(plan, 'scripts/parse-sycl-moe-profile.py', '7', '9')).toBe(false);
    expect(excluded(plan, 'ggml/src/ggml-sycl/mmvq.cpp', '5', '8')).toBe(false);
    for (const e of plan.exclusions) {
      for (const t of e.tasks) expect(['create', 'modify'], `${t} writes ${e.path}`).toContain(filesOf(plan, t)[e.path]);
    }
  });

  it('has no estimates; the Track is a group, not an agent type', () => {
    for (const t of plan.tasks) {
      expect(t.estimateMinutes).toBeNull();
      expect(t.routing.source).not.toBe('explicit');
    }
  });
});
