// Corpus batch 2 (files 36-54, families in shared/corpus/README.md), read by the one reader. Every expectation
// here was checked by reading the document itself: the ids, the edges the author wrote (and the work left free to
// run together), groups, agents, files, status and gates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWithReading } from '../../src/compile.js';
import { compileFixture, expectOrdered, expectTogether, filesOf, FIXTURES, ids, statusOf, task, waitsFor } from './helpers.js';

function reading(name: string) {
  return compileWithReading(readFileSync(FIXTURES + name, 'utf8'), { file: name });
}

describe('36 GSD phase plan: front matter depends_on, <task> blocks with files and automated verify', () => {
  const plan = compileFixture('36_gsd_plan_xml_tasks_wave_frontmatter.md');
  it('reads the two <task> blocks in order, the plan waiting for plan 04-01', () => {
    expect(ids(plan)).toEqual(['1', '2']);
    expect(task(plan, '1').externalDeps).toEqual(['04-01']);
    expectOrdered(plan, [['2', '1']]);
  });
  it('takes <files> as ownership and <automated> as the gate', () => {
    expect(Object.keys(filesOf(plan, '1'))).toEqual(['lib/registry.py', 'lib/commands.py']);
    expect(Object.keys(filesOf(plan, '2'))).toEqual(['skills/publish-skills/SKILL.md', 'skills/advise-skills/SKILL.md', 'skills/audit-code/SKILL.md']);
    expect(task(plan, '1').gate).toMatch(/python3 -c/);
    expect(task(plan, '2').gate).toMatch(/grep -q "registries.json" skills\/publish-skills\/SKILL.md/);
  });
});

describe('37 GSD roadmap: phases with "Depends on: Phase N", plan files as child items', () => {
  const r = reading('37_gsd_roadmap_phases_depends_on_plans.md');
  const plan = r.plan;
  it('reads one task per phase (the summary line and the detail heading are one) and one per plan file', () => {
    expect(ids(plan)).toEqual(['phase-1', 'phase-2', 'phase-3', 'phase-4', 'phase-5', '01-01', '01-02', '01-03', '01-04', '02-01', '02-02', '03-01', '03-02']);
    expect(task(plan, 'phase-1').title).toBe('Dead Code Removal');
    expect(task(plan, '01-01').title).toBe('Remove HogQL editor feature');
  });
  it('orders the phases by their Depends on lines and puts each plan inside its phase', () => {
    expectOrdered(plan, [['phase-2', 'phase-1'], ['phase-3', 'phase-2'], ['phase-4', 'phase-3'], ['phase-5', 'phase-4'], ['phase-1', '01-04'], ['02-01', 'phase-1'], ['phase-2', '02-02']]);
    expect(waitsFor(plan, '01-01', 'phase-5')).toBe(false);
    expect(plan.tasks.flatMap((t) => t.externalDeps)).toEqual([]);
  });
  it('keeps the ticks as written and warns that the ticked phases have unticked plans', () => {
    expect(statusOf(plan, 'done')).toEqual(['phase-1', 'phase-2', 'phase-3']);
    expect(plan.warnings.map((w) => w.message).join('\n')).toMatch(/phase-1 is marked done but its sub-task\(s\) 01-01, 01-02, 01-03, 01-04 are not/);
  });
});

describe('38 Conductor track: "Task:" items, [~] in progress, commit shas, manual verification per phase', () => {
  const plan = compileFixture('38_conductor_track_plan_inprogress_sha.md');
  it('reads the 14 tasks, done where ticked, the [~] one still open', () => {
    expect(plan.tasks).toHaveLength(14);
    expect(statusOf(plan, 'done')).toHaveLength(6);
    expect(task(plan, 'update-config-and-appcoordinator').status).toBe('open');
    expect(task(plan, 'implement-securitymanager-in').title).toBe('Implement `SecurityManager` in `engine/security.py`');
    expect(filesOf(plan, 'implement-securitymanager-in')).toEqual({ 'engine/security.py': 'create' });
  });
  it('gives each phase\'s manual verification to a person, and keeps phase order', () => {
    const manual = plan.tasks.filter((t) => /Manual Verification/.test(t.title));
    expect(manual.map((t) => t.agent)).toEqual(['human', 'human', 'human', 'human']);
    expectOrdered(plan, [['update-trayapp-ui', 'conductor-user-manual-verification-phase-2'], ['conductor-user-manual-verification-phase-3', 'integration-test-for-key-update-error']]);
  });
});

