// More spec-kit documents: tasks in tables with a Dependencies column (08), a Next.js task list (11), and a Rust
// task list whose task bodies wrap onto indented continuation lines (10).
import { describe, expect, it } from 'vitest';
import { compileFixture, expectNoGroupsAgentsOrEstimates, expectOrdered, expectTogether, filesOf, fullText, idRange, ids, statusOf, task } from './helpers.js';

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

  it('is exactly the 84 rows: nothing else (no "Phase 14" heading or note) becomes a task, and none is open', () => {
    expect(plan.tasks).toHaveLength(84);
    expect(statusOf(plan, 'open')).toEqual([]);
  });

  it('has the first writer of a Deliverable path create it, later writers modify it', () => {
    expect(filesOf(plan, 'T001')).toEqual({ 'pyproject.toml': 'create', '.python-version': 'create' }); // L31
    expect(filesOf(plan, 'T009')).toEqual({ 'domain/schemas/run_config.py': 'create' }); // L48
    expect(filesOf(plan, 'T080')['pyproject.toml']).toBe('modify'); // L209 version bump of T001's file
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

  it('keeps Next.js route-group parentheses in paths: (dashboard)', () => {
    expect(filesOf(plan, 'T022')).toEqual({ 'src/app/(dashboard)/layout.tsx': 'create' }); // L52
    expect(filesOf(plan, 'T031')).toEqual({ 'src/app/(dashboard)/decisions/actions.ts': 'create' }); // L74
    expect(filesOf(plan, 'T039')).toEqual({ 'src/app/(dashboard)/decisions/actions.ts': 'modify' }); // L95 "Add ... in"
    expect(filesOf(plan, 'T043')).toEqual({ 'src/app/(dashboard)/page.tsx': 'modify' }); // L112, created by T034
  });

  it('has no groups, agents or estimates', () => {
    expectNoGroupsAgentsOrEstimates(plan);
  });
});

