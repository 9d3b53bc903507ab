// A beads export (34): one issue per line, `blocks` dependencies, an epic its children name only in their notes
// ("Parent: fal-cli-ex8", "Epic: fal-cli-ex8"), files and the verify command in the `design` markdown.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, readDocument } from '../../src/compile.js';
import { UserError } from '../../src/io/errors.js';
import { FIXTURES, compileFixture, filesOf, ids, statusOf, task } from './helpers.js';

const NAME = '34_beads_jsonl_falcli_epic_blocks_verify.jsonl';

describe('34 fal-cli beads issues.jsonl', () => {
  const plan = compileFixture(NAME);
  const doc = readDocument(readFileSync(FIXTURES + NAME, 'utf8'), { file: NAME });

  it('reads the 9 issues that are not epics, ids as written, one line each, all closed = done', () => {
    expect(ids(plan)).toEqual(['fal-cli-1ew', 'fal-cli-1rb', 'fal-cli-26o', 'fal-cli-8xa', 'fal-cli-a4a', 'fal-cli-kkb', 'fal-cli-lcc', 'fal-cli-pdd', 'fal-cli-u0f']);
    expect(plan.tasks.map((t) => t.line)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    expect(task(plan, 'fal-cli-pdd').title).toBe('Create file-saver.js with saveFile() and generateFilename()');
    expect(statusOf(plan, 'open')).toEqual([]);
    expect(plan.format).toBe('beads-jsonl');
  });

  it('lists the epic (L6) as skipped, not as a task', () => {
    expect(doc.skipped).toEqual([{ line: 6, text: 'fal-cli-ex8 06-generate-command: Non-interactive generate command for agents', why: expect.stringMatching(/^an epic/) }]);
  });

  it('orders work by the "blocks" dependencies and nothing else', () => {
    expect(plan.order.mode).toBe('explicit');
    expect(Object.fromEntries(plan.tasks.map((t) => [t.id, t.deps]))).toEqual({
      'fal-cli-1ew': [],
      'fal-cli-1rb': ['fal-cli-1ew'],
      'fal-cli-26o': [],
      'fal-cli-8xa': ['fal-cli-kkb'],
      'fal-cli-a4a': ['fal-cli-pdd'],
      'fal-cli-kkb': ['fal-cli-26o', 'fal-cli-pdd'],
      'fal-cli-lcc': ['fal-cli-kkb'],
      'fal-cli-pdd': [],
      'fal-cli-u0f': ['fal-cli-26o'],
    });
  });

  it('groups every issue under the epic its notes name ("Parent: fal-cli-ex8." on L1-2, "Epic: fal-cli-ex8" on the rest)', () => {
    expect(plan.groups).toEqual([{ name: 'fal-cli-ex8', tasks: ids(plan) }]);
    expect(doc.tasks[0]!.trace.find((f) => f.fact === 'group')).toEqual({ fact: 'group', value: 'fal-cli-ex8', line: 1, rule: "beads notes 'Parent: fal-cli-ex8'" });
  });

  it('reads files from the design "## Files" list with the access in parentheses, and "## Patterns" paths as read', () => {
    expect(filesOf(plan, 'fal-cli-26o')).toEqual({ 'src/lib/fal-client.js': 'modify', 'src/lib/fal-client.test.js': 'modify' });
    expect(filesOf(plan, 'fal-cli-a4a')).toEqual({ 'src/lib/file-saver.test.js': 'modify', 'src/lib/image-saver.test.js': 'read' });
    const kkb = filesOf(plan, 'fal-cli-kkb');
    expect(kkb['src/commands/generate.test.js']).toBe('create');
    expect(kkb['src/index.js']).toBe('modify');
    expect(kkb['src/commands/interactive.js']).toBe('read');
    // Two decompositions of the epic both create file-saver.js and generate.js: said, never overlapped.
    expect(plan.exclusions).toEqual(expect.arrayContaining([{ path: 'src/lib/file-saver.js', tasks: ['fal-cli-1ew', 'fal-cli-pdd'] }]));
  });

  it('takes the gate from the design "## Verify" section, else from "Verify:" in the notes', () => {
    expect(task(plan, 'fal-cli-u0f').gate).toBe('node --test src/lib/fal-client.test.js');
    expect(task(plan, 'fal-cli-lcc').gate).toBe('node --test src/__tests__/cli.integration.test.js');
    expect(task(plan, 'fal-cli-1ew').gate).toBe('pnpm test');
    expect(doc.tasks.find((t) => t.id === 'fal-cli-8xa')!.trace.find((f) => f.fact === 'gate')).toEqual({
      fact: 'gate',
      value: 'node --test src/commands/generate.test.js',
      line: 4,
      rule: "beads design '## Verify'",
    });
  });

  it('keeps the acceptance criteria of the design and the bd ids, so beads can close the issues', () => {
    expect(task(plan, 'fal-cli-lcc').acceptance).toEqual([
      "Test: 'fal-cli generate --help' shows usage with all flags",
      "Test: generate command appears in main 'fal-cli --help' output",
      'Test: missing --model shows ValidationError',
      'Test: missing --prompt shows ValidationError',
    ]);
    expect(plan.tasks.every((t) => t.beadsId === t.id)).toBe(true);
  });

  it('traces each dependency with its beads type', () => {
    expect(doc.tasks.find((t) => t.id === 'fal-cli-kkb')!.trace.filter((f) => f.fact === 'dep')).toEqual([
      { fact: 'dep', value: 'fal-cli-26o', line: 7, rule: "beads dependency of type 'blocks'" },
      { fact: 'dep', value: 'fal-cli-pdd', line: 7, rule: "beads dependency of type 'blocks'" },
    ]);
  });

  it('refuses a line that is not JSON with file:line', () => {
    const lines = readFileSync(FIXTURES + NAME, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 40);
    try {
      compile(lines.join('\n'), { file: 'issues.jsonl' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).format()).toMatch(/^issues\.jsonl:3: not valid JSON \(.*\); each line of a beads export is one issue object/);
    }
  });
});

describe('beads dependency types', () => {
  const line = (o: object) => JSON.stringify(o);
  const text = [
    line({ id: 'bd-e1', title: 'Epic', issue_type: 'epic', status: 'open' }),
    line({ id: 'bd-a', title: 'A', status: 'open', dependencies: [{ issue_id: 'bd-a', depends_on_id: 'bd-e1', type: 'parent-child' }] }),
    line({ id: 'bd-b', title: 'B', status: 'in_progress', dependencies: [{ issue_id: 'bd-b', depends_on_id: 'bd-e1', type: 'parent-child' }, { issue_id: 'bd-b', depends_on_id: 'bd-a', type: 'related' }] }),
    line({ id: 'bd-c', title: 'C', status: 'open', dependencies: [{ issue_id: 'bd-c', depends_on_id: 'bd-e1', type: 'blocks' }, { issue_id: 'bd-c', depends_on_id: 'bd-d', type: 'waits-for' }] }),
    line({ id: 'bd-d', title: 'D', status: 'closed', dependencies: [{ issue_id: 'bd-d', depends_on_id: 'bd-x', type: 'discovered-from' }] }),
    line({ id: 'bd-f', title: 'F', status: 'deferred' }),
  ].join('\n');
  const plan = compile(text, { file: 'issues.jsonl' });
  const doc = readDocument(text, { file: 'issues.jsonl' });

  it('parent-child to an epic groups and does not order; related and discovered-from do not order', () => {
    expect(task(plan, 'bd-a').group).toBe('bd-e1');
    expect(task(plan, 'bd-b').group).toBe('bd-e1');
    expect(task(plan, 'bd-a').deps).toEqual([]);
    expect(task(plan, 'bd-b').deps).toEqual([]);
    expect(task(plan, 'bd-d').deps).toEqual([]);
    expect(doc.skipped.map((s) => [s.line, s.why.split(':')[0]])).toEqual([
      [1, 'an epic'],
      [3, "beads dependency of type 'related'"],
      [5, "beads dependency of type 'discovered-from'"],
      [6, "status 'deferred'"],
    ]);
  });

  it('blocks on an epic waits for every child of it; waits-for orders too; closed is done, in_progress open', () => {
    expect(task(plan, 'bd-c').deps).toEqual(['bd-a', 'bd-b', 'bd-d']);
    expect(statusOf(plan, 'done')).toEqual(['bd-d']);
    expect(ids(plan)).toEqual(['bd-a', 'bd-b', 'bd-c', 'bd-d']);
  });
});
