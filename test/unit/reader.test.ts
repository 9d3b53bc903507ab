// The general reader (issue: "One general reader"): each form the issue names, read the same way wherever it sits.
import { describe, expect, it } from 'vitest';
import { compile, compileWithReading, type CompileOptions } from '../../src/compile.js';
import { explain, renderExplain } from '../../src/emit/explain.js';
import { leadingId, idKey } from '../../src/model/ids.js';
import { Config } from '../../src/config/schema.js';
import type { Plan } from '../../src/plan/schema.js';

const plan = (text: string, opts: Partial<CompileOptions> = {}): Plan => compile(text, { file: 'doc.md', ...opts });
const task = (p: Plan, id: string) => {
  const t = p.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}; ids: ${p.tasks.map((x) => x.id).join(' ')}`);
  return t;
};

describe('the id grammar', () => {
  it.each([
    ['T001 Setup', 'T001', 'strong'],
    ['L-27: fix', 'L-27', 'strong'],
    ['PROMPT-GOV-001 govern', 'PROMPT-GOV-001', 'strong'],
    ['TASK-037A do', 'TASK-037A', 'strong'],
    ['#121 issue', '121', 'strong'],
    ['R001 — title', 'R001', 'weak'],
    ['T3: title', 'T3', 'weak'],
    ['3. Stage', '3', 'weak'],
    ['bd-a1b2.3 child', 'bd-a1b2.3', 'strong'],
    ['task-06 x', 'task-06', 'strong'],
    ['F-01 feature', 'F-01', 'strong'],
    ['2.1.3 nested', '2.1.3', 'strong'],
    ['03-01 plan', '03-01', 'strong'],
  ])('%s -> %s (%s)', (text, id, strength) => {
    expect(leadingId(text)).toMatchObject({ id, strength });
  });

  it.each(['UTF-8 support', 'Gemini-2.5-flash integration', 'E2E tests', 'OAuth2 flow', 'S3 bucket', 'v2 API', '2.0x release', 'Node-20 upgrade'])(
    'does not read "%s" as an id',
    (text) => expect(leadingId(text)).toBeNull(),
  );

  it('resolves references after one normalisation', () => {
    expect(idKey('#121')).toBe(idKey('121'));
    expect(idKey('Task 7')).toBe(idKey('7'));
    expect(idKey('task-06')).toBe(idKey('6'));
    expect(idKey('T007')).toBe(idKey('t7'));
  });
});

describe('candidates', () => {
  it('takes id-led checkbox items of every id shape, and numbers with a dot', () => {
    const p = plan('## Tasks\n- [ ] L-27 Cache layer\n- [ ] PROMPT-GOV-001 Prompt policy\n- [ ] TASK-037A Hotfix\n- [ ] #121 Issue work\n- [ ] R001 Refactor\n- [ ] T3: Wire\n- [x] 3. Stage checkpoint module (P)\n');
    expect(p.tasks.map((t) => t.id)).toEqual(['L-27', 'PROMPT-GOV-001', 'TASK-037A', '121', 'R001', 'T3', '3']);
    expect(task(p, '3')).toMatchObject({ status: 'done', title: 'Stage checkpoint module' });
  });

  it('reads bold-lead bullets with an id as tasks, and requirement ids without a checkbox as requirements', () => {
    const p = plan('## Work\n- **TASK-037A**: Fix the importer\n- **FR-001**: Users can log in\n');
    expect(p.tasks.map((t) => t.id)).toEqual(['TASK-037A']);
    const r = compileWithReading('## Work\n- **TASK-037A**: Fix the importer\n- **FR-001**: Users can log in\n', { file: 'doc.md' });
    expect(explain(r).notTaken).toEqual([expect.objectContaining({ line: 3, why: expect.stringMatching(/requirement id/) })]);
  });

  it('makes AC-n checkboxes acceptance criteria, never tasks (so repeated AC ids are no duplicates)', () => {
    const p = plan('### T1 — first\n- [ ] AC-1: works\n### T2 — second\n- [ ] AC-1: also works\n');
    expect(p.tasks.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect(task(p, 'T1').acceptance).toEqual(['AC-1: works']);
  });
});

describe('tables by role', () => {
  const manifest = [
    '## Task Manifest',
    '',
    '| Task | Agent | Files | Depends On | Gate |',
    '|---|---|---|---|---|',
    '| T1: migration + model | codex | `migrations/0045_x.sql`, `src/auth.rs` | — | `cargo check` |',
    '| T2: handlers | claude | `src/handlers.rs` | T1 | `cargo test handlers` |',
    '| T3: docs | claude | `docs/auth.md` | — | — |',
    '',
  ].join('\n');

  it('reads a task manifest: T1: cells, agents, files, dependencies and gates', () => {
    const p = plan(manifest);
    expect(p.tasks.map((t) => [t.id, t.title])).toEqual([['T1', 'migration + model'], ['T2', 'handlers'], ['T3', 'docs']]);
    expect(task(p, 'T1')).toMatchObject({ agent: 'codex', gate: 'cargo check', deps: [] });
    expect(task(p, 'T1').files.map((f) => f.path)).toEqual(['migrations/0045_x.sql', 'src/auth.rs']);
    expect(task(p, 'T2')).toMatchObject({ agent: 'claude', gate: 'cargo test handlers', deps: ['T1'] });
    expect(task(p, 'T3').gate).toBeNull();
  });

  it('reads headers in other languages', () => {
    const p = plan('| 编号 | 任务 | 依赖 | 负责人 |\n|---|---|---|---|\n| A1 | 建表 | — | dba |\n| A2 | 接口 | A1 | backend |\n');
    expect(task(p, 'A2')).toMatchObject({ deps: ['A1'], agent: 'backend' });
  });

  it('takes the issue number as the id when the # column only counts rows', () => {
    const p = plan('| # | Slice | Blocked by | URL |\n|---|---|---|---|\n| 1 | Base | — | https://x/issues/50 |\n| 2 | Next | #50 | https://x/issues/51 |\n');
    expect(p.tasks.map((t) => t.id)).toEqual(['50', '51']);
    expect(task(p, '51').deps).toEqual(['50']);
  });
});

describe('fields', () => {
  it('reads nested lists under a key, italic fields and inline parentheses', () => {
    const p = plan([
      '## Tasks',
      '- [ ] T1 Schema',
      '- [ ] T2 Loader (parallel: true, depends on T1)',
      '- [ ] T3 Docs',
      '  - deps:',
      '    - T2 (the loader)',
      '  - agent:',
      '    - qa-specialist',
      '  - _Verify: `npm test -- docs`_',
      '- [ ] T4 Cleanup',
      '  _Depends: T1, T3_',
      '',
    ].join('\n'));
    expect(task(p, 'T2').deps).toEqual(['T1']);
    expect(task(p, 'T3')).toMatchObject({ deps: ['T2'], agent: 'qa-specialist', gate: 'npm test -- docs' });
    expect(task(p, 'T4').deps).toEqual(['T1', 'T3']);
  });

  it('reads field labels in other languages', () => {
    const p = plan('#### 任务 1: 建模\n- **依赖**: 无\n#### 任务 2: 接口\n- **依赖**: 任务 1\n- **预估工作量**: 2h\n- **涉及文件**: `src/api.ts`\n');
    expect(task(p, '2')).toMatchObject({ deps: ['1'], estimateMinutes: 120 });
    expect(task(p, '2').files.map((f) => f.path)).toEqual(['src/api.ts']);
  });
});

describe('references', () => {
  it('resolves mermaid edges, labelled or not, and a beads id by its short suffix', () => {
    const p = plan('## Tasks\n- [ ] proj-wv9 Write\n- [ ] proj-3j5 Read\n- [ ] proj-k2x Ship\n\n```mermaid\nflowchart TD\n  WV9 -->|blocks| 3J5\n  3J5 --> K2X\n```\n', { order: 'explicit' });
    expect(task(p, 'proj-3j5').deps).toEqual(['proj-wv9']);
    expect(task(p, 'proj-k2x').deps).toEqual(['proj-3j5']);
  });

  it('reads "ALL above" as every earlier task', () => {
    const p = plan('## Tasks\n- [ ] T1 a\n- [ ] T2 b\n- [ ] T3 c (depends on ALL above)\n', { order: 'explicit' });
    expect(task(p, 'T3').deps).toEqual(['T1', 'T2']);
    expect(task(p, 'T2').deps).toEqual([]);
  });

  it('keeps an unresolved id as an external dependency, never a silent chain', () => {
    const p = plan('## Tasks\n- [ ] T1 a (depends on T9)\n- [ ] T2 b\n');
    expect(task(p, 'T1').externalDeps).toEqual(['T9']);
    expect(p.warnings.some((w) => /T9, which this document does not define/.test(w.message))).toBe(true);
  });

  it('names every task the document-order fallback chains', () => {
    const p = plan('## Tasks\n- [ ] T1 a\n- [ ] T2 b\n- [ ] T3 c (depends on T1)\n- [ ] T4 d\n- [ ] T5 e\n');
    expect(p.warnings.find((w) => /declared on only/.test(w.message))!.message).toMatch(/wait for the task before them: T1, T2, T4, T5/);
  });
});

describe('plan files with front matter and task blocks', () => {
  it('reads GSD <task> blocks: files, the automated verify as gate, in order; front matter deps are the plan\'s', () => {
    const text = [
      '---',
      'phase: 03',
      'depends_on: [03-01]',
      '---',
      '',
      '<tasks>',
      '',
      '<task type="auto">',
      '  <name>Task 1: Add the cache</name>',
      '  <files>lib/cache.py, lib/config.py</files>',
      '  <action>',
      'Write it.',
      '',
      '- [ ] not a task, part of the action',
      '  </action>',
      '  <verify>',
      '    <automated>pytest -q tests/test_cache.py</automated>',
      '  </verify>',
      '  <done>cache works</done>',
      '</task>',
      '',
      '<task type="checkpoint:human-verify">',
      '  <name>Task 2: Look at it</name>',
      '  <verify>open the page</verify>',
      '</task>',
      '',
      '</tasks>',
      '',
    ].join('\n');
    const p = plan(text);
    expect(p.tasks.map((t) => t.id)).toEqual(['1', '2']);
    expect(task(p, '1')).toMatchObject({ gate: 'pytest -q tests/test_cache.py', externalDeps: ['03-01'] });
    expect(task(p, '1').files.map((f) => f.path)).toEqual(['lib/cache.py', 'lib/config.py']);
    expect(task(p, '2')).toMatchObject({ agent: 'human', deps: ['1'] });
  });
});

describe('squad explain', () => {
  it('gives each fact its line and rule', () => {
    const r = compileWithReading('| Task | Depends On | Gate |\n|---|---|---|\n| T1: a | — | `make a` |\n| T2: b | T1 | — |\n', { file: 'doc.md' });
    const t2 = explain(r, 'T2').tasks[0]!;
    expect(t2.facts.find((f) => f.fact === 'dep')).toMatchObject({ value: 'T1', line: 4, rule: expect.stringContaining("table column 'Depends On'") });
    const t1 = explain(r, 'T1').tasks[0]!;
    expect(t1.facts.find((f) => f.fact === 'gate')).toMatchObject({ value: 'make a', line: 3, rule: "table column 'Gate'" });
    expect(renderExplain(explain(r))).toContain("dep      T1  (line 4: declared by the task, table column 'Depends On')");
  });
});

describe('the reader config', () => {
  it('adds id patterns, field labels and column headers', () => {
    const cfg = Config.parse({ reader: { idPatterns: ['WO#\\d+'], fields: { deps: ['hängt ab von'] }, columns: { deps: ['Vorgänger'] } } });
    const a = plan('## Tasks\n- [ ] WO#1 One\n- [ ] WO#2 Two\n  - hängt ab von: WO#1\n', { reader: cfg.reader, order: 'explicit' });
    expect(task(a, 'WO#2').deps).toEqual(['WO#1']);
    const b = plan('| ID | Task | Vorgänger |\n|---|---|---|\n| T1 | a | — |\n| T2 | b | T1 |\n', { reader: cfg.reader });
    expect(task(b, 'T2').deps).toEqual(['T1']);
    // The next compile without the config reads with the defaults again.
    expect(plan('## Tasks\n- [ ] WO#1 One\n').tasks[0]!.id).not.toBe('WO#1');
  });

  it('rejects a bad pattern naming the key', () => {
    const r = Config.safeParse({ reader: { idPatterns: ['('] } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues[0]!.path)).toBe('["reader","idPatterns",0]');
  });
});

describe('checkbox dialects and numbered hierarchy', () => {
  it('reads [-] and [~] as open, [ ]* as optional, and numbers as hierarchy at one indent', () => {
    const p = plan('## Tasks\n- [x] 1. Parent\n- [x] 1.1 Child\n- [-] 1.2 In progress\n- [ ]* 1.3 Optional test\n- [~] 2. Next\n');
    expect(p.tasks.map((t) => [t.id, t.status])).toEqual([['1', 'done'], ['1.1', 'done'], ['1.2', 'open'], ['1.3', 'open'], ['2', 'open']]);
    expect(task(p, '1').deps.sort()).toEqual(['1.1', '1.2']); // not the optional 1.3
    expect(task(p, '2').deps).toContain('1.2'); // the chain skips optional work
    expect(task(p, '2').deps).not.toContain('1.3');
    const r = compileWithReading('## Tasks\n- [ ]* 3 Optional\n', { file: 'doc.md' });
    expect(explain(r).tasks[0]!.facts.find((f) => f.fact === 'status')!.value).toBe('open, optional (nothing waits for it)');
  });
});

describe('labels and markers in list items', () => {
  it('drops a Task: label, reads Task N: as the id, and a trailing commit sha as done', () => {
    const p = plan('## Phase 1: Setup\n- [ ] Task: Project structure [4c7b3ae]\n- [ ] Task 7: Wire `SecurityManager`\n## Phase 4: Final Verification & Cleanup\n- [ ] Task: Smoke test\n');
    expect(p.tasks.map((t) => [t.id, t.title, t.status])).toEqual([
      ['project-structure', 'Project structure', 'done'],
      ['7', 'Wire `SecurityManager`', 'open'],
      ['smoke-test', 'Smoke test', 'open'], // a phase is work even when its name says "verification"
    ]);
  });
});

describe('inputs name outputs', () => {
  it('makes a task wait for the earlier task whose output its input names, by path or by name', () => {
    const p = plan([
      '#### 任务 1: 客户端',
      '**涉及文件**:',
      '- 新建: `services/JsonRpcClient.ts`',
      '#### 任务 2: 传输层',
      '**涉及文件**:',
      '- 新建: `services/Transport.ts`',
      '#### 任务 3: 管理器',
      '**输入**:',
      '- `JsonRpcClient` 核心类',
      '- `services/Transport.ts`',
      '- `SomethingElse` (context, made by nobody)',
      '',
      '**预估工作量**: 1.5 天',
      '',
    ].join('\n'), { order: 'explicit' });
    expect(task(p, '3').deps.sort()).toEqual(['1', '2']);
    expect(task(p, '3').estimateMinutes).toBe(720);
    expect(task(p, '2').deps).toEqual([]);
    const r = compileWithReading('### T1 — a\n- Create: `src/store.ts`\n### T2 — b\n- Inputs: `store`\n', { file: 'doc.md', order: 'explicit' });
    expect(explain(r, 'T2').tasks[0]!.facts.find((f) => f.fact === 'dep')!.rule).toMatch(/its input `store` is made by T1/);
  });
});

describe('charts drawn in code blocks', () => {
  it('reads boxes as tasks and arrows as edges, left to right and top down with a fan', () => {
    const md = [
      '```',
      '┌────────┐    ┌────────┐',
      '│ API-1  │───►│ API-2  │',
      '│ Schema │    │ Routes │',
      '│ 2h     │    │ 3h     │',
      '└───┬────┘    └────────┘',
      '    │',
      '    ├──────────────┐',
      '┌───▼────┐    ┌────▼───┐',
      '│ API-3  │    │ API-4  │',
      '│ Client │    │ Docs   │',
      '└────────┘    └────────┘',
      '```',
    ].join('\n');
    const p = plan(md);
    expect(p.tasks.map((t) => [t.id, t.title, t.estimateMinutes])).toEqual([['API-1', 'Schema', 120], ['API-2', 'Routes', 180], ['API-3', 'Client', null], ['API-4', 'Docs', null]]);
    expect(task(p, 'API-2').deps).toEqual(['API-1']);
    expect(task(p, 'API-3').deps).toEqual(['API-1']);
    expect(task(p, 'API-4').deps).toEqual(['API-1']);
  });
  it('reads the ids of Gantt lanes as tasks', () => {
    const p = plan(['```', 'W-01 ████', 'W-02     ████', 'W-03 ████████', '```'].join('\n'));
    expect(p.tasks.map((t) => t.id)).toEqual(['W-01', 'W-02', 'W-03']);
  });
});

