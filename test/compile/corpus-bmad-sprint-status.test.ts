// A BMAD sprint-status.yaml (48): 173 keys of epics, stories and retrospectives; decimal epics (epic-3-5 with
// stories 3-5-0-...) beside plain stories whose number looks the same (3-5-help-overlay); order only in comments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, readDocument } from '../../src/compile.js';
import { UserError } from '../../src/io/errors.js';
import { FIXTURES, compileFixture, expectOrdered, expectTogether, ids, statusOf, task } from './helpers.js';

const NAME = '48_bmad_sprint_status_yaml_story_keys_comments.yaml';

describe('48 vibe-dash sprint-status.yaml (BMAD)', () => {
  const plan = compileFixture(NAME);
  const doc = readDocument(readFileSync(FIXTURES + NAME, 'utf8'), { file: NAME });

  it('reads the 136 story keys as tasks, key as id, title from the slug, line of the key', () => {
    expect(plan.tasks).toHaveLength(136);
    expect(ids(plan).slice(0, 3)).toEqual(['1-1-project-scaffolding', '1-2-domain-entities', '1-3-port-interfaces']);
    expect(task(plan, '3-5-0-cleanup-existing-storage')).toMatchObject({ title: 'Cleanup existing storage', line: 81 });
    expect(task(plan, '16-7-wire-stats-view-into-dashboard').line).toBe(372);
    expect(plan.format).toBe('bmad-sprint-status');
  });

  it('lists the 19 epics and 18 retrospectives as skipped, not as tasks', () => {
    expect(doc.skipped.filter((s) => /^an epic/.test(s.why))).toHaveLength(19);
    expect(doc.skipped.filter((s) => /^a retrospective/.test(s.why)).map((s) => s.line).slice(0, 3)).toEqual([46, 60, 74]);
    expect(doc.skipped).toHaveLength(37);
  });

  it('tells decimal epics from plain stories: 3-5-help-overlay is epic 3, 3-5-0-cleanup-existing-storage epic 3.5', () => {
    expect(task(plan, '3-5-help-overlay').group).toBe('epic-3');
    expect(task(plan, '3-5-0-cleanup-existing-storage').group).toBe('epic-3-5');
    expect(task(plan, '4-5-waiting-indicator-display').group).toBe('epic-4');
    expect(task(plan, '4-5-1-bmad-v6-detector-implementation').group).toBe('epic-4-5');
    expect(task(plan, '9-5-7-stage-detection-backlog-epic').group).toBe('epic-9-5');
    expect(plan.groups.map((g) => [g.name, g.tasks.length])).toEqual([
      ['epic-1', 7], ['epic-2', 10], ['epic-3', 10], ['epic-3-5', 10], ['epic-4', 6], ['epic-4-5', 3], ['epic-4-6', 4],
      ['epic-6', 7], ['epic-7', 13], ['epic-8', 14], ['epic-9', 6], ['epic-9-5', 7], ['epic-10', 8], ['epic-11', 7],
      ['epic-12', 2], ['epic-13', 3], ['epic-14', 5], ['epic-15', 7], ['epic-16', 7],
    ]);
  });

  it('only done is done: 112 done, 23 backlog and 1 in review are open', () => {
    expect(statusOf(plan, 'done')).toHaveLength(112);
    expect(statusOf(plan, 'open')).toHaveLength(24);
    expect(task(plan, '15-7-display-confidence-level-in-detail-panel').status).toBe('open');
    expect(task(plan, '15-6-integrate-agent-detection-into-tui-dashboard').status).toBe('done');
  });

  it('runs the stories of an epic in numeric story order (7-10 after 7-9, not after 7-1), epics side by side', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, '7-10-m2-shared-test-helpers-package').deps).toEqual(['7-9-g23-retrospective-stage-detection']);
    expect(task(plan, '7-2-configuration-error-handling').deps).toEqual(['7-1-file-watcher-error-recovery']);
    expect(task(plan, '1-1-project-scaffolding').deps).toEqual([]);
    expect(task(plan, '13-1-create-binary-name-resolution-utility').deps).toEqual([]);
    expectTogether(plan, [['13-1-create-binary-name-resolution-utility', '14-1-implement-detectwithcoexistence-registry-method'], ['4-6-1-investigation-gap-analysis', '6-1-json-output-format']]);
  });

  it('reads "must complete before Epic 4" (L76, above epic-3-5) as an edge: epic 4 starts after epic 3.5', () => {
    expect(task(plan, '4-1-file-watcher-service').deps).toEqual(['3-5-9-remove-project-path-redundancy']);
    expectOrdered(plan, [['4-6-real-time-dashboard-updates', '3-5-0-cleanup-existing-storage']]);
  });

  it('warns that epic 10 is DEFERRED in its comment (L275-281) but backlog in its status (L282)', () => {
    expect(plan.warnings.filter((w) => /DEFERRED/.test(w.message))).toEqual([{ line: 282, message: expect.stringMatching(/^epic-10: a comment above it says DEFERRED, but its status is 'backlog'/) }]);
    expect(task(plan, '10-1-file-watching-architecture-research').status).toBe('open');
  });
});

describe('BMAD input errors', () => {
  it('a YAML file without development_status is refused with one line', () => {
    try {
      compile('project: x\nstories: []\n', { file: 'sprint.yaml' });
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).format()).toMatch(/^sprint\.yaml:1: not a BMAD sprint-status\.yaml: no development_status map/);
    }
  });

  it('broken YAML names its line', () => {
    try {
      compile('development_status:\n  epic-1: done\n  1-1-a: [done\n', { file: 'sprint.yaml' });
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).format()).toMatch(/^sprint\.yaml:\d+: not valid YAML/);
    }
  });
});
