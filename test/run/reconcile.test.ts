// --resume makes the claim store agree with the run record (issue 13 item 1): a kill -9 between a task's end in
// state.json and its deferred 'done' entry in the store left the task claimed by a dead run, so `squad next --claim`
// handed finished work to someone else. Reproduced by deleting that 'done' entry after the kill.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { alive, sleep, squad, startSquad, tempDir } from './helpers/cli.js';

function record(dir: string): { tasks: { id: string; status: string; pid: number | null }[] } | null {
  const runs = join(dir, '.squad', 'runs');
  if (!existsSync(runs)) return null;
  for (const id of readdirSync(runs)) {
    const f = join(runs, id, 'state.json');
    if (existsSync(f)) return JSON.parse(readFileSync(f, 'utf8'));
  }
  return null;
}

describe('--resume and the claim store', () => {
  it('writes the done entry a crash lost, so the store agrees with the record and nobody is handed the task again', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'T1', run: 'echo one >> journal' },
        { id: 'T2', deps: ['T1'], run: 'if [ -f again ]; then exit 0; fi; touch again; sleep 60' },
      ]),
      'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n',
    );
    const first = startSquad(['run'], dir);
    // Wait for the event: T1 ended in the record and T2 is running.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const rec = record(dir);
      if (rec && rec.tasks.find((t) => t.id === 'T1')?.status === 'done' && rec.tasks.find((t) => t.id === 'T2')?.status === 'running') break;
      await sleep(20);
    }
    first.child.kill('SIGKILL');
    await first.done;
    // The window the issue names: T1's end is in state.json, its 'done' entry never reached the store.
    const coord = join(dir, '.squad', 'coord');
    const t1 = join(coord, readdirSync(coord)[0]!, 'tasks', 'T1');
    const doneEntry = readdirSync(t1).filter((f) => f.endsWith('.json')).find((f) => JSON.parse(readFileSync(join(t1, f), 'utf8')).kind === 'done');
    if (doneEntry) rmSync(join(t1, doneEntry));
    const before = JSON.parse((await squad(['status', '--json'], dir)).stdout) as { tasks: { id: string; state: string }[] };
    expect(before.tasks.find((t) => t.id === 'T1')!.state).not.toBe('done');

    const resumed = await squad(['run', '--resume'], dir);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/recorded as done in the claim store what the run record says finished: T1/);
    const after = JSON.parse((await squad(['status', '--json'], dir)).stdout) as { tasks: { id: string; state: string }[] };
    expect(after.tasks.map((t) => [t.id, t.state])).toEqual([['T1', 'done'], ['T2', 'done']]);
    expect(readFileSync(join(dir, 'journal'), 'utf8')).toBe('one\n'); // T1 never ran again
    const next = await squad(['next', '--claim', '--as', 'bob'], dir);
    expect(next.stdout + next.stderr).not.toMatch(/\bT1\b.*claimed/);
    expect([first.child.pid!].filter(alive)).toEqual([]);
  });
});
