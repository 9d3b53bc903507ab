// Manual claims and `squad next` honour the plan's file exclusions and mutexes exactly as `squad run` does: two
// tasks that may not run at the same time are never held by two sessions at once (src/plan/conflicts.ts holds
// the one rule; the store checks it in the same step as the claim). The race of real processes is in
// exclusion-race.test.ts.
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { buildPlan } from './plan-fixture.js';
import { eachInTempRepo, sq } from './in-process.js';
import * as claim from '../../src/commands/claim.js';
import * as next from '../../src/commands/next.js';
import * as done from '../../src/commands/done.js';
import * as release from '../../src/commands/release.js';
import * as status from '../../src/commands/status.js';
import { openStore, type Session } from '../../src/state/index.js';

// T001 and T002 are marked [P] and both write src/routes.ts: the plan records an exclusion. T003 writes something
// else. M1..M3 (another agent type) write package.json under one mutex, as a plan records a hot file.
const plan = buildPlan(
  [
    { id: 'T001', estimateMinutes: 30, writes: ['src/routes.ts'] },
    { id: 'T002', estimateMinutes: 20, writes: ['./src/routes.ts'] },
    { id: 'T003', estimateMinutes: 5, writes: ['src/other.ts'] },
    { id: 'M1', agent: 'devops-engineer', writes: ['package.json'] },
    { id: 'M2', agent: 'devops-engineer', writes: ['package.json'] },
    { id: 'M3', agent: 'devops-engineer', writes: ['package.json'] },
  ],
  'docs/PRD.md',
  {
    exclusions: [{ path: 'src/routes.ts', tasks: ['T001', 'T002'] }],
    mutexes: [{ path: 'package.json', tasks: ['M1', 'M2', 'M3'] }],
  },
);

const current = eachInTempRepo(plan);

const stateOf = async (id: string) => JSON.parse((await sq(status, '--json')).out).tasks.find((t: { id: string }) => t.id === id);

describe('claims honour file exclusions', () => {
  it('refuses the second of two excluded tasks in one line naming the file and its holder (exit 1)', async () => {
    expect(await sq(claim, 'T001', '--as', 'alice')).toMatchObject({ code: 0, out: 'claimed T001 as alice (token 1)\n' });
    const second = await sq(claim, 'T002', '--as', 'bob');
    expect(second.code).toBe(1);
    expect(second.out).toBe('');
    expect(second.err.trim().split('\n')).toHaveLength(1);
    expect(second.err).toMatch(/^squad: T002 may not run beside T001 \(both write src\/routes\.ts\), which alice \(pid \d+ on .+\) holds since \d{4}-\d\d-\d\dT.*; use --force "<reason>"/);
    expect(await stateOf('T002')).toMatchObject({ state: 'available', holder: null });
    expect((await sq(status)).out).toMatch(/\n {2}T002 .*remaining path \d+; not beside T001 \(both write src\/routes\.ts\), held by alice\n/);
    const json = JSON.parse((await sq(claim, 'T002', '--as', 'bob', '--json')).out);
    expect(json).toMatchObject({ ok: false, reason: 'excluded', holder: { name: 'alice' }, blockedBy: { task: 'T001', path: 'src/routes.ts' } });
  });

  it('holds a mutex the same way: one writer of the hot file at a time', async () => {
    expect((await sq(claim, 'M2', '--as', 'carol')).code).toBe(0);
    for (const id of ['M1', 'M3']) {
      const r = await sq(claim, id, '--as', 'dave');
      expect(r.code, id).toBe(1);
      expect(r.err).toMatch(new RegExp(`^squad: ${id} may not run beside M2 \\(both write package\\.json\\), which carol`));
    }
  });

  it('lets one session hold both (it runs them one after the other, as squad run does with its own claims)', async () => {
    await sq(claim, 'T001', '--as', 'alice');
    expect(await sq(claim, 'T002', '--as', 'alice')).toMatchObject({ code: 0, out: 'claimed T002 as alice (token 1)\n' });
  });

  it('frees the excluded task when the holder finishes or releases', async () => {
    await sq(claim, 'T001', '--as', 'alice');
    await sq(release, 'T001', '--as', 'alice');
    expect((await sq(claim, 'T002', '--as', 'bob')).code).toBe(0);
    expect((await sq(claim, 'T001', '--as', 'alice')).code).toBe(1);
    expect((await sq(done, 'T002', '--as', 'bob')).code).toBe(0);
    expect((await sq(claim, 'T001', '--as', 'alice')).code).toBe(0);
  });

  it('--force overrides the exclusion, and the store event records the reason and what was overridden', async () => {
    await sq(claim, 'T001', '--as', 'alice');
    expect(await sq(claim, 'T002', '--as', 'bob', '--force', 'routes are split in two files now')).toMatchObject({
      code: 0,
      out: 'claimed T002 as bob (token 1) (forced: routes are split in two files now)\n',
    });
    const events = openStore({ repoRoot: current().root, plan, ttlMs: 60_000 }).events();
    expect(events.at(-1)).toMatchObject({
      event: 'claim',
      task: 'T002',
      by: { name: 'bob' },
      force: 'routes are split in two files now',
      excluded: { task: 'T001', path: 'src/routes.ts', holder: { name: 'alice' } },
    });
    expect(await stateOf('T002')).toMatchObject({ state: 'claimed', holder: { name: 'bob' } });
  });
});

