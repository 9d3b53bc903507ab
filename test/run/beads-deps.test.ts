// Phase 1 asks beads about dependencies that live there: a task closed in bd is done, whoever closed it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';

const FAKE_BD_DIR = resolve(import.meta.dirname, '../fixtures');

function seed(dir: string, status: Record<string, string>): void {
  const issues = Object.fromEntries(Object.entries(status).map(([id, s]) => [id, { id, title: id, status: s, dependencies: [] }]));
  mkdirSync(join(dir, '.beads'), { recursive: true });
  writeFileSync(join(dir, '.beads', 'fake-db.json'), JSON.stringify({ prefix: 'bd', counter: 0, issues }));
}

describe('squad run reads bd for dependencies that live in beads', () => {
  const plan = makePlan([
    { id: 'bd-a1', beadsId: 'bd-a1', group: 'db', run: 'echo a1 >> order.txt' },
    { id: 'bd-b2', beadsId: 'bd-b2', group: 'api', deps: ['bd-a1'], run: 'echo b2 >> order.txt' },
  ]);
  const env = { PATH: `${FAKE_BD_DIR}:${process.env.PATH}` };

  it('runs the group when bd says its outside dependency is closed', async () => {
    const dir = repoWith(tempDir(), plan);
    seed(dir, { 'bd-a1': 'closed', 'bd-b2': 'open' });
    const r = await squad(['run', '--group', 'api'], dir, env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('refuses it when bd says the dependency is still open', async () => {
    const dir = repoWith(tempDir(), plan);
    seed(dir, { 'bd-a1': 'open', 'bd-b2': 'open' });
    const r = await squad(['run', '--group', 'api'], dir, env);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/group api is blocked: bd-b2 waits for bd-a1/);
  });

  it('--dry-run counts what bd closed as done, as the run does: nothing blocked, the closed task not predicted', async () => {
    const dir = repoWith(tempDir(), plan);
    seed(dir, { 'bd-a1': 'closed', 'bd-b2': 'open' });
    const r = await squad(['run', '--dry-run', '--json', '--concurrency', '1'], dir, env);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.groups.map((g: { name: string; blocked: string | null }) => [g.name, g.blocked])).toEqual([['db', null], ['api', null]]);
    expect(d.slots.map((s: { task: string }) => s.task)).toEqual(['bd-b2']);
  });
});
