// The pure pieces: checkbox forms, bd output shapes, close waves, and the per-task decision.
import { describe, expect, it } from 'vitest';
import { checkboxOnLine, lineSpans, locateCheckbox, markdownDoc, tick } from '../../src/trackers/markdown/checkbox.js';
import { graphIds, issuesOf, refusals } from '../../src/trackers/beads/json.js';
import { closeWaves } from '../../src/trackers/beads/waves.js';
import { decide } from '../../src/close/verify-outcome.js';
import { planTask } from '../state/plan-fixture.js';

const origin = (line: number | null) => ({ kind: 'markdown' as const, checkboxLine: line, tag: null, rawId: null });

describe('checkboxes', () => {
  const forms = [
    ['- [ ] T001 Create it', false],
    ['* [X] T001 Create it', true],
    ['  1. [ ] T001 nested numbered', false],
    ['| [x] | T003 | Settings module [P] | `infra/config.py` | T001 |', true],
    ['[ ] TASK-101 Publish versioned schemas', false],
    ['> - [x] quoted', true],
  ] as const;
  it.each(forms)('finds the box in %j', (line, checked) => {
    const buf = Buffer.from(`intro\n${line}\nafter\n`);
    const box = checkboxOnLine(buf, lineSpans(buf), 2)!;
    expect(box.checked).toBe(checked);
    expect(String.fromCharCode(buf[box.markOffset - 1]!, buf[box.markOffset + 1]!)).toBe('[]');
  });

  it('ignores markers that are not checkboxes: [P], [US1], links', () => {
    const buf = Buffer.from('- T001 [P] [US1] see [docs](x.md)\n');
    expect(checkboxOnLine(buf, lineSpans(buf), 1)).toBeNull();
  });

  it('ticks only the first box on the line, even with multi-byte text before it', () => {
    const buf = Buffer.from('| é | [ ] | T1 | [ ] |\n');
    const box = checkboxOnLine(buf, lineSpans(buf), 1)!;
    expect(tick(buf, [box]).toString()).toBe('| é | [x] | T1 | [ ] |\n');
  });

  it('does not trust the recorded line when the document changed and the line no longer names the task', () => {
    const buf = Buffer.from('- [ ] T002 other\n- [ ] T001 mine\n');
    const task = { id: 'T001', title: 'mine', origin: origin(1) };
    expect(locateCheckbox(markdownDoc(buf, true), task)).toMatchObject({ ok: true, box: { line: 1 } });
    expect(locateCheckbox(markdownDoc(buf, false), task)).toMatchObject({ ok: true, box: { line: 2 } });
    expect(locateCheckbox(markdownDoc(buf, false), { ...task, origin: origin(null) })).toEqual({ ok: false, why: 'the task has no checkbox in the source document' });
  });
});

describe('bd output', () => {
  const issue = { id: 'bd-1', status: 'closed', title: 'x' };
  it('accepts an array, an object, an envelope, and {closed: [...]}', () => {
    for (const shape of [[issue], issue, { schema_version: 1, data: [issue] }, { schema_version: 1, data: issue }, { closed: [issue], unblocked: [] }]) {
      expect(issuesOf(shape), JSON.stringify(shape)).toEqual([issue]);
    }
    expect(issuesOf(null)).toEqual([]);
  });

  it('reads create --graph ids with or without the envelope', () => {
    expect(graphIds({ ids: { a: 'bd-1' }, schema_version: 1 })).toEqual({ a: 'bd-1' });
    expect(graphIds({ schema_version: 1, data: { ids: { a: 'bd-1' } } })).toEqual({ a: 'bd-1' });
    expect(graphIds({ error: 'x' })).toBeNull();
  });

  it("takes each id's refusal from bd's JSON report, else from the text line naming it", () => {
    const stderr = [
      'cannot close blocked issue: bd-2 is blocked by [bd-1] (use --force to override)',
      '{"schema_version":1,"data":{"error":"2 of 3 issues failed to close","failed":[{"id":"bd-3","error":"cannot close pinned issue bd-3"}]}}',
    ].join('\n');
    expect(refusals(stderr, ['bd-1', 'bd-2', 'bd-3'])).toEqual(
      new Map([
        ['bd-3', 'cannot close pinned issue bd-3'],
        ['bd-2', 'cannot close blocked issue: bd-2 is blocked by [bd-1] (use --force to override)'],
      ]),
    );
  });
});

describe('closeWaves', () => {
  it('puts each task after the tasks it depends on among those closed, and ignores the others', () => {
    const t = (id: string, deps: string[] = []) => ({ ...planTask({ id }, 0), deps });
    const waves = closeWaves([t('c', ['b']), t('a'), t('b', ['a', 'outside']), t('d', ['a'])]);
    expect(waves.map((w) => w.map((x) => x.id))).toEqual([['a'], ['b', 'd'], ['c']]);
  });
});

describe('decide', () => {
  const tasks = ['a', 'b', 'c', 'd', 'e'].map((id, i) => planTask({ id }, i));
  const states = new Map([['a', 'done'], ['b', 'done'], ['c', 'done'], ['d', 'done'], ['e', 'in_progress']] as const);
  const statuses = new Map([
    ['a', { state: 'open', where: 'x:1', why: null }],
    ['b', { state: 'closed', where: 'x:2', why: null }],
    ['c', { state: 'untracked', where: null, why: 'no checkbox' }],
    ['d', { state: 'missing', where: null, why: 'gone' }],
  ] as const);
  it('closes only done tasks open in the tracker, and only when the tests passed', () => {
    const passed = decide(tasks, states, statuses, true);
    expect(passed.toClose.map((t) => t.id)).toEqual(['a']);
    expect(passed.outcomes.map((o) => o.outcome)).toEqual(['closed', 'already-closed', 'untracked', 'not-closed', 'not-done']);
    const failed = decide(tasks, states, statuses, false);
    expect(failed.toClose).toEqual([]);
    expect(failed.outcomes[0]!.outcome).toBe('held-open');
  });
});