describe('arrow chains', () => {
  it('orders tasks by a chain with ranges, parallel groups and nested parentheses, wherever it sits', () => {
    const items = ['T001', 'T002', 'T003', 'T004', 'T005', 'T006'].map((id) => `- [ ] ${id} work ${id}`).join('\n');
    const p = plan(`${items}\n\nOrder: T001–T002 → (T003 → T004) and (T005 ‖ T006). T001 is first.\n`, { order: 'explicit' });
    expect(task(p, 'T003').deps.sort()).toEqual(['T001', 'T002']);
    expect(task(p, 'T004').deps).toEqual(['T003']);
    expect(task(p, 'T006').deps.sort()).toEqual(['T001', 'T002']);
    expect(task(p, 'T005').deps).not.toContain('T004');
  });
  it('leaves prose with an arrow alone, and says so when a chain names no task', () => {
    const p = plan('- [ ] T001 a\n- [ ] T002 b\n\nThe user clicks -> the page loads.\n\nT001 → T009\n', { order: 'explicit' });
    expect(task(p, 'T002').deps).toEqual([]);
    expect(p.warnings.map((w) => w.message).join('\n')).toMatch(/arrow chain here names T009, which is no task/);
  });
});

describe('fields in HTML comments', () => {
  it('reads a comment after a title and a comment on its own lines as the task\'s fields', () => {
    const p = plan([
      '- [ ] T1 Schema',
      '- [ ] T2 API <!-- depends: T1 -->',
      '- [ ] T3 Docs',
      '  <!-- agent: docs-writer; depends on: T2 -->',
      '',
      '### T4 — Release',
      '<!-- blocked by: T3 -->',
      'Ship it.',
    ].join('\n'), { order: 'explicit' });
    expect(task(p, 'T2').deps).toEqual(['T1']);
    expect(task(p, 'T2').title).toBe('API');
    expect(task(p, 'T3').deps).toEqual(['T2']);
    expect(task(p, 'T3').agent).toBe('docs-writer');
    expect(task(p, 'T4').deps).toEqual(['T3']);
  });
});

