// More spec-kit documents: tasks in tables with a Dependencies column (08), and a Next.js task list (11).
import { describe, expect, it } from 'vitest';
import { compileFixture, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, idRange, ids, statusOf, task } from './helpers.js';

describe('08 AlphaForge: "| Done | ID | Task | Deliverable / Files | Dependencies |" tables', () => {
  const plan = compileFixture('08_speckit_alphaforge_table_deps.md');
  const rows = plan.tasks.filter((t) => /^T\d{3}$/.test(t.id));

  it('reads the 84 table rows T001..T084, all [x]', () => {
    expect(rows.map((t) => t.id)).toEqual(idRange('T', 1, 84));
    expect(rows.every((t) => t.status === 'done')).toBe(true);
    expect(task(plan, 'T003').title).toBe('Settings module (env parsing, constants)'); // trailing [P] stripped
    expect(task(plan, 'T009').title).toMatch(/^Pydantic schemas: RunConfig, IndicatorSpec/);
  });

  it('uses the Dependencies column, with comma lists and the range "T029-T032"', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(task(plan, 'T001').deps).toEqual([]);
    expect(task(plan, 'T008').deps).toEqual(['T002', 'T004']);
    expect(task(plan, 'T033').deps).toEqual(['T029', 'T030', 'T031', 'T032']);
    expectOrdered(plan, [['T016', 'T012'], ['T016', 'T015'], ['T023', 'T020'], ['T083', 'T080'], ['T083', 'T081']]);
    // Parallel Set examples: L41, L58, L99
    expectTogether(plan, [['T003', 'T004'], ['T004', 'T005'], ['T011', 'T014'], ['T012', 'T013'], ['T029', 'T032'], ['T030', 'T031']]);
    // nothing orders the tooling config before the DB bootstrap: both only need T001
    expectTogether(plan, [['T002', 'T006']]);
  });

  it('reads the Deliverable / Files column', () => {
    expect(Object.keys(filesOf(plan, 'T003'))).toEqual(['infra/config.py']);
    expect(Object.keys(filesOf(plan, 'T005'))).toEqual(['infra/utils/hash.py', 'infra/utils/time.py']);
    expect(Object.keys(filesOf(plan, 'T008'))).toEqual(['api/app.py', 'api/routes/health.py']);
    expect(filesOf(plan, 'T027')).toEqual({ 'domain/execution/simulator.py': 'modify' }); // T025 wrote it first
  });

  it('keeps phases and has no groups, agents or estimates', () => {
    expect(task(plan, 'T001').phase).toBe('Phase 1 – Foundation & Tooling');
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('11 ArchLog decision log MVP', () => {
  const plan = compileFixture('11_speckit_archlog_nextjs.md');

  it('reads T001..T078, all [x]', () => {
    expect(ids(plan)).toEqual(idRange('T', 1, 78));
    expect(statusOf(plan, 'open')).toEqual([]);
    expect(task(plan, 'T010').title).toBe('Create seed file with default categories in `supabase/seed.sql`');
  });

  it('runs consecutive [P] tasks together and keeps the author\'s order otherwise', () => {
    expect(plan.order.mode).toBe('document');
    expectTogether(plan, [['T003', 'T005'], ['T011', 'T015'], ['T012', 'T014'], ['T019', 'T021'], ['T023', 'T024'], ['T026', 'T027'], ['T036', 'T037']]);
    expectOrdered(plan, [
      ['T006', 'T005'],
      ['T008', 'T007'], // migrations one after another
      ['T009', 'T008'],
      ['T016', 'T015'],
      ['T028', 'T026'],
      ['T028', 'T027'],
      ['T026', 'T025'], // stories after Foundational
      ['T078', 'T001'],
    ]);
  });

  it('reads backticked paths', () => {
    expect(filesOf(plan, 'T010')).toEqual({ 'supabase/seed.sql': 'create' });
    expect(filesOf(plan, 'T011')).toEqual({ 'src/lib/supabase/server.ts': 'create' });
    expect(filesOf(plan, 'T028')['src/app/api/ai/draft/route.ts']).toBe('create');
    expect(filesOf(plan, 'T028')['contracts/api-routes.md']).toBe('read');
  });

  it('has no groups, agents or estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});
