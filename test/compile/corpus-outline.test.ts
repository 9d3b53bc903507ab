// Documents with no task list of their own, read through the last tiers of the candidate rule (README
// "Candidates"): a template's fenced example (05), a PRD's feature list (15, 17), a phase plan of bullets (51).
// Counts, ids, order and status checked by reading each document.
import { describe, expect, it } from 'vitest';
import { compileFixture, task, waitsFor } from './helpers.js';

describe('05 generate-tasks spec: the example task list in its code block', () => {
  const plan = compileFixture('05_dotfiles_generate_tasks_PGroup_spec.md');
  it('reads the 11 example tasks with their groups and says where they came from', () => {
    expect(plan.tasks.map((t) => t.id)).toEqual(['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '2.2.1', '2.2.2', '2.2.3', '2.3', '3.0']);
    expect(task(plan, '2.2.1').group).toBe('A');
    expect(task(plan, '2.2.3').group).toBe('B');
    expect(task(plan, '2.2.1').files.filter((f) => f.access !== 'read').map((f) => f.path)).toEqual(['src/component.tsx', 'src/component.test.tsx']);
    expect(plan.warnings[0]!.message).toMatch(/no task outside code blocks: read the 11 task\(s\) of the example/);
  });
  it('runs one group together and waits for it before the next step', () => {
    expect(waitsFor(plan, '2.2.1', '2.2.2') || waitsFor(plan, '2.2.2', '2.2.1')).toBe(false);
    expect(waitsFor(plan, '2.3', '2.2.3')).toBe(true);
    expect(waitsFor(plan, '2.0', '2.3')).toBe(true);
  });
});

describe('15 expense analyser PRD: the roadmap features are the work', () => {
  const plan = compileFixture('15_taskmaster_expense_analyser_prd.md');
  it('reads the 6 MVP, 4 phase-2 and 3 phase-3 features in order, and nothing else', () => {
    expect(plan.tasks.map((t) => t.title)).toEqual([
      'Project Infrastructure and Database Schema',
      'Auth0 Authentication System',
      'LLM Integration for Receipt Processing',
      'Receipt Upload and Image Processing',
      'Core Receipt Processing Workflow',
      'Basic Frontend Interface',
      'Analytics and Dashboard Backend',
      'Analytics Dashboard Frontend',
      'Data Export Functionality',
      'Receipt Verification and Manual Override',
      'Smart Features',
      'Integration Capabilities',
      'Advanced UI',
    ]);
    expect(plan.warnings.some((w) => /no task list found: read 13 bold-lead item\(s\)/.test(w.message))).toBe(true);
  });
});

describe('17 careercraft PRD: the feature list is the work', () => {
  const plan = compileFixture('17_taskmaster_careercraft_plain_prd.md');
  it('reads the 7 features with their bullets as details', () => {
    expect(plan.tasks.map((t) => t.title)).toEqual(['User Authentication', 'Landing Page', 'Resume Import', 'Data Editing Interface', 'LLM Chat Interface', 'Job Posting Analysis', 'Document Generation']);
    expect(task(plan, 'resume-import').details).toMatch(/drag-and-drop/);
  });
});

describe('51 German phase plan: bullets under phase headings, status on the heading', () => {
  const plan = compileFixture('51_plan_de_phasen_checkmark_headings_order_list.md');
  it('reads the 44 bullets of phases 1-8, not the goals or the order list', () => {
    expect(plan.tasks).toHaveLength(44);
    expect(plan.tasks.some((t) => /freiem Layout-Designer|Shared Core fachlich/.test(t.title))).toBe(false);
  });
  it('marks the 7 items of the phase headed ✔ done and the rest open', () => {
    expect(plan.tasks.filter((t) => t.status === 'done').map((t) => t.phase)).toEqual(Array(7).fill('Phase 1 – Projektgrundlage ✔'));
    expect(task(plan, 'solution-angelegt').status).toBe('done');
  });
  it('keeps phase order: phase 3 work waits for phase 2 work', () => {
    const p2 = plan.tasks.find((t) => t.title.startsWith('Layout-Dateiformat festziehen'))!;
    const p3 = plan.tasks.find((t) => t.title === 'VISCA-Basis kapseln')!;
    expect(waitsFor(plan, p3.id, p2.id)).toBe(true);
  });
});