describe('39 Kiro tasks.md: numbers are the hierarchy, [ ]* is optional', () => {
  const plan = compileFixture('39_kiro_tasks_optional_star_requirements.md');
  it('reads all 50 checkbox lines with their numbers as ids', () => {
    expect(plan.tasks).toHaveLength(50);
    expect(ids(plan).slice(0, 5)).toEqual(['1', '1.1', '1.2', '1.3', '2']);
  });
  it('makes 3.1 a sub-task of 3 at the same indent and never waits for optional work', () => {
    expectOrdered(plan, [['1', '1.3'], ['3', '3.2'], ['5.1', '4.2']]);
    expect(waitsFor(plan, '5.1', '4.3')).toBe(false); // 4.3 is `- [ ]* 4.3`
    expect(waitsFor(plan, '4', '4.3')).toBe(false);
    expect(task(plan, '4.3').status).toBe('open');
    expect(task(plan, '4').status).toBe('done');
  });
});

describe('40 superpowers plan: ### Task N with a Files block; steps are not tasks', () => {
  const plan = compileFixture('40_superpowers_plan_task_files_step_checkboxes.md');
  it('reads the 8 tasks, not their step checkboxes, in sequence', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expectOrdered(plan, [['2', '1'], ['3', '2'], ['8', '7']]);
  });
  it('reads Modify/Create paths (line suffixes dropped) and folds a bare name into its full path', () => {
    expect(filesOf(plan, '1')).toEqual({ 'skills/using-git-worktrees/SKILL.md': 'modify' });
    expect(filesOf(plan, '5')).toEqual({ 'skills/subagent-driven-development/SKILL.md': 'modify', 'skills/executing-plans/SKILL.md': 'modify' });
    expect(filesOf(plan, '6')).toEqual({ 'skills/using-superpowers/references/codex-tools.md': 'modify' });
    expect(filesOf(plan, '7')).toEqual({ 'tests/codex-app-compat/test-environment-detection.sh': 'create' });
  });
});

describe('42 CCPM issue analysis: "### Stream X:" with labelled lines', () => {
  const plan = compileFixture('42_ccpm_issue_analysis_parallel_streams_zh.md');
  it('reads the four streams as tasks with their files, agents and hours', () => {
    expect(ids(plan)).toEqual(['stream-a', 'stream-b', 'stream-c', 'stream-d']);
    expect(plan.tasks.map((t) => t.agent)).toEqual(['general-purpose', 'general-purpose', 'general-purpose', 'general-purpose']);
    expect(plan.tasks.every((t) => t.routing.source === 'explicit')).toBe(true);
    expect(plan.tasks.map((t) => t.estimateMinutes)).toEqual([300, 240, 180, 120]);
    expect(filesOf(plan, 'stream-d')).toEqual({ 'internal/cache/metrics.go': 'modify', 'internal/cache/monitoring.go': 'modify' });
  });
  it('starts A, B and C at once ("Can Start: immediately") and D after Stream A', () => {
    expectTogether(plan, [['stream-a', 'stream-b'], ['stream-b', 'stream-c'], ['stream-a', 'stream-c'], ['stream-d', 'stream-b']]);
    expectOrdered(plan, [['stream-d', 'stream-a']]);
    expect(plan.tasks.flatMap((t) => t.externalDeps)).toEqual([]);
  });
});