describe('dependencies said in the sentence', () => {
  it('reads a closing clause naming ids (blocked by, needs, after, once ... are done) and drops it from the title', () => {
    const p = plan([
      '- [x] #401 Define the invoice schema',
      '- [ ] #402 Stripe webhook handler — blocked by #401',
      '- [ ] #403 Invoice PDF rendering (after #401)',
      '- [ ] #404 Email receipts, needs #402 and #403',
      '- [ ] #405 Add retry logic that needs tests',
    ].join('\n'), { order: 'explicit' });
    expect(task(p, '402').deps).toEqual(['401']);
    expect(task(p, '402').title).toBe('Stripe webhook handler');
    expect(task(p, '404').deps.sort()).toEqual(['402', '403']);
    expect(task(p, '404').title).toBe('Email receipts');
    expect(task(p, '405').deps).toEqual([]);
    expect(task(p, '405').title).toBe('Add retry logic that needs tests');
  });
  it('reads numbered implementation steps that name "step N"', () => {
    const p = plan([
      '## Implementation plan',
      '',
      '1. Stand up the cluster (`infra/os.tf`).',
      '2. Write the indexer job; it needs the cluster from step 1.',
      '3. Dual-write from the API after step 2.',
      '4. Backfill old documents. Depends on step 2.',
      '5. Switch reads once steps 3 and 4 are done.',
    ].join('\n'));
    expect(p.tasks.map((t) => t.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(task(p, '2').deps).toEqual(['1']);
    expect(task(p, '3').deps).toEqual(['2']);
    expect(task(p, '4').deps).toEqual(['2']);
    expect(task(p, '5').deps.sort()).toEqual(['3', '4']);
    expect(task(p, '4').title).toBe('Backfill old documents');
  });
  it('reads per-agent sections: "Depends on Agent 1" and "Can start immediately" as sentences, file lists and bare paths', () => {
    const p = plan([
      '## Agent 1 (backend)',
      'Files to create:',
      '- `server/auth/session.ts`',
      'Files to modify:',
      '- `server/index.ts`',
      '',
      '## Agent 2 (frontend)',
      'Depends on Agent 1 (needs the session API).',
      'Files to create:',
      '- `web/src/Login.tsx`',
      '',
      '## Agent 3 (docs)',
      'Can start immediately.',
      '- `docs/auth.md` (new)',
    ].join('\n'));
    expect(p.tasks.map((t) => [t.id, t.title])).toEqual([['agent-1', 'Agent 1 (backend)'], ['agent-2', 'Agent 2 (frontend)'], ['agent-3', 'Agent 3 (docs)']]);
    expect(task(p, 'agent-1').files.map((f) => [f.path, f.access])).toEqual([['server/auth/session.ts', 'create'], ['server/index.ts', 'modify']]);
    expect(task(p, 'agent-2').deps).toEqual(['agent-1']);
    expect(task(p, 'agent-3').deps).toEqual([]);
    expect(task(p, 'agent-3').files.map((f) => [f.path, f.access])).toEqual([['docs/auth.md', 'create']]);
  });
});

describe('notes that order tasks', () => {
  it('reads "#421 should wait until #417 lands" in a notes list, and leaves other sentences alone', () => {
    const p = plan(['- [ ] #415 Queue', '- [ ] #417 Conflicts', '- [ ] #421 Docs', '', '## Notes', '', '- #421 should wait until #417 lands so the docs are final.', '- Reviews wait for the design team.'].join('\n'), { order: 'explicit' });
    expect(task(p, '421').deps).toEqual(['417']);
    expect(task(p, '417').deps).toEqual([]);
  });
});

describe('accents in labels and headers', () => {
  it('reads accented table headers and field labels whether or not the accents are written', () => {
    const p = plan(
      [
        '| Tâche | Abhängig von | Prüfung | Durée |',
        '| --- | --- | --- | --- |',
        '| T1: Build the parser | — | `npm test` | 2h |',
        '| T2: Wire the CLI | T1 | `npm run e2e` | 1h |',
        '',
        '- [ ] T3 Docs',
        '  - Dependencias: T2',
        '  - Verificacion: `npm run docs`',
      ].join('\n'),
    );
    expect(task(p, 'T2').deps).toEqual(['T1']);
    expect(task(p, 'T1').gate).toBe('npm test');
    expect(task(p, 'T1').estimateMinutes).toBe(120);
    expect(task(p, 'T3').deps).toEqual(['T2']);
    expect(task(p, 'T3').gate).toBe('npm run docs');
  });
});

describe('one vocabulary of dependency words (src/model/dependency-words.ts)', () => {
  // Before the vocabulary, each shape had its own list: "dipende da" was a field label and a sentence opener but was
  // not read in parentheses, "zależy od" was read nowhere, and a dependencies section knew neither "waits on" nor
  // "depends upon" (those three cases failed); the others pin the shapes that already read their phrases.
  const doc = (line: string) => `# Plan\n\n- [ ] T1 Base schema\n- [ ] T2 Seed data\n- [ ] T3 ${line}\n`;
  it.each([
    ['in parentheses', 'Import job (dipende da T1)'],
    ['in parentheses, English', 'Import job (waits for T1)'],
    ['closing the title', 'Import job, zależy od T1'],
    ['mid-sentence', 'Import job that runs once T1 is merged and reports'],
  ])('%s: %s', (_shape, line) => {
    const p = plan(doc(line), { order: 'explicit' });
    expect(task(p, 'T3').deps).toEqual(['T1']);
    expect(task(p, 'T3').title).toMatch(/^Import job/);
  });

  it('as a sentence of its own under the task', () => {
    const p = plan('# Plan\n\n- [ ] T1 Base schema\n- [ ] T2 Seed data\n- [ ] T3 Import job\n  Once T1 and T2.\n', { order: 'explicit' });
    expect(task(p, 'T3').deps).toEqual(['T1', 'T2']);
  });

  it('in a dependencies section', () => {
    const p = plan('# Plan\n\n## Tasks\n\n- [ ] T1 Base schema\n- [ ] T2 Seed data\n- [ ] T3 Import job\n\n## Dependencies\n\nT3 waits on T2\n\nT2 depends upon T1\n', { order: 'explicit' });
    expect(task(p, 'T3').deps).toEqual(['T2']);
    expect(task(p, 'T2').deps).toEqual(['T1']);
  });
});

describe('task records in YAML or JSON (src/model/extract-records.ts)', () => {
  const rfc = [
    '# RFC: reindexing',
    '',
    'Settings we keep (not the plan):',
    '',
    '```yaml',
    'index:',
    '  name: products_v7',
    '  shards: 6',
    '```',
    '',
    '## Work breakdown',
    '',
    '```yaml',
    '- id: RX-1',
    '  title: Alias helper',
    '  owner: claude',
    '  files: [search/aliases.py]',
    '  needs: []',
    '  check: pytest tests/test_aliases.py',
    '  status: done',
    '- id: RX-2',
    '  title: Dual-write',
    '  owner: codex',
    '  files: [search/writer.py]',
    '  needs: [RX-1]',
    '  status: todo',
    '- id: RX-3',
    '  title: Checker',
    '  owner: claude   # a comment is not part of the value',
    '  files: [search/compare.py]',
    '  needs: [RX-1]',
    '```',
    '',
  ].join('\n');

  it('reads a fenced YAML list of records, each key by the field reader, and leaves a settings block alone', () => {
    const p = plan(rfc);
    expect(p.tasks.map((t) => t.id)).toEqual(['RX-1', 'RX-2', 'RX-3']);
    expect(task(p, 'RX-1')).toMatchObject({ title: 'Alias helper', agent: 'claude', status: 'done', gate: 'pytest tests/test_aliases.py' });
    expect(task(p, 'RX-1').files.map((f) => f.path)).toEqual(['search/aliases.py']);
    expect(task(p, 'RX-2').deps).toEqual(['RX-1']);
    expect(task(p, 'RX-3')).toMatchObject({ deps: ['RX-1'], agent: 'claude', status: 'open' });
    // `needs: []` declares no dependency: RX-1 is not chained after anything, and RX-2 and RX-3 are free to overlap.
    expect(task(p, 'RX-1').deps).toEqual([]);
    expect(task(p, 'RX-3').deps).not.toContain('RX-2');
  });

  it('reads the same records from a .yaml file of their own, under a `tasks:` key', () => {
    const yaml = ['tasks:', '  - id: A1', '    title: Schema', '    files: [db/schema.sql]', '  - id: A2', '    title: API', '    depends_on: [A1]', '    assignee: dana', ''].join('\n');
    const p = plan(yaml, { file: 'tasks.yaml' });
    expect(p.tasks.map((t) => t.id)).toEqual(['A1', 'A2']);
    expect(task(p, 'A2')).toMatchObject({ deps: ['A1'], agent: 'dana' });
  });

  it('does not read a sample payload or an Ansible play list as a plan', () => {
    const doc = [
      '# Todo app PRD',
      '',
      '- [ ] T1 Build the list view',
      '',
      '```json',
      '[{ "id": 1, "title": "Buy milk", "completed": false }, { "id": 2, "title": "Walk dog", "completed": true }]',
      '```',
      '',
      '```yaml',
      '- name: Web servers',
      '  hosts: web',
      '  tasks:',
      '    - name: Install nginx',
      '      apt: { name: nginx }',
      '- name: Databases',
      '  hosts: db',
      '```',
      '',
    ].join('\n');
    expect(plan(doc).tasks.map((t) => t.id)).toEqual(['T1']);
  });
});

describe('what a plan leaves out, and done marks', () => {
  it('items under an out-of-scope section, and an item struck through from its start, are skipped with a reason', () => {
    const doc = [
      '# Sprint',
      '',
      '- [ ] T1 Parser',
      '- [ ] T2 Printer',
      '- [ ] ~~T3 SCIM provisioning~~ moved to next sprint',
      '',
      '## Not this sprint',
      '',
      '- T4 Session fixation bug',
      '',
    ].join('\n');
    const r = compileWithReading(doc, { file: 'doc.md' });
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['T1', 'T2']);
    expect(r.doc.skipped.map((s) => s.why)).toEqual(['struck through: dropped or moved out of this plan', 'under "Not this sprint": work this plan leaves out']);
  });

  it('a done mark closing an id-led item, and a state phrase closing a dependency list in another language', () => {
    const doc = ['# Tarefas', '', '1. **BE-1** Modelo ✅', '2. **BE-2** API', '3. **FE-1** Tela (quando BE-1 e BE-2 estiverem prontas)', ''].join('\n');
    const p = plan(doc);
    expect(task(p, 'BE-1')).toMatchObject({ status: 'done', title: 'Modelo' });
    expect(task(p, 'BE-2').status).toBe('open');
    expect(task(p, 'FE-1').deps).toEqual(['BE-1', 'BE-2']);
    expect(p.externalDeps).toEqual([]);
  });
});

describe('a section per person (src/model/owner-sections.ts)', () => {
  const sprint = (third: string) =>
    ['# Sprint 23', '', '## Alice', '', '1. **AUTH-410** Metadata parsing', '2. **AUTH-411** ACS endpoint', '', '## Chen', '', '1. **AUTH-413** AuthnRequest', '', `## ${third}`, '', '- **AUTH-420** Flag definition', '', '## Risks', '', '- Chen is away in week 2', ''].join('\n');

  it('names who does the tasks under it when one sibling plainly names a worker', () => {
    const p = plan(sprint('codex (agent)'));
    expect(Object.fromEntries(p.tasks.map((t) => [t.id, t.agent]))).toEqual({ 'AUTH-410': 'Alice', 'AUTH-411': 'Alice', 'AUTH-413': 'Chen', 'AUTH-420': 'codex' });
  });

  it('leaves areas alone: sibling headings of single words, none of them a worker', () => {
    const p = plan(sprint('Release'));
    expect(p.tasks.map((t) => t.agent)).not.toContain('Alice');
    expect(p.tasks.map((t) => t.agent)).not.toContain('Release');
  });
});
describe('numbered items beside stronger tasks', () => {
  it('stay tasks when they say what a task says, and are listed as skipped when they do not (never dropped silently)', () => {
    const doc = [
      '# ADR-7: Sessions in Postgres',
      '',
      '## Migration steps',
      '',
      '1. **Create the table** in `db/001.sql`.',
      '   Check: `make db-check`',
      '2. **Add the store** in `internal/pg_store.go`. Needs step 1.',
      '3. Celebrate with the team.',
      '',
    ].join('\n');
    const r = compileWithReading(doc, { file: 'doc.md' });
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['1', '2']);
    expect(task(r.plan, '2').deps).toEqual(['1']);
    expect(r.doc.skipped.map((s) => s.why)).toContain('a numbered item under "Migration steps" with no task facts, beside the document\'s tasks: read as prose');
  });
});