describe('10 CloudKitty: [X] tasks with multi-line bodies', () => {
  const plan = compileFixture('10_speckit_cloudkitty_rust.md');

  it('reads T001..T050, all [X], each at the line of its checkbox', () => {
    expect(ids(plan)).toEqual(idRange('T', 1, 50));
    expect(statusOf(plan, 'open')).toEqual([]);
    expect(task(plan, 'T021').line).toBe(127);
    expect(task(plan, 'T050').origin.checkboxLine).toBe(340);
  });

  it('keeps a wrapped body whole: its continuation lines are part of the task, not new tasks (L24-26, L127-131)', () => {
    expect(task(plan, 'T001').title.startsWith('Create Cargo workspace: root `Cargo.toml`')).toBe(true);
    expect(fullText(plan, 'T001')).toBe(
      'Create Cargo workspace: root `Cargo.toml` (members `crates/*`), empty `crates/cloudkitty-core/src/lib.rs`, ' +
        '`crates/cloudkitty-server/src/main.rs`, `client/` directory; `cargo build` succeeds',
    );
    expect(fullText(plan, 'T021')).toBe(
      'Server integration test in `crates/cloudkitty-server/tests/server_integration.rs`: boot on ephemeral port with ' +
        'test config, `GET /world` → 200 + parses, open `/ws`, receive ≥2 frames with strictly increasing `tick`, ' +
        '`GET /kitties/{unknown}` → 404 error shape (contracts/http-api.md)',
    );
    expect(fullText(plan, 'T020')).toMatch(/^Write failing unit tests then make T009–T019 pass: .* \(in-module `#\[cfg\(test\)\]` blocks\)$/);
  });

  it('follows the internal order of Foundational (L350-352) and US1 (L353-354)', () => {
    expect(plan.order.mode).toBe('document');
    // "T005–T007 [P] → T008 → T009–T012 [P] + T013 → T014 → T015–T016 → T017–T018 [P] → T019 → T020"
    expectTogether(plan, [['T005', 'T006'], ['T005', 'T007'], ['T006', 'T007']]);
    expectOrdered(plan, [['T008', 'T005'], ['T008', 'T006'], ['T008', 'T007']]);
    expectTogether(plan, [['T009', 'T010'], ['T009', 'T012'], ['T010', 'T011'], ['T011', 'T012']]);
    for (const id of ['T009', 'T010', 'T011', 'T012']) expectOrdered(plan, [[id, 'T008'], ['T014', id]]);
    expectOrdered(plan, [['T014', 'T013'], ['T016', 'T015'], ['T019', 'T017'], ['T019', 'T018'], ['T020', 'T019']]);
    expectTogether(plan, [['T017', 'T018']]);
    // US1: "T021 first; T022 → T023/T024 [P] → T025; T026/T027 [P] → T028"
    expectOrdered(plan, [['T021', 'T020'], ['T022', 'T021'], ['T023', 'T022'], ['T024', 'T022'], ['T025', 'T023'], ['T025', 'T024']]);
    expectTogether(plan, [['T023', 'T024'], ['T026', 'T027']]);
    expectOrdered(plan, [['T028', 'T026'], ['T028', 'T027']]);
  });

  it('follows the later stories\' internal order (L355-362) and puts Polish last', () => {
    expectOrdered(plan, [
      ['T031', 'T030'],
      ['T032', 'T031'],
      ['T033', 'T023'], // "T033 needs US1's api.rs (T023)"
      ['T036', 'T034'],
      ['T036', 'T035'],
      ['T040', 'T038'],
      ['T040', 'T039'],
      ['T041', 'T040'],
      ['T041', 'T022'], // US4 → US1's sim_task (T022)
      ['T043', 'T042'],
      ['T044', 'T023'], // "T044 needs T023"
      ['T045', 'T021'], // US6 → US1 client (T026–T028) + integration test (T021)
      ['T045', 'T028'],
      ['T046', 'T045'],
      ['T049', 'T047'],
      ['T049', 'T048'],
      ['T050', 'T049'],
    ]);
    expectTogether(plan, [['T034', 'T035'], ['T038', 'T039'], ['T047', 'T048']]);
  });

  it('reads the backticked paths of the first line with their access', () => {
    expect(filesOf(plan, 'T001')['Cargo.toml']).toBe('create');
    // T001's workspace builds, so the crate manifests exist: T002/T003 add dependencies to them
    expect(filesOf(plan, 'T002')).toEqual({ 'crates/cloudkitty-core/Cargo.toml': 'modify' });
    expect(filesOf(plan, 'T003')).toEqual({ 'crates/cloudkitty-server/Cargo.toml': 'modify' });
    // L37 continues the line: "(Article VI required gate; research.md R12)" cites a document, read only
    expect(filesOf(plan, 'T004')).toEqual({ '.github/workflows/ci.yml': 'create', 'research.md': 'read' });
    expect(filesOf(plan, 'T005')).toEqual({ 'crates/cloudkitty-core/src/grid.rs': 'create' });
    expect(filesOf(plan, 'T013')).toEqual({ 'crates/cloudkitty-core/src/config.rs': 'create' });
    // the wrapped lines cite contracts/behavior.md: read only
    expect(filesOf(plan, 'T015')).toEqual({ 'crates/cloudkitty-core/src/behavior/mod.rs': 'create', 'contracts/behavior.md': 'read' });
    expect(filesOf(plan, 'T022')).toEqual({ 'crates/cloudkitty-server/src/sim_task.rs': 'create' });
    // L141 "serde wire shapes per contracts/http-api.md": read only
    expect(filesOf(plan, 'T023')).toEqual({ 'crates/cloudkitty-server/src/api.rs': 'create', 'contracts/http-api.md': 'read' });
    expect(filesOf(plan, 'T026')).toEqual({ 'client/index.html': 'create' });
    expect(filesOf(plan, 'T028')).toEqual({ 'client/render.js': 'create' });
    expect(filesOf(plan, 'T036')).toEqual({ 'crates/cloudkitty-core/src/behavior/playful.rs': 'create' });
    expect(filesOf(plan, 'T049')['specs/001-cloudkitty-mvp/quickstart.md']).toBe('read'); // "Run full quickstart.md validation"
  });

  it('has phases, and no groups, agents or estimates ("Developer A/B/C" is an example in a code block)', () => {
    expect(task(plan, 'T001').phase).toBe('Phase 1: Setup (Shared Infrastructure)');
    expect(task(plan, 'T046').phase).toBe('Phase 8: User Story 6 — The Greeble Mystery (Priority: P3)');
    expectNoGroupsAgentsOrEstimates(plan);
  });
});