describe('43 Spec Workflow tasks.md (Japanese): [-] in progress, File:, _Leverage:_', () => {
  const plan = compileFixture('43_specworkflow_tasks_ja_prompt_leverage_inprogress.md');
  it('reads tasks 1-30 and nothing from the prose ("2-3並列" is not a task)', () => {
    expect(ids(plan)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
  });
  it('reads status: ticked done, [-] and [ ] open', () => {
    expect(statusOf(plan, 'open')).toEqual(['20', '22', '23', '24', '25', '26', '27', '28', '29', '30']);
  });
  it('reads File: with its (新規作成) note, and _Leverage_ paths as reads', () => {
    expect(filesOf(plan, '23')).toEqual({ 'docs/parallel-processing-design.md': 'create' });
    expect(filesOf(plan, '2')).toEqual({ 'src/lib/scraper/DirectApiClient.ts': 'modify', 'src/lib/scraper/index.ts': 'read' });
  });
});

describe('44 Chinese plan: 任务 headings, 输入 naming earlier outputs, 新建/修改, 预估工作量', () => {
  const plan = compileFixture('44_plan_zh_task_io_implicit_deps_estimates.md');
  it('reads the 15 tasks 1.1-4.3', () => {
    expect(ids(plan)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3']);
  });
  it('makes a task wait for the one that makes the class its input names', () => {
    expect(task(plan, '1.4').deps).toContain('1.3'); // 输入: `JsonRpcClient` (1.3 creates services/mcp/core/JsonRpcClient.ts)
    expect(task(plan, '1.5').deps).toContain('1.3');
    expect(filesOf(plan, '1.3')['services/mcp/core/JsonRpcClient.ts']).toBe('create');
  });
  it('reads estimates in days (0.5 天 = 4 h, 2 天(含 UI 设计对接) = 16 h)', () => {
    expect(task(plan, '1.1').estimateMinutes).toBe(240);
    expect(task(plan, '1.3').estimateMinutes).toBe(720);
    expect(task(plan, '3.1').estimateMinutes).toBe(960);
  });
});

describe('45 kanban board: the column is the status, cards are rows, blockers mix issues and people', () => {
  const r = reading('45_kanban_board_columns_issue_cards_blockedby.md');
  const plan = r.plan;
  it('reads the Shipped cards as done, the untracked card too', () => {
    expect(statusOf(plan, 'done')).toEqual(['2', '3', '4', '5', '6', '7', '8', 'checkpoint-skill']);
  });
  it('orders #13 after #9 and keeps human prerequisites as external blockers', () => {
    expectOrdered(plan, [['13', '9']]);
    expect(task(plan, '10').externalDeps).toEqual(['codex CLI access']);
    expect(task(plan, '12').externalDeps).toEqual(['ANTHROPIC_API_KEY repo secret']);
    expectTogether(plan, [['10', '11'], ['14', '15']]);
  });
  it('lists the one card it did not take, with the reason', () => {
    expect(r.doc.skipped.map((s) => s.line)).toEqual([68]);
  });
});

describe('46 issue slices: # is the row number, #NN the id, Parent the epic', () => {
  const plan = compileFixture('46_issue_slices_table_github_ids_afk_hitl.md');
  it('reads the epic and the five slices by their issue numbers', () => {
    expect(ids(plan)).toEqual(['49', '50', '51', '52', '53', '54']);
  });
  it('follows Blocked by, makes the epic wait for its slices, and lets the two tracks run together', () => {
    expectOrdered(plan, [['51', '50'], ['52', '51'], ['53', '50'], ['54', '53'], ['49', '52']]);
    expectTogether(plan, [['51', '53'], ['52', '54']]);
    expect(waitsFor(plan, '49', '54')).toBe(false); // #54's parent is #48, not in this document
  });
});

describe('50 Agent OS task groups: "Task Group N" headings with Dependencies ranges', () => {
  const plan = compileFixture('50_agentos_task_groups_dependencies_completed.md');
  it('reads the groups with their N.0 and N.M steps', () => {
    expect(ids(plan).filter((id) => !id.includes('.'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(plan.tasks).toHaveLength(56);
  });
  it('orders the groups by "Task Groups 1-6" and lists, and reads COMPLETED groups as done', () => {
    expectOrdered(plan, [['2', '1'], ['5', '4'], ['7', '6'], ['8', '7'], ['7.1', '6.4']]);
    expect(task(plan, '4').status).toBe('done');
    expect(task(plan, '6').status).toBe('open');
  });
});

describe('54 wave graph: a node table with May touch and Blocked by, corrected by an execution log', () => {
  const plan = compileFixture('54_wave_graph_nodes_may_touch_blockedby_execlog.md');
  it('reads the four nodes by their issue numbers, one parallel wave', () => {
    expect(ids(plan)).toEqual(['1145', '1153', '1122', '1141']);
    expectTogether(plan, [['1145', '1122'], ['1153', '1141'], ['1145', '1141']]);
    expect(task(plan, '1145').externalDeps).toEqual(['1159']);
  });
  it('reads May touch as ownership, brace lists expanded', () => {
    expect(Object.keys(filesOf(plan, '1122'))).toEqual(expect.arrayContaining(['src/lib/templates.ts', 'src/commands/init.ts', 'src/commands/update.ts', 'src/commands/sync.ts']));
    expect(Object.keys(filesOf(plan, '1153'))).toEqual(['.github/workflows/upstream-assessment.yml']);
  });
});

describe('41 ExecPlan: a Progress list of timestamped checkboxes; Concrete Steps describe the same work', () => {
  const plan = compileFixture('41_execplan_progress_timestamps_prose_order.md');
  it('reads the 7 progress items once, titled without their timestamps, in the author\'s order', () => {
    expect(plan.tasks).toHaveLength(7);
    expect(plan.tasks[2]!.title).toMatch(/^Add request-level tenant header handling/);
    expect(plan.tasks.every((t) => !/2026-05-06/.test(t.title) && !/2026/.test(t.id))).toBe(true);
    expect(plan.tasks.map((t) => t.status)).toEqual(['done', 'done', 'open', 'open', 'open', 'open', 'open']);
    expect(waitsFor(plan, plan.tasks[6]!.id, plan.tasks[5]!.id)).toBe(true);
  });
});

describe('47 ASCII Gantt and box-drawing DAG: ids in lanes and boxes, edges drawn as arrows', () => {
  const plan = compileFixture('47_ascii_gantt_lanes_boxdrawing_dag_estimates.md');
  it('reads every T-id once, with the title and estimate from its box', () => {
    expect(plan.tasks.every((t) => /^T\d{3}$/.test(t.id))).toBe(true);
    expect(plan.tasks).toHaveLength(30);
    expect(task(plan, 'T001').title).toBe('Database Schema');
    expect(task(plan, 'T001').estimateMinutes).toBe(240);
    expect(task(plan, 'T084').title).toBe('Error Hand');
    expect(task(plan, 'T021').estimateMinutes).toBe(960);
  });
  it('follows the arrows: the critical path chain and the boxes joined below each other', () => {
    expectOrdered(plan, [['T010', 'T001'], ['T020', 'T010'], ['T021', 'T020'], ['T050', 'T021'], ['T051', 'T050'], ['T080', 'T051'], ['T084', 'T080'], ['T084', 'T081'], ['T011', 'T012'], ['T061', 'T060']]);
    expectTogether(plan, [['T001', 'T040'], ['T001', 'T030'], ['T080', 'T082'], ['T090', 'T092']]);
  });
  it('takes the decision-gate checkboxes as criteria, not tasks', () => {
    expect(plan.tasks.some((t) => /critical blockers/i.test(t.title))).toBe(false);
  });
});

describe('49 multi-agent master plan: the pipeline expression is the DAG', () => {
  const plan = compileFixture('49_multiagent_master_plan_subagents_waves_parallel_bars.md');
  it('reads the nodes of F → (A.R1 ‖ B ‖ C) → E.demo → E.publish → E.post and D (DF1→DF2→DF3→DF4)', () => {
    expect(ids(plan)).toEqual(['F', 'A.R1', 'B', 'C', 'E.demo', 'E.publish', 'E.post', 'D', 'DF1', 'DF2', 'DF3', 'DF4']);
    expectOrdered(plan, [['A.R1', 'F'], ['B', 'F'], ['C', 'F'], ['E.demo', 'A.R1'], ['E.demo', 'C'], ['E.post', 'E.publish'], ['DF4', 'DF1']]);
    expectTogether(plan, [['A.R1', 'C'], ['DF1', 'F'], ['D', 'E.post']]);
  });
  it('takes files from the conflict matrix and titles and days from the phase table keyed by those ids', () => {
    expect(Object.keys(filesOf(plan, 'C'))).toEqual(['web/static/views/graph3d.js', 'web/static/index.html', 'web/static/app.js', 'web/static/app.css']);
    expect(Object.keys(filesOf(plan, 'A.R1'))).toEqual(['parsers/python.py', 'parsers/typescript.py', 'resolve/calls.py']);
    expect(task(plan, 'DF2').title).toBe('React FETCH_CALL extractor');
    expect(task(plan, 'DF1').estimateMinutes).toBe(3 * 8 * 60);
  });
});
