// squad run and a tracker that cannot work: refused before anything starts; a failure while closing is
// "not closed" (exit 7) with the run record finished.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { onlyRecord } from './helpers/record.js';
import { squad, tempDir } from './helpers/cli.js';

const FAKE_BD_DIR = resolve(import.meta.dirname, '../fixtures');
const withBd = { PATH: `${FAKE_BD_DIR}:${process.env.PATH}` };
// No bd anywhere, but sh and the usual tools for the tasks.
const withoutBd = { PATH: '/usr/local/bin:/usr/bin:/bin'.split(':').filter((d) => !existsSync(join(d, 'bd'))).join(':') };

const beadsPlan = makePlan([
  { id: 'bd-a1', beadsId: 'bd-a1', run: 'touch ran-a1' },
  { id: 'bd-b2', beadsId: 'bd-b2', deps: ['bd-a1'], run: 'touch ran-b2' },
]);

function seed(dir: string): void {
  const issues = Object.fromEntries(['bd-a1', 'bd-b2'].map((id) => [id, { id, title: id, status: 'open', dependencies: [] }]));
  mkdirSync(join(dir, '.beads'), { recursive: true });
  writeFileSync(join(dir, '.beads', 'fake-db.json'), JSON.stringify({ prefix: 'bd', counter: 0, issues }));
}

const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('squad run with beads that cannot work', () => {
  it('refuses before starting anything when bd is not installed (exit 1, one line)', async () => {
    const dir = repoWith(tempDir(), beadsPlan);
    seed(dir);
    const r = await squad(['run'], dir, withoutBd);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/bd \(beads\) is not installed/);
    expect(oneLine(r.stderr)).toBe(true);
    expect(existsSync(join(dir, 'ran-a1'))).toBe(false);
  });

  it('refuses before starting anything when bd has no database (exit 1, one line)', async () => {
    const dir = repoWith(tempDir(), beadsPlan);
    mkdirSync(join(dir, '.beads'));
    const r = await squad(['run'], dir, withBd);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/no beads database found/);
    expect(oneLine(r.stderr)).toBe(true);
    expect(existsSync(join(dir, 'ran-a1'))).toBe(false);
  });

  it('reports tasks bd could not close as not closed (exit 7) when bd breaks while closing, and finishes the record', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'bd-a1', beadsId: 'bd-a1', run: 'rm .beads/fake-db.json' }]));
    seed(dir);
    const r = await squad(['run'], dir, withBd);
    expect(r.code, r.stdout + r.stderr).toBe(7);
    expect(r.stdout).toMatch(/bd-a1 is closed in the run state but beads did not close it: .*no beads database found/);
    expect(r.stderr).toBe('');
    const rec = onlyRecord(dir);
    expect(rec).toMatchObject({ status: 'failed', exitCode: 7 });
    expect(rec.tasks[0]!.status).toBe('closed');
  });

  it('--tracker beads without .beads/ or without bd ids is bad input (exit 1)', async () => {
    const noBeadsDir = repoWith(tempDir(), beadsPlan);
    const r = await squad(['run', '--tracker', 'beads'], noBeadsDir, withBd);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/--tracker beads.*\.beads\//);
    expect(existsSync(join(noBeadsDir, 'ran-a1'))).toBe(false);

    const noIds = repoWith(tempDir(), makePlan([{ id: 'T1', run: 'touch ran-T1' }]));
    seed(noIds);
    const r2 = await squad(['run', '--tracker', 'beads'], noIds, withBd);
    expect(r2.code, r2.stdout + r2.stderr).toBe(1);
    expect(r2.stderr).toMatch(/--tracker beads.*bd id/);
    expect(existsSync(join(noIds, 'ran-T1'))).toBe(false);
  });
});
