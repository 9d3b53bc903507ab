// squad verify with the Task Master tracker, on real tasks.json files: `"status": "done"` is written in place,
// and every other byte (tags, key order, number vs string ids, indentation, missing final newline) stays.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as verifyCmd from '../../src/commands/verify.js';
import { TempRepo, TESTS, fixture, runIn } from './helpers/repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
});
afterEach(() => repo.cleanup());

const verify = (...argv: string[]) => runIn(repo, verifyCmd, argv);

/** Lines (1-based) where two texts differ; both must have the same number of lines. */
function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [i + 1]));
}

describe('Task Master tracker', () => {
  it('writes done back into the expense-analyser tasks.json: reopened task and subtask come back to the corpus bytes', async () => {
    const corpus = fixture('16_taskmaster_expense_analyser_tasks.json');
    const lines = corpus.toString('utf8').split('\n');
    // Line 171 is task 3's status, line 107 the status of subtask 2 of task 2: reopen both in the copy.
    for (const n of [171, 107]) {
      expect(lines[n - 1]).toMatch(/"status": "done",$/);
      lines[n - 1] = lines[n - 1]!.replace('"done"', '"pending"');
    }
    repo.write('.taskmaster/tasks/tasks.json', lines.join('\n'));
    const plan = repo.compile('.taskmaster/tasks/tasks.json');
    expect(plan.tasks.filter((t) => t.status === 'open').map((t) => t.id)).toEqual(['2.2', '3']);
    repo.config(TESTS.pass);
    repo.markDone(['3', '2.2']);

    const r = await verify();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verify: tracker taskmaster \(plan compiled from Task Master \.taskmaster\/tasks\/tasks\.json\)$/m);
    expect(r.out).toMatch(/^closed 2\.2 \(\.taskmaster\/tasks\/tasks\.json master#2\.2\)$/m);
    expect(repo.read('.taskmaster/tasks/tasks.json').equals(corpus)).toBe(true);
  });

  it('changes only the status lines of the done tasks in a file with string ids, two tags and no final newline', async () => {
    const corpus = fixture('32_taskmaster_jambot_tasks_string_ids.json');
    repo.write('tasks.json', corpus);
    repo.compile('tasks.json');
    repo.config(TESTS.pass);
    repo.markDone(['1', '2']);

    const r = await verify();
    expect(r.code).toBe(0);
    const after = repo.read('tasks.json').toString('utf8');
    expect(changedLines(corpus.toString('utf8'), after)).toEqual([12, 25]);
    expect(after.split('\n')[11]).toBe('        "status": "done",');
    expect(after.endsWith('}')).toBe(true);
    const data = JSON.parse(after);
    expect(Object.keys(data)).toEqual(['master', 'enhancement-chord-generator']);
    expect(data.master.tasks[0]).toMatchObject({ id: '1', status: 'done' });
  });

  it('writes into the tag the plan was compiled from, not a task with the same id in another tag', async () => {
    const corpus = fixture('32_taskmaster_jambot_tasks_string_ids.json');
    repo.write('tasks.json', corpus);
    repo.compile('tasks.json', 'enhancement-chord-generator');
    repo.config(TESTS.pass);
    repo.markDone(['6']);

    expect((await verify()).code).toBe(0);
    const after = repo.read('tasks.json').toString('utf8');
    const [line] = changedLines(corpus.toString('utf8'), after);
    expect(line).toBeGreaterThan(739); // the tag starts on line 739
    const data = JSON.parse(after);
    expect(data['enhancement-chord-generator'].tasks.find((t: { id: number }) => t.id === 6).status).toBe('done');
    expect(data.master.tasks.find((t: { id: string }) => t.id === '6').status).toBe('pending');
  });

  it('closes nothing when the tests fail', async () => {
    const corpus = fixture('32_taskmaster_jambot_tasks_string_ids.json');
    repo.write('tasks.json', corpus);
    repo.compile('tasks.json');
    repo.config(TESTS.fail);
    repo.markDone(['1', '2', '3']);
    const r = await verify('--json');
    expect(r.code).toBe(4);
    expect(JSON.parse(r.out).counts).toMatchObject({ closed: 0, 'held-open': 3 });
    expect(repo.read('tasks.json').equals(corpus)).toBe(true);
  });

  it('reports a task deleted from tasks.json since compiling as not closed (exit 3) and still closes the rest', async () => {
    repo.write('tasks.json', JSON.stringify({ master: { tasks: [{ id: 1, title: 'One', status: 'pending' }, { id: 2, title: 'Two', status: 'pending' }] } }, null, 2));
    repo.compile('tasks.json');
    repo.write('tasks.json', JSON.stringify({ master: { tasks: [{ id: 1, title: 'One', status: 'pending' }] } }, null, 2));
    repo.config(TESTS.pass);
    repo.markDone(['1', '2']);
    const r = await verify();
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^not closed 2 \(tasks\.json\): task 2 is no longer in tag 'master'$/m);
    expect(JSON.parse(repo.read('tasks.json').toString('utf8')).master.tasks[0].status).toBe('done');
  });
});