describe('facts inside a task\'s sentences', () => {
  it('reads fields written as sentences of a prose line, files in a bold title\'s description, and ✅ on numbered steps', () => {
    const doc = [
      '## Migration steps',
      '',
      '1. ✅ **Create the table** in `db/migrations/001_sessions.sql`. Owner: codex. Check: `make db-check`.',
      '2. **Add the store** in `internal/session/pg_store.go`. Needs step 1. Owner: claude.',
      '',
    ].join('\n');
    const p = plan(doc);
    expect(task(p, '1')).toMatchObject({ status: 'done', agent: 'codex', gate: 'make db-check' });
    expect(task(p, '1').files.map((f) => f.path)).toEqual(['db/migrations/001_sessions.sql']);
    expect(task(p, '2')).toMatchObject({ status: 'open', agent: 'claude', deps: ['1'] });
    expect(task(p, '2').files.map((f) => f.path)).toEqual(['internal/session/pg_store.go']);
  });
});

describe('a mermaid gantt chart (src/model/extract-gantt.ts)', () => {
  it('reads each bar as a task: id, after, done, section, duration; a table keyed by the ids adds owners and checks', () => {
    const doc = [
      '# Schedule',
      '',
      '```mermaid',
      'gantt',
      '    title Q2',
      '    dateFormat YYYY-MM-DD',
      '    section Data',
      '    Local schema        :done, db1, 2025-04-07, 3d',
      '    Change log          :db2, after db1, 2d',
      '    section API',
      '    Pull endpoint       :api1, after db2, 1d',
      '    Auth scopes         :crit, api3, 2025-04-07, 4h',
      '```',
      '',
      '| id | owner | check |',
      '|----|-------|-------|',
      '| db2 | claude | `npm test -- changelog` |',
      '',
    ].join('\n');
    const p = plan(doc);
    expect(p.tasks.map((t) => t.id)).toEqual(['db1', 'db2', 'api1', 'api3']);
    expect(task(p, 'db1')).toMatchObject({ status: 'done', group: 'Data', estimateMinutes: 3 * 8 * 60 });
    expect(task(p, 'db2')).toMatchObject({ deps: ['db1'], agent: 'claude', gate: 'npm test -- changelog' });
    expect(task(p, 'api1')).toMatchObject({ deps: ['db2'], group: 'API' });
    expect(task(p, 'api3')).toMatchObject({ deps: [], estimateMinutes: 240 });
  });
});

