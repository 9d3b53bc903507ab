// Task Master documents: tasks.json with integer ids and sibling-relative subtask deps (16), string ids and two
// tags (32), a per-task markdown file whose dependencies live in another file (18), and a PRD written for Task
// Master's parse-prd with "### Task:" headings and "**Files to create:**" lists (19), and a legacy untagged file
// with a deferred subtask (35).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/compile.js';
import { FIXTURES, compileFixture, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, ids, statusOf, task, titled } from './helpers.js';

describe('16 expense analyser tasks.json (integer ids, subtasks)', () => {
  const plan = compileFixture('16_taskmaster_expense_analyser_tasks.json');

  it('reads the 10 tasks and their 43 subtasks, all done', () => {
    expect(plan.tasks).toHaveLength(53);
    expect(ids(plan).slice(0, 7)).toEqual(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6']);
    expect(task(plan, '1').title).toBe('Setup Project Infrastructure and Database Schema');
    expect(task(plan, '2.3').title).toBe('Account Invitation System');
    expect(statusOf(plan, 'open')).toEqual([]);
  });

  it('uses the declared dependencies; subtask deps are relative to their parent', () => {
    expect(plan.order.mode).toBe('explicit');
    expectOrdered(plan, [
      ['2', '1'],
      ['4', '2'],
      ['4', '3'],
      ['10', '8'],
      ['1', '1.6'], // a parent waits for its subtasks
      ['1.2', '1.1'],
      ['2.3', '2.1'], // "dependencies": [1, 2] inside task 2
      ['2.3', '2.2'],
      ['5.2', '5.1'], // "dependencies": ["5.1"]
      ['6.5', '6.1'],
    ]);
    expectTogether(plan, [['2.1', '2.2'], ['2.5', '2.1'], ['3.2', '3.3'], ['6', '7'], ['8', '9'], ['2', '3']]);
  });

  it('has subtasks wait for what their parent waits for: 2.1 for 1, 6.1 for 5', () => {
    expect(task(plan, '2').deps).toContain('1');
    expect(task(plan, '2.1').deps).toContain('1');
    expectOrdered(plan, [['2.2', '1'], ['6.1', '5'], ['6.5', '5']]);
  });

  it('takes no file from library names: task 6 ("React/Vue.js interface", L326) names no file', () => {
    expect(filesOf(plan, '6')).toEqual({});
    for (const t of plan.tasks) expect(t.files.map((f) => f.path), t.id).not.toContain('React/Vue.js');
  });

  it('has no groups and no estimates', () => {
    expect(plan.groups).toEqual([]);
    expect(plan.tasks.every((t) => t.estimateMinutes === null)).toBe(true);
  });
});

describe('32 jambot tasks.json (string ids, two tags)', () => {
  const plan = compileFixture('32_taskmaster_jambot_tasks_string_ids.json');

  it('compiles the master tag: 46 tasks and the 5 subtasks of task 11', () => {
    expect(plan.tasks).toHaveLength(51);
    expect(ids(plan).slice(10, 16)).toEqual(['11', '11.1', '11.2', '11.3', '11.4', '11.5']);
    expect(task(plan, '4').title).toBe('SQLite Database Schema Design and Implementation');
    expect(plan.warnings.some((w) => /enhancement-chord-generator/.test(w.message))).toBe(true);
  });

  it('keeps pending tasks open; done and cancelled ones are not work to do', () => {
    const open = statusOf(plan, 'open');
    expect(open).toHaveLength(21);
    for (const id of ['1', '2', '3', '4', '6', '17', '44', '46']) expect(task(plan, id).status).toBe('open');
    for (const id of ['5', '11', '11.3', '13', '43']) expect(task(plan, id).status).toBe('done');
    for (let n = 31; n <= 42; n++) expect(task(plan, String(n)).status, `cancelled task ${n}`).not.toBe('open');
  });

  it('uses the string dependencies', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '5').deps).toEqual(['3', '4']);
    expectOrdered(plan, [['3', '2'], ['7', '6'], ['7', '4'], ['44', '43'], ['44', '30'], ['46', '45'], ['11', '11.5'], ['11.2', '11.1']]);
    expectTogether(plan, [['3', '4'], ['19', '20'], ['21', '23']]);
  });

  it('has the subtasks of 11 wait for what 11 waits for (2 and 4)', () => {
    expect(task(plan, '11.1').deps).toEqual(expect.arrayContaining(['2', '4']));
    expectOrdered(plan, [['11.1', '2'], ['11.1', '4'], ['11.5', '2']]);
  });

  it('does not take the library "discord.py" (L8, L100, L159) for a file', () => {
    for (const t of plan.tasks) expect(t.files.map((f) => f.path), t.id).not.toContain('discord.py');
  });

  it('compiles the other tag when asked', () => {
    const chord = compileFixture('32_taskmaster_jambot_tasks_string_ids.json', { tag: 'enhancement-chord-generator' });
    expect(ids(chord)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(statusOf(chord, 'open')).toEqual(['5', '6', '9', '11', '12']);
    expect(task(chord, '9').deps).toEqual(['1', '6', '7']);
    expectTogether(chord, [['7', '8'], ['5', '7']]);
  });
});

