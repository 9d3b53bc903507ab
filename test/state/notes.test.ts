// Handoff notes: `squad note` and `squad done --note` attach a note (who, when) in the claim store; `squad status`
// shows them; the prompt of a task that depends on a noted task lists its notes, in a real `squad run`.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan-fixture.js';
import * as claim from '../../src/commands/claim.js';
import * as done from '../../src/commands/done.js';
import * as note from '../../src/commands/note.js';
import * as status from '../../src/commands/status.js';
import { eachInTempRepo, sq } from './in-process.js';
import { builtCli, squad, tempDir } from '../run/helpers/cli.js';

const plan = buildPlan([{ id: 'T001' }, { id: 'T002', deps: ['T001'] }, { id: 'T003', deps: ['T001', 'T002'] }]);

describe('squad note and squad done --note (in process)', () => {
  const current = eachInTempRepo(plan);

  it('attaches notes by anyone in any state, kept across claims, shown by status (text and --json)', async () => {
    expect(await sq(note, 'T001', 'the API returns cents, not dollars', '--as', 'alice')).toMatchObject({ code: 0, out: 'noted on T001 as alice\n' });
    expect((await sq(claim, 'T001', '--as', 'bob')).code).toBe(0);
    const finished = await sq(done, 'T001', '--as', 'bob', '--note', 'migrations are in db/next', '--json');
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.out).task).toMatchObject({ state: 'done', note: 'migrations are in db/next', notes: [{ by: 'alice' }, { by: 'bob', text: 'migrations are in db/next' }] });
    const json = JSON.parse((await sq(status, '--json')).out);
    const t1 = json.tasks.find((t: { id: string }) => t.id === 'T001');
    expect(t1.state).toBe('done');
    expect(t1.notes).toEqual([
      { by: 'alice', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), text: 'the API returns cents, not dollars' },
      { by: 'bob', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), text: 'migrations are in db/next' },
    ]);
    const text = (await sq(status)).out;
    expect(text).toMatch(/T001 .* by bob in \d+s\n\s+note \(alice, \d\d:\d\d:\d\d\): the API returns cents, not dollars\n\s+note \(bob, \d\d:\d\d:\d\d\): migrations are in db\/next\n/);
    // The journal records notes too.
    const coord = join(current().root, '.squad', 'coord');
    const events = readFileSync(join(coord, readdirSync(coord)[0]!, 'events.jsonl'), 'utf8');
    expect(events).toMatch(/"event":"note","task":"T001","by":\{"name":"alice".*"note":"the API returns cents, not dollars"/);
  });

  it('refuses an unknown task (exit 1), a missing text and an empty one (exit 2)', async () => {
    await expect(sq(note, 'T999', 'x', '--as', 'a')).rejects.toThrow(/unknown task 'T999'/);
    await expect(sq(note, 'T001')).rejects.toThrow(/expected a task id and the note's text, got 1/);
    await expect(sq(note, 'T001', '  ')).rejects.toThrow(/the note has no text/);
  });
});

describe('notes reach the prompts of dependent tasks in squad run', { timeout: 180_000 }, () => {
  it("a run: task notes something; the agent of the task after it finds 'T001 (alice): ...' in its prompt", async () => {
    const dir = tempDir('squad-notes-');
    const cli = builtCli();
    writeFileSync(
      join(dir, 'tasks.md'),
      [
        '# Tasks',
        '',
        '- [ ] T001 Decide the money format',
        `  - run: \`node ${cli} note T001 "the API returns cents, not dollars" --as alice\``,
        '- [ ] T002 Build the invoice page (depends on T001)',
        '- [ ] T003 Unrelated cleanup',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'squad.config.yaml'), ['agents:', `  default: [sh, -c, 'cp "$0" "prompt-$1.md"', '{prompt}', '{task}']`, 'test:', '  command: "true"', ''].join('\n'));
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    const r = await squad(['run', '--isolation', 'shared'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const prompt = readFileSync(join(dir, 'prompt-T002.md'), 'utf8');
    expect(prompt).toContain('## Notes from the tasks before you\n\n- T001 (alice): the API returns cents, not dollars\n');
    // Notes go to the tasks that depend on the noted one directly: T003 follows T002 in document order, not T001.
    expect(existsSync(join(dir, 'prompt-T003.md'))).toBe(true);
    expect(readFileSync(join(dir, 'prompt-T003.md'), 'utf8')).not.toContain('cents');
  });
});
