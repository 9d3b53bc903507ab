// `squad allocate --beads`: the plan's tasks and edges go into beads in one `bd create --graph`, and each
// task's bd id lands in plan.json; tasks named with bd ids are used as they are.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as allocateCmd from '../../src/commands/allocate.js';
import * as verifyCmd from '../../src/commands/verify.js';
import { TempRepo, TESTS, runIn } from './helpers/repo.js';
import { bdCalls, bdEnv, beadsIssues, seedBeads } from './helpers/beads.js';

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
});
afterEach(() => repo.cleanup());

const allocate = (...argv: string[]) => runIn(repo, allocateCmd, argv, bdEnv(repo));

const DOC = `# Tasks

- [ ] T001 Create the schema in \`db/schema.sql\`
- [ ] T002 Build the API on the schema (depends on T001)
- [x] T003 Write the README
`;

describe('squad allocate --beads', () => {
  it('creates tasks and edges in one transaction, records the bd ids, and closes the tasks already done', async () => {
    seedBeads(repo, []);
    repo.write('tasks.md', DOC);
    const r = await allocate('tasks.md', '--beads', '--order', 'explicit');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^beads: created 3 task\(s\) and 1 dependency edge\(s\) in one transaction$/m);
    expect(r.err).toMatch(/^beads: closed 1 task\(s\) already done in tasks\.md$/m);

    const plan = repo.plan();
    const id = Object.fromEntries(plan.tasks.map((t) => [t.id, t.beadsId]));
    expect(Object.values(id).every((v) => typeof v === 'string' && /^bd-[0-9a-f]{4}$/.test(v))).toBe(true);
    const issues = beadsIssues(repo);
    expect(Object.keys(issues).sort()).toEqual(Object.values(id).sort());
    expect(issues[id.T002!]!.dependencies).toEqual([{ depends_on_id: id.T001, type: 'blocks' }]);
    expect(issues[id.T001!]).toMatchObject({ status: 'open', title: 'Create the schema in `db/schema.sql`', metadata: { squad_task: 'T001', squad_source: 'tasks.md' } });
    expect(issues[id.T003!]!.status).toBe('closed');
    expect(bdCalls(repo).filter((c) => c.argv[0] === 'create').map((c) => c.argv.slice(0, 2))).toEqual([['create', '--graph']]);
  });

  it('does not create the tasks again when plan.json already records their bd ids', async () => {
    seedBeads(repo, []);
    repo.write('tasks.md', DOC);
    expect((await allocate('tasks.md', '--beads')).code).toBe(0);
    const first = repo.plan().tasks.map((t) => t.beadsId);
    const again = await allocate('tasks.md', '--beads');
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/^beads: 3 task\(s\) already in beads from the previous plan\.json, not created again$/m);
    expect(repo.plan().tasks.map((t) => t.beadsId)).toEqual(first);
    expect(Object.keys(beadsIssues(repo))).toHaveLength(3);
    expect(bdCalls(repo).filter((c) => c.argv[0] === 'create')).toHaveLength(1);
  });

  it('uses bd ids written in the document as they are, and links new tasks to them with to_id', async () => {
    seedBeads(repo, [{ id: 'bd-a1b2' }]);
    repo.write('plan.md', '# Plan\n\n- [ ] bd-a1b2 Existing issue\n- [ ] T009 New work on top (depends on bd-a1b2)\n');
    expect((await allocate('plan.md', '--beads', '--order', 'explicit')).code).toBe(0);
    const plan = repo.plan();
    expect(plan.tasks[0]).toMatchObject({ id: 'bd-a1b2', beadsId: 'bd-a1b2' });
    const created = plan.tasks[1]!.beadsId!;
    const issues = beadsIssues(repo);
    expect(Object.keys(issues).sort()).toEqual(['bd-a1b2', created].sort());
    expect(issues[created]!.dependencies).toEqual([{ depends_on_id: 'bd-a1b2', type: 'blocks' }]);
  });

  it('lets squad verify close the created tasks in beads (auto picks beads)', async () => {
    seedBeads(repo, []);
    repo.write('tasks.md', DOC);
    expect((await allocate('tasks.md', '--beads', '--order', 'explicit')).code).toBe(0);
    repo.config(TESTS.pass);
    repo.markDone(['T001']);
    const r = await runIn(repo, verifyCmd, [], bdEnv(repo));
    expect(r.code).toBe(0);
    const id = repo.plan().tasks[0]!.beadsId!;
    expect(r.out).toContain(`closed T001 (${id})`);
    expect(beadsIssues(repo)[id]!.status).toBe('closed');
    // The markdown source is not the tracker here: it stays as written.
    expect(repo.read('tasks.md').toString()).toBe(DOC);
  });

  it("fails with bd's error and writes no plan.json when bd cannot create the graph", async () => {
    repo.write('tasks.md', DOC); // no .beads/: the fake bd says there is no database, as bd does
    await expect(allocate('tasks.md', '--beads')).rejects.toThrow(/^'bd create --graph' failed: no beads database found; run 'bd init'/);
    expect(existsSync(join(repo.root, 'plans', 'plan.json'))).toBe(false);
  });
});
