// ai-agent-hub's parallel-test example: a feature PRD (02) and two per-agent plans (03, 04). Expectations come
// from reading the documents (line numbers cited), not from the compiler's output.
import { describe, expect, it } from 'vitest';
import { compileFixture, expectOrdered, expectTogether, filesOf, ids, task } from './helpers.js';

describe('02 feature PRD: "Files to Create" sections are the tasks', () => {
  const plan = compileFixture('02_aiagenthub_feature_prd.md');

  it('reads the three feature sections and the shared type definitions as four tasks', () => {
    expect(plan.tasks).toHaveLength(4);
    expect(task(plan, '1').title).toBe('Frontend Dashboard Component');
    expect(task(plan, '2').title).toBe('Backend API Endpoints');
    expect(task(plan, '3').title).toBe('ML-Powered Insights');
    expect(plan.tasks.some((t) => t.title === 'Type Definitions')).toBe(true);
    expect(plan.tasks.every((t) => t.status === 'open')).toBe(true);
  });

  it('orders by the Dependencies section (L59-62): frontend and backend after the types, ML after backend', () => {
    const types = plan.tasks.find((t) => t.title === 'Type Definitions')!.id;
    expect(plan.order.mode).toBe('explicit');
    expectOrdered(plan, [['1', types], ['2', types], ['3', '2']]);
    // L54 "Frontend, Backend, and ML can work simultaneously"
    expectTogether(plan, [['1', '2'], ['1', '3']]);
  });

  it('takes each section\'s "Files to Create" as created files, with the leading slash made repo-relative', () => {
    expect(filesOf(plan, '1')).toEqual({
      'frontend/components/AnalyticsDashboard.tsx': 'create',
      'frontend/components/MetricCard.tsx': 'create',
      'frontend/styles/analytics.css': 'create',
      'frontend/hooks/useMetrics.ts': 'create',
    });
    expect(filesOf(plan, '3')['ml/prompts/analysis_prompt.txt']).toBe('create');
    const types = plan.tasks.find((t) => t.title === 'Type Definitions')!;
    expect(filesOf(plan, types.id)).toEqual({ 'shared/types/metrics.ts': 'create', 'shared/types/analytics.ts': 'create' });
  });

  it('keeps the 12 success-criteria checkboxes (L67-80) out of the tasks', () => {
    expect(plan.successCriteria).toHaveLength(12);
    expect(plan.successCriteria[0]).toMatchObject({ text: 'Dashboard displays 6 key metrics', line: 67, done: false });
    expect(plan.tasks.some((t) => /Dashboard displays/.test(t.title))).toBe(false);
  });

  it('has no groups and no estimates (the document gives none per task)', () => {
    expect(plan.groups).toEqual([]);
    expect(plan.tasks.every((t) => t.estimateMinutes === null)).toBe(true);
  });
});

describe('03 agent-1 plan: numbered bold tasks with Files/Dependencies/Time', () => {
  const plan = compileFixture('03_aiagenthub_agent1_plan.md');

  it('has five tasks with their titles, all open', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5']);
    expect(task(plan, '1').title).toBe('Create shared type definitions');
    expect(task(plan, '4').title).toBe('Create WebSocket hook');
    expect(plan.tasks.every((t) => t.status === 'open')).toBe(true);
  });

  it('resolves prose dependencies to tasks: layout after types, cards after layout, hook after types', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '1').deps).toEqual([]);
    expectOrdered(plan, [['2', '1'], ['3', '2'], ['4', '1'], ['5', '1']]);
    // "Dependencies: Types defined" (L29): the hook does not wait for the dashboard components
    expectTogether(plan, [['4', '2'], ['4', '3']]);
  });

  it('styles after "Components created" (L35): the two tasks that create frontend/components/*, not the hook', () => {
    expect([...task(plan, '5').deps].sort()).toEqual(['2', '3']);
    expectTogether(plan, [['5', '4']]);
  });

  it('gives every task the document-level "Agent Type: frontend-ui-developer" (L4)', () => {
    for (const t of plan.tasks) {
      expect(t.agent).toBe('frontend-ui-developer');
      expect(t.routing.source).toBe('explicit');
    }
    expect(new Set(plan.agents.map((a) => a.type))).toEqual(new Set(['frontend-ui-developer']));
  });

  it('reads "Time:" as estimates (L13-37)', () => {
    expect(plan.tasks.map((t) => t.estimateMinutes)).toEqual([10, 15, 15, 10, 10]);
  });

  it('reads Files: lines and the READ-ONLY ownership list', () => {
    expect(filesOf(plan, '1')).toEqual({ 'shared/types/metrics.ts': 'create', 'shared/types/analytics.ts': 'create' });
    expect(filesOf(plan, '2')).toEqual({ 'frontend/components/AnalyticsDashboard.tsx': 'create' });
    expect(filesOf(plan, '4')).toEqual({ 'frontend/hooks/useMetrics.ts': 'create' });
    // L46: the stylesheet is in the "### CREATE" list
    expect(filesOf(plan, '5')).toEqual({ 'frontend/styles/analytics.css': 'create' });
    const config = plan.ownership.find((o) => o.path === 'config/analytics.config.js');
    expect(config?.mode).toBe('read-only');
  });

  it('keeps the six success criteria out of the tasks', () => {
    expect(plan.successCriteria.map((c) => c.text)).toContain('No conflicts with other agents');
    expect(plan.successCriteria).toHaveLength(6);
  });
});

describe('04 agent-2 plan: a wait task and "can start immediately"', () => {
  const plan = compileFixture('04_aiagenthub_agent2_plan.md');

  it('has five tasks, all open, agent type backend-system-architect (L4)', () => {
    expect(ids(plan)).toEqual(['1', '2', '3', '4', '5']);
    expect(task(plan, '2').title).toBe('Design database schema');
    for (const t of plan.tasks) {
      expect(t.status).toBe('open');
      expect(t.agent).toBe('backend-system-architect');
      expect(t.routing.source).toBe('explicit');
    }
  });

  it('starts the schema at once and orders API after types and models, service after API, export after service', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '2').deps).toEqual([]); // L16 "None (can start immediately)"
    expectTogether(plan, [['1', '2']]); // L63 schema designed "while waiting for types"
    expectOrdered(plan, [['3', '1'], ['3', '2'], ['4', '3'], ['4', '2'], ['5', '4']]);
  });

  it('reads Time: estimates', () => {
    expect([2, 3, 4, 5].map((n) => task(plan, String(n)).estimateMinutes)).toEqual([15, 20, 15, 10]);
  });

  it('reads the created files of the schema, API, service and export tasks (L40-43 CREATE)', () => {
    expect(filesOf(plan, '3')).toEqual({ 'backend/api/metrics.py': 'create' });
    expect(filesOf(plan, '4')).toEqual({ 'backend/services/analytics.py': 'create' });
    expect(filesOf(plan, '5')).toEqual({ 'backend/utils/export.py': 'create' });
    expect(filesOf(plan, '2')).toEqual({ 'backend/models/metric.py': 'create' }); // L40
    expect(plan.groups).toEqual([]);
  });
});