describe('a plan written as a Makefile (src/model/extract-make.ts)', () => {
  it('reads targets as tasks, prerequisites as dependencies, recipe comments as fields, and leaves variables and `all` out', () => {
    const doc = [
      '# Plan',
      '',
      '```make',
      'SEARCH := services/search',
      '.PHONY: all client dual',
      'all: dual',
      '',
      'client:                     # built',
      '\t# agent: codex',
      '\t# files: services/search/client.go',
      '\t# check: go test ./services/search/...',
      '\tSwap the client library.',
      '',
      'dual: client',
      '\t# agent: claude',
      '\tWrite to both clusters.',
      '```',
      '',
    ].join('\n');
    const p = plan(doc);
    expect(p.tasks.map((t) => t.id)).toEqual(['client', 'dual']);
    expect(task(p, 'client')).toMatchObject({ status: 'done', agent: 'codex', gate: 'go test ./services/search/...', title: 'client: Swap the client library.' });
    expect(task(p, 'dual')).toMatchObject({ deps: ['client'], agent: 'claude', status: 'open' });
  });
});

describe('notes about the plan', () => {
  it('cards under a legend or info column are not work, and are listed as skipped', () => {
    const doc = ['## ℹ️ Info', '', '- [ ] Legend: `needs:` = cards that must be done first', '', '## Todo', '', '- [ ] PAY-1 Refunds', '  needs: PAY-0', ''].join('\n');
    const r = compileWithReading(doc, { file: 'board.md' });
    expect(r.plan.tasks.map((t) => t.id)).toEqual(['PAY-1']);
    expect(r.doc.skipped[0]!.why).toBe('under "ℹ️ Info": notes about the plan (a legend, a glossary), not work');
  });
});

describe('an id in a sentence above its checkbox item', () => {
  it('is a sentence about that task, said in a warning, not a duplicate id error', () => {
    const doc = ['# Tracking', '', '1. **#11 goes first.**', '2. **#13 is blocked by #12.**', '', '- [x] #11 Wrapper', '- [ ] #12 Billing', '- [ ] #13 Calendar', ''].join('\n');
    const p = plan(doc);
    expect(p.tasks.map((t) => [t.id, t.status, t.line])).toEqual([['11', 'done', 6], ['12', 'open', 7], ['13', 'open', 8]]);
    expect(task(p, '13').deps).toContain('12');
    expect(p.warnings.map((w) => w.message)).toContain('11 at line 3 is also the checkbox item at line 6: read as a sentence about that task, not a second one');
  });
});
