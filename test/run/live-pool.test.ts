// A running `squad run` takes tasks added with `squad add` without a restart: into the group it is launching when
// they may start now, else after the others. Real processes, a real markdown plan; every wait is for an event.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRecord } from './helpers/record.js';
import { squad, startSquad, tempDir, until } from './helpers/cli.js';

// T1 holds the run open until the test creates `go`; T2 waits for T1.
const DOC = `# Tasks

- [ ] T1 Hold the run open
  - run: \`while [ ! -f go ]; do sleep 0.05; done; touch ran-T1\`
- [ ] T2 After the first
  - Depends on: T1
  - run: \`touch ran-T2\`
`;

function repo(): string {
  const dir = tempDir('squad-live-');
  writeFileSync(join(dir, 'tasks.md'), DOC);
  writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "true"\n');
  return dir;
}

describe('tasks added while squad run goes on', () => {
  it('a ready task starts while the group still runs (no restart), one that waits runs after its dependency', async () => {
    const dir = repo();
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    const run = startSquad(['run', '--concurrency', '2'], dir);
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    await until(() => /start\s+T1/.test(out), 60_000, 'T1 to start');

    // Ready at once: it must run while T1 still holds the group open (T1 waits for `go`, which only the test makes).
    const add = await squad(['add', 'Ready at once', '--id', 'NEW1', '--run', 'touch ran-NEW1'], dir);
    expect(add.code, add.stderr).toBe(0);
    // After T2, which waits for T1: it must not start before T1 and T2 are done.
    expect((await squad(['add', 'After the second', '--id', 'NEW2', '--after', 'T2', '--run', 'test -f ran-T2 && touch ran-NEW2'], dir)).code).toBe(0);
    await until(() => existsSync(join(dir, 'ran-NEW1')), 60_000, 'NEW1 to run while T1 still runs');
    expect(existsSync(join(dir, 'ran-T1'))).toBe(false);
    expect(out).toMatch(/picked up NEW1/);
    expect(existsSync(join(dir, 'ran-NEW2'))).toBe(false);

    writeFileSync(join(dir, 'go'), '');
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const id of ['T1', 'T2', 'NEW1', 'NEW2']) expect(existsSync(join(dir, `ran-${id}`)), id).toBe(true);
    const rec = onlyRecord(dir);
    for (const id of ['T1', 'T2', 'NEW1', 'NEW2']) expect(rec.tasks.find((t) => t.id === id), id).toMatchObject({ status: 'closed', attempts: 1 });
    // The added tasks are done in the claim store too, so `squad next` has nothing left.
    expect((await squad(['next'], dir)).code).toBe(8);
  });

  it('a plan.json that stops loading mid-run is named once and the run goes on with the plan it has', async () => {
    const dir = repo();
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    const run = startSquad(['run'], dir);
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    await until(() => /start\s+T1/.test(out), 60_000, 'T1 to start');
    const good = readFileSync(join(dir, 'plans/plan.json'), 'utf8');
    writeFileSync(join(dir, 'plans/plan.json'), '{ not json');
    await until(() => /plan\.json changed and does not load/.test(out), 30_000, 'the warning');
    writeFileSync(join(dir, 'plans/plan.json'), good);
    writeFileSync(join(dir, 'go'), '');
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.match(/plan\.json changed and does not load/g)).toHaveLength(1);
    expect(existsSync(join(dir, 'ran-T2'))).toBe(true);
  });
});