describe('18 jambot task_015.md (one task, dependencies defined elsewhere)', () => {
  const plan = compileFixture('18_taskmaster_jambot_task015.md');

  it('is one done task with its title', () => {
    expect(ids(plan)).toEqual(['15']);
    expect(task(plan, '15')).toMatchObject({ title: 'Add pytest test suite for JamBot Discord bot', status: 'done' });
  });

  it('keeps every dependency of L7 as external, status glyphs stripped, with a warning', () => {
    const want = ['2', '4', '5', '6', '8', '11', '12', '13'];
    expect(plan.externalDeps.map((e) => e.id)).toEqual(want);
    expect(plan.externalDeps.every((e) => e.line === 7 && e.requiredBy.join() === '15')).toBe(true);
    expect(task(plan, '15').externalDeps).toEqual(want);
    expect(task(plan, '15').deps).toEqual([]);
    expect(plan.warnings.filter((w) => w.line === 7 && /external dependency/.test(w.message))).toHaveLength(8);
  });
});

describe('19 jambot premium PRD: "## Phase N:" and "### Task: <title>" headings without ids', () => {
  const plan = compileFixture('19_taskmaster_jambot_premium_prd.md');
  const titles = [
    'Create Premium API Repository Structure',
    'Design and Implement Premium API Database Schema',
    'Implement API Token Generation and Validation',
    'Implement Credit Management System',
    'Implement AI Chord Chart Generation Endpoint',
    'Implement Credits Query Endpoint',
    'Set Up Stripe Products and Prices',
    'Implement Stripe Checkout Session Creation',
    'Implement Stripe Webhook Handler',
    'Add Premium Configuration to Bot Database',
    'Create Premium API HTTP Client',
    'Implement Premium Setup Modal and Command',
    'Implement Credits and Buy Commands',
    'Add Premium Gating to Chart Creation',
    'Add Premium Configuration to Config Module',
    'Update Bot Documentation for Premium Features',
    'Create Premium API Documentation',
    'Add Premium Feature Tests',
    'Deploy Premium API Service',
    'End-to-End Testing and Launch',
  ];

  it('reads the 20 "### Task:" headings as tasks, in order, all open, each with a distinct id (numbered tables and product lists are not tasks)', () => {
    expect(plan.tasks.map((t) => t.title)).toEqual(titles);
    expect(new Set(ids(plan)).size).toBe(20);
    expect(statusOf(plan, 'done')).toEqual([]);
    expect(titled(plan, 'Create Premium API Repository Structure').line).toBe(27);
  });

  it('keeps the launch checklist (L502-506) with the last task, not as tasks of its own', () => {
    expect(titled(plan, 'End-to-End Testing and Launch').steps).toEqual([
      'All tests passing',
      'Documentation complete',
      'Stripe in live mode',
      'Monitoring configured',
      'Support process defined',
    ]);
  });

  it('puts each task in its "## Phase N:" heading', () => {
    expect(titled(plan, titles[0]!).phase).toBe('Phase 1: Premium API Service Foundation');
    expect(titled(plan, 'Implement Credits Query Endpoint').phase).toBe('Phase 1: Premium API Service Foundation');
    expect(titled(plan, 'Set Up Stripe Products and Prices').phase).toBe('Phase 2: Stripe Integration');
    expect(titled(plan, 'Add Premium Configuration to Config Module').phase).toBe('Phase 3: Bot Integration');
    expect(titled(plan, 'End-to-End Testing and Launch').phase).toBe('Phase 4: Documentation and Polish');
  });

  it('keeps the author\'s order (no dependencies declared), each phase after the one before', () => {
    expect(plan.order.mode).toBe('document');
    const id = (title: string) => titled(plan, title).id;
    expect(titled(plan, titles[0]!).deps).toEqual([]);
    expectOrdered(plan, [
      [id('Design and Implement Premium API Database Schema'), id(titles[0]!)],
      [id('Set Up Stripe Products and Prices'), id('Implement Credits Query Endpoint')],
      [id('Add Premium Configuration to Bot Database'), id('Implement Stripe Webhook Handler')],
      [id('Update Bot Documentation for Premium Features'), id('Add Premium Configuration to Config Module')],
      [id('End-to-End Testing and Launch'), id('Deploy Premium API Service')],
    ]);
  });

  it('reads the "**Files to create:**" list (L41-47) as created files', () => {
    const files = filesOf(plan, titled(plan, titles[0]!).id);
    for (const path of [
      'jambot-premium-api/pyproject.toml',
      'jambot-premium-api/src/main.py',
      'jambot-premium-api/src/config.py',
      'jambot-premium-api/Dockerfile',
      'jambot-premium-api/docker-compose.yml',
      'jambot-premium-api/.env.example',
    ]) {
      expect(files[path], path).toBe('create');
    }
  });

  it('has no groups, no explicit agents and no estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('35 twatch tasks.json (legacy untagged {"tasks": [...]}, a deferred subtask)', () => {
  const plan = compileFixture('35_taskmaster_legacy_untagged_twatch.json');
  const doc = readDocument(readFileSync(FIXTURES + '35_taskmaster_legacy_untagged_twatch.json', 'utf8'), { file: '35.json' });

  it('reads the 12 tasks and their subtasks, ids restarting at 1 under each parent, but not the deferred 3.4', () => {
    // 12 tasks; subtasks 1.1-1.5, 2.1-2.3, 3.1-3.4, 4.1-4.6, 5.1-5.7; 3.4 (L153) is "deferred".
    expect(plan.tasks).toHaveLength(12 + 5 + 3 + 3 + 6 + 7);
    expect(ids(plan).slice(0, 14)).toEqual(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '2', '2.1', '2.2', '2.3', '3', '3.1', '3.2', '3.3']);
    expect(ids(plan)).not.toContain('3.4');
    expect(task(plan, '4.6').title).toBe('Develop Success Rate Analytics');
    expect(task(plan, '4.6').line).toBe(230);
    expect(doc.skipped).toEqual([{ line: 153, text: '3.4 Performance Optimization', why: expect.stringMatching(/^status 'deferred'/) }]);
  });

  it('keeps the statuses: done is done, in-progress and pending are open', () => {
    expect(statusOf(plan, 'done')).toEqual(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '2', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3']);
    expect(task(plan, '3').status).toBe('open'); // "in-progress"
  });

  it('reads bare subtask dependencies as siblings: 4.5 [2, 3, 4] waits for 4.2, 4.3, 4.4; 5.4 [2, 3] for 5.2, 5.3', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '4.5').deps).toEqual(expect.arrayContaining(['4.2', '4.3', '4.4']));
    expect(task(plan, '5.4').deps).toEqual(expect.arrayContaining(['5.2', '5.3']));
    expect(task(plan, '7').deps).toEqual(['4', '6']);
    expectOrdered(plan, [['4.6', '4.4'], ['3.3', '3.2'], ['9', '7'], ['8', '6']]);
    expectTogether(plan, [['4.2', '4.3'], ['5.1', '1'], ['6', '3']]);
  });

  it('does not hold task 3, and so all of task 4, on the deferred optimisation 3.4', () => {
    expect(task(plan, '3').deps).toEqual(['1', '2', '3.1', '3.2', '3.3']);
    expect(plan.externalDeps).toEqual([]);
  });

  it('keeps what the Task Master tracker needs to close a subtask: tag master, the subtask\'s own id', () => {
    expect(task(plan, '4.2').origin).toEqual({ kind: 'taskmaster', checkboxLine: null, tag: 'master', rawId: 2 });
    expect(task(plan, '12').origin).toEqual({ kind: 'taskmaster', checkboxLine: null, tag: 'master', rawId: 12 });
  });

  it('traces each fact it read: id, title, status and each dependency with the entry as written', () => {
    const t = doc.tasks.find((x) => x.id === '4.5')!;
    expect(t.trace.filter((f) => f.fact === 'dep').map((f) => [f.value, f.rule])).toEqual([
      ['4.2', "Task Master 'dependencies' entry 2"],
      ['4.3', "Task Master 'dependencies' entry 3"],
      ['4.4', "Task Master 'dependencies' entry 4"],
    ]);
    expect(t.trace.find((f) => f.fact === 'status')).toEqual({ fact: 'status', value: 'open', line: 218, rule: "Task Master status 'pending'" });
    expect(t.trace.find((f) => f.fact === 'parent')?.value).toBe('4');
    expect(t.trace.find((f) => f.fact === 'id')?.value).toBe('4.5');
  });
});
