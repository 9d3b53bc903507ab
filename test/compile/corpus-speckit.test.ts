// spec-kit tasks.md documents (01 template, 07, 09, 12). Expectations come from reading each document; line numbers
// cite where it says so. Ordering is the author's order (document mode): unmarked tasks one after another,
// consecutive [P] tasks together, phase headings as barriers.
import { describe, expect, it } from 'vitest';
import { compileFixture, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, idRange, ids, statusOf, task } from './helpers.js';

describe('01 spec-kit tasks template', () => {
  const plan = compileFixture('01_speckit_tasks_template.md');

  it('reads 28 numbered sample tasks and the six TXXX polish tasks, all open', () => {
    expect(plan.tasks).toHaveLength(34);
    expect(ids(plan).slice(0, 28)).toEqual(idRange('T', 1, 28));
    expect(task(plan, 'T001').title).toBe('Create project structure per implementation plan');
    expect(plan.tasks.slice(28).map((t) => t.title)).toEqual([
      'TXXX Documentation updates in docs/',
      'TXXX Code cleanup and refactoring',
      'TXXX Performance optimization across all stories',
      'TXXX Additional unit tests (if requested) in tests/unit/',
      'TXXX Security hardening',
      'TXXX Run quickstart.md validation',
    ]);
    expect(statusOf(plan, 'done')).toEqual([]);
  });

  it('keeps the author\'s order, with the declared "(depends on T012, T013)" (L94)', () => {
    expect(plan.order.mode).toBe('document');
    expectOrdered(plan, [
      ['T002', 'T001'],
      ['T004', 'T003'], // Phase 2 after Phase 1
      ['T007', 'T005'],
      ['T007', 'T006'],
      ['T014', 'T012'],
      ['T014', 'T013'],
      ['T010', 'T009'], // "No user story work can begin until this phase is complete" (L62)
      ['T015', 'T014'],
    ]);
    expect(task(plan, 'T014').deps).toEqual(expect.arrayContaining(['T012', 'T013']));
    // [P] pairs (L67-68, L87-88, L92-93)
    expectTogether(plan, [['T005', 'T006'], ['T010', 'T011'], ['T012', 'T013'], ['T018', 'T019']]);
  });

  it('writes the tests first (L85 NOTE): the [P] run of US1 tests does not run on into the implementation heading', () => {
    expect(task(plan, 'T012').deps).toEqual(['T010', 'T011']);
    expect(task(plan, 'T013').deps).toEqual(['T010', 'T011']);
    expectTogether(plan, [['T010', 'T011']]);
  });

  it('reads paths written in the task text', () => {
    expect(filesOf(plan, 'T012')).toEqual({ 'src/models/[entity1].py': 'create' });
    expect(filesOf(plan, 'T014')).toEqual({ 'src/services/[service].py': 'create' });
    // the same service file again in US2: a later writer modifies what T014 created
    expect(filesOf(plan, 'T021')).toEqual({ 'src/services/[service].py': 'modify' });
  });

  it('has phases, no groups, no explicit agents and no estimates', () => {
    expect(task(plan, 'T001').phase).toBe('Phase 1: Setup (Shared Infrastructure)');
    expect(task(plan, 'T004').phase).toBe('Phase 2: Foundational (Blocking Prerequisites)');
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('07 worker-placement game (90 tasks, all done but the playtest)', () => {
  const plan = compileFixture('07_speckit_worker_placement_001.md');

  it('reads T001..T090; everything is [x] except T090', () => {
    expect(ids(plan)).toEqual(idRange('T', 1, 90));
    expect(statusOf(plan, 'open')).toEqual(['T090']);
    expect(task(plan, 'T090').title).toMatch(/^Run end-to-end playtest/);
  });

  it('runs the [P] tasks together and keeps the author\'s order otherwise', () => {
    expect(plan.order.mode).toBe('document');
    // L287 config JSON files T012-T016 in parallel; L289 T027/T028; L290 T037/T038; [P] T003/T004
    expectTogether(plan, [['T012', 'T016'], ['T013', 'T015'], ['T027', 'T028'], ['T037', 'T038'], ['T003', 'T004']]);
    expectOrdered(plan, [
      ['T002', 'T001'],
      ['T005', 'T004'], // Phase 2 after Setup
      ['T017', 'T016'],
      ['T023', 'T022'], // stories after Foundational
      ['T029', 'T027'],
      ['T029', 'T028'],
      ['T030', 'T029'], // US2 depends on US1 (L268)
      ['T041', 'T040'], // US3 depends on US2 (L269)
      ['T058', 'T054'], // US5 depends on US4 (L272)
      ['T090', 'T089'], // Polish after all stories
      ['T090', 'T001'],
    ]);
  });

  it('lets T009 run with T006 and T007 (L287 "T006, T007, T009 can run in parallel"), though T008 stands between them', () => {
    expectTogether(plan, [['T009', 'T006'], ['T009', 'T007'], ['T006', 'T007']]);
    for (const t of ['T006', 'T007', 'T009']) expectOrdered(plan, [[t, 'T005']]);
    // the config loader (T010) loads with the schemas of T009; the game-state models (T008) use the shared models
    expectOrdered(plan, [['T010', 'T009'], ['T008', 'T006'], ['T008', 'T007']]);
  });

  it('reads backticked paths with create, modify and read access', () => {
    expect(filesOf(plan, 'T002')).toEqual({ 'pyproject.toml': 'create' });
    expect(filesOf(plan, 'T004')).toEqual({ 'tests/conftest.py': 'create' });
    expect(filesOf(plan, 'T024')['server/network.py']).toBe('modify'); // created by T017
    expect(filesOf(plan, 'T011')).toMatchObject({ 'config/game_rules.json': 'create', 'spec.md': 'read' });
  });

  it('has story phases and no groups, agents or estimates', () => {
    expect(task(plan, 'T023').phase).toMatch(/^Phase 3: User Story 1/);
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('09 kekkai node-version config (uppercase [X])', () => {
  const plan = compileFixture('09_speckit_kekkai_004.md');

  it('reads 13 tasks, all done ([X])', () => {
    expect(ids(plan)).toEqual(idRange('T', 1, 13));
    expect(statusOf(plan, 'done')).toHaveLength(13);
    expect(task(plan, 'T002').title).toMatch(/^In internal\/config\/config\.go: replace `ImageConfig\.BaseImage`/);
  });

  it('orders the foundational rename T002→T003→T004 and ends with T013 (L82, L85)', () => {
    expect(plan.order.mode).toBe('document');
    expectOrdered(plan, [
      ['T003', 'T002'],
      ['T004', 'T003'],
      ['T005', 'T004'], // stories after Phase 2
      ['T007', 'T004'],
      ['T008', 'T004'],
      ['T013', 'T010'],
      ['T013', 'T011'],
      ['T013', 'T012'],
    ]);
    expectTogether(plan, [['T010', 'T011'], ['T011', 'T012'], ['T010', 'T012']]); // "T010–T012 parallel" (L85)
  });

  it('reads the un-backticked path of T005', () => {
    expect(filesOf(plan, 'T005')['internal/runtime/init.go']).toBe('modify');
  });

  it('keeps the T001 title whole, and a shell command in backticks is not a file', () => {
    expect(task(plan, 'T001').title).toBe('Verify baseline: `go build ./... && go vet ./...` pass on clean tree');
    expect(filesOf(plan, 'T001')).toEqual({});
  });

  it('reads the path of "In <path>:" and "<path>:" tasks as the file they change', () => {
    const changed: [string, string][] = [
      ['T002', 'internal/config/config.go'],
      ['T003', 'internal/config/validate.go'],
      ['T004', 'internal/runtime/up.go'],
      ['T008', 'internal/runtime/up.go'],
      ['T010', 'README.md'],
      ['T011', 'SPECIFICATION.md'],
      ['T012', 'docs/my-project/.kekkai.yaml'],
    ];
    for (const [id, path] of changed) expect(filesOf(plan, id)[path], `${id} ${path}`).toBe('modify');
    expect(filesOf(plan, 'T004')).toEqual({ 'internal/runtime/up.go': 'modify' });
    expect(filesOf(plan, 'T012')).toEqual({ 'docs/my-project/.kekkai.yaml': 'modify' });
  });

  it('has the "Run quickstart.md ..." tasks read quickstart.md and write nothing', () => {
    for (const id of ['T006', 'T007', 'T009']) expect(filesOf(plan, id), id).toEqual({ 'quickstart.md': 'read' });
    const sweep = filesOf(plan, 'T013');
    expect(sweep['quickstart.md']).toBe('read');
    expect(Object.values(sweep).every((a) => a === 'read')).toBe(true);
  });

  it('has no groups, agents or estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('12 gearshack social graph (paths not backticked)', () => {
  const plan = compileFixture('12_speckit_gearshack_social.md');

  it('reads T001..T071, all done', () => {
    expect(ids(plan)).toEqual(idRange('T', 1, 71));
    expect(statusOf(plan, 'open')).toEqual([]);
    expect(task(plan, 'T020').title).toMatch(/^Create useFollowing hook in hooks\/social\/useFollowing\.ts/);
  });

  it('runs [P] runs together and keeps the order otherwise', () => {
    expect(plan.order.mode).toBe('document');
    // L274 "T003, T004, T005 can run in parallel"; L286-288 T020/T021, T034/T035, T063-T065
    expectTogether(plan, [['T003', 'T004'], ['T004', 'T005'], ['T020', 'T021'], ['T034', 'T035'], ['T063', 'T065']]);
    expectOrdered(plan, [
      ['T003', 'T002'],
      ['T015', 'T014'], // "(after T014)" (L279)
      ['T019', 'T014'],
      ['T020', 'T019'], // stories after Foundational
      ['T022', 'T020'],
      ['T022', 'T021'],
      ['T034', 'T033'], // US3 depends on US2 (table, L262)
      ['T066', 'T063'],
      ['T071', 'T070'],
    ]);
  });

  it('runs the query-layer tasks after T014 (L279 "T015, T016, T017, T018, T019 can run in parallel (after T014)")', () => {
    for (const id of ['T015', 'T016', 'T017', 'T018', 'T019']) {
      expectOrdered(plan, [[id, 'T014']]);
      expect(filesOf(plan, id)).toEqual({ 'lib/supabase/social-queries.ts': 'modify' });
    }
  });

  it('reads paths that are not backticked', () => {
    expect(filesOf(plan, 'T020')).toEqual({ 'hooks/social/useFollowing.ts': 'create' });
    expect(filesOf(plan, 'T004')).toEqual({ 'messages/en/social.json': 'create' });
    expect(filesOf(plan, 'T014')).toEqual({ 'lib/supabase/social-queries.ts': 'create' });
    expect(filesOf(plan, 'T015')).toEqual({ 'lib/supabase/social-queries.ts': 'modify' });
    expect(filesOf(plan, 'T058')).toEqual({ 'hooks/social/useFriendships.ts': 'modify' }); // created by T034
  });

  it('has no groups, agents or estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});