describe('squad next honours file exclusions', () => {
  it('skips a task excluded by another session\'s claim and offers (or claims) the next best', async () => {
    expect((await sq(next, '--as', 'bob', '--agent', 'backend-architect')).out).toMatch(/^T001 /);
    await sq(claim, 'T001', '--as', 'alice');
    expect((await sq(next, '--as', 'bob', '--agent', 'backend-architect')).out).toMatch(/^T003 /);
    expect((await sq(next, '--claim', '--as', 'bob', '--agent', 'backend-architect')).out).toMatch(/^T003 .*claimed as bob/);
    const none = await sq(next, '--claim', '--as', 'carol', '--agent', 'backend-architect');
    expect(none.code).toBe(7);
    expect(none.err).toMatch(/2 held \(T001: alice, T003: bob\), 1 may not run beside a held task \(T002: T001 holds src\/routes\.ts\)/);
    expect(await stateOf('T002')).toMatchObject({ state: 'available', holder: null });
    // The holder itself is offered its own excluded task.
    expect((await sq(next, '--as', 'alice', '--agent', 'backend-architect')).out).toMatch(/^T002 /);
  });

  it('hands out one writer of a mutex at a time', async () => {
    expect((await sq(next, '--claim', '--as', 'carol', '--agent', 'devops-engineer')).out).toMatch(/^M1 .*claimed as carol/);
    expect((await sq(next, '--claim', '--as', 'dave', '--agent', 'devops-engineer')).code).toBe(7);
  });
});

describe('the store', () => {
  const host = hostname();
  const alice: Session = { name: 'alice', pid: 101, host, startedAt: '2026-01-01T00:00:00.000Z' };
  const bob: Session = { name: 'bob', pid: 202, host, startedAt: '2026-01-01T00:00:00.000Z' };

  it('does not let a stale claim on the other task block it', () => {
    let now = Date.parse('2026-02-01T10:00:00.000Z');
    const store = openStore({ repoRoot: current().root, plan, ttlMs: 60_000, nowMs: () => now, alive: () => true });
    expect(store.tryClaim('T001', alice).ok).toBe(true);
    expect(store.tryClaim('T002', bob)).toMatchObject({ ok: false, reason: 'excluded', holder: alice });
    expect(store.snapshot().find((v) => v.id === 'T002')).toMatchObject({ state: 'available', excludedBy: [{ task: 'T001', path: 'src/routes.ts', holder: alice }] });
    now += 61_000; // alice's heartbeat is older than the TTL
    expect(store.tryClaim('T002', bob)).toMatchObject({ ok: true });
  });
});
