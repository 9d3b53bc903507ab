// The coordination store on Redis: the same rules as the file store (claims, holders, takeovers, exclusions),
// plus the fencing token, the persistence check and surviving a Redis crash with AOF.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseStore, openPlanStore } from '../../src/state/open-store.js';
import type { Session } from '../../src/state/index.js';
import { UsageError, UserError } from '../../src/io/errors.js';
import { buildPlan, tempRepo } from './plan-fixture.js';
import { redisInstalled, startRedis, useRedis } from './redis-server.js';

const config = (url: string, ttlMinutes = 5) => ({ store: url, claims: { ttlMinutes } });
const session = (name: string, pid: number, host = 'box-a'): Session => ({ name, pid, host, startedAt: '2026-12-01T00:00:00.000Z' });

describe('chooseStore', () => {
  it('takes --store, then SQUAD_STORE, then store: in the config; unset or file is the folder', () => {
    expect(chooseStore(undefined, {}, {})).toEqual({ kind: 'file' });
    expect(chooseStore('file', { store: 'redis://a:1/0' }, {})).toEqual({ kind: 'file' });
    expect(chooseStore(undefined, { store: 'redis://a:1/0' }, {})).toEqual({ kind: 'redis', url: 'redis://a:1/0' });
    expect(chooseStore(undefined, { store: 'redis://a:1/0' }, { SQUAD_STORE: 'redis://b:2/1' })).toEqual({ kind: 'redis', url: 'redis://b:2/1' });
    expect(chooseStore('redis://c:3/0', {}, { SQUAD_STORE: 'redis://b:2/1' })).toEqual({ kind: 'redis', url: 'redis://c:3/0' });
    expect(() => chooseStore('postgres://x', {}, {})).toThrow(UsageError);
    expect(() => chooseStore('postgres://x', {}, {})).toThrow(/redis:\/\/host:port\/db/);
  });
});

describe.skipIf(!redisInstalled)('coordination store on Redis', () => {
  const redis = useRedis();
  const plan = buildPlan([{ id: 'a', writes: ['src/x.ts'] }, { id: 'b', writes: ['src/x.ts'] }, { id: 'c', deps: ['a'] }], 'docs/redis.md');
  // Two machines: two repos (each its own clone) that share one Redis.
  const repoA = tempRepo(plan);
  const repoB = tempRepo(plan);

  afterAll(() => {
    repoA.cleanup();
    repoB.cleanup();
  });

  it('two machines see one set of claims: held, exclusions, waiting, done, and the journal', () => {
    const onA = openPlanStore({ repoRoot: repoA.root, plan, config: config(redis.url) });
    const onB = openPlanStore({ repoRoot: repoB.root, plan, config: config(redis.url) });
    const alice = session('alice', process.pid, 'box-a');
    const bob = session('bob', 4242, 'box-b');
    onA.heartbeat(alice);
    onB.heartbeat(bob);

    const got = onA.tryClaim('a', alice);
    expect(got).toMatchObject({ ok: true, changed: true });
    expect(onB.tryClaim('a', bob)).toMatchObject({ ok: false, reason: 'held', holder: alice });
    // b writes the file a writes: kept apart across machines too.
    expect(onB.tryClaim('b', bob)).toMatchObject({ ok: false, reason: 'excluded', blockedBy: { task: 'a', path: 'src/x.ts' } });
    expect(onB.tryClaim('c', bob)).toMatchObject({ ok: false, reason: 'waiting', waitingOn: ['a'] });
    expect(onA.markDone('a', alice)).toMatchObject({ ok: true, changed: true });
    expect(onB.task('a')).toMatchObject({ state: 'done', by: alice });
    expect(onB.tryClaim('c', bob)).toMatchObject({ ok: true });
    expect(onA.events().map((e) => `${e.event} ${e.task} ${e.by.name}`)).toEqual(['claim a alice', 'done a alice', 'claim c bob']);
    expect(onA.sessions().map((s) => s.session.name).sort()).toEqual(['alice', 'bob']);
    // Nothing went to the folder store.
    expect(onA.paths).toBeNull();
  });

  it('a holder whose claim was taken over is fenced out by its token', () => {
    const p = buildPlan([{ id: 'f' }], 'docs/fence.md');
    let now = Date.parse('2026-12-01T10:00:00Z');
    const open = (repo: string) => openPlanStore({ repoRoot: repo, plan: p, config: config(redis.url, 1), nowMs: () => now });
    const onA = open(repoA.root);
    const onB = open(repoB.root);
    const slow = session('slow', 1111, 'box-a-elsewhere');
    const fresh = session('fresh', 2222, 'box-b-elsewhere');
    const first = onA.tryClaim('f', slow);
    expect(first.ok).toBe(true);
    const token = first.ok ? first.task.token! : -1;
    expect(token).toBeGreaterThan(0);
    now += 5 * 60_000; // no heartbeat from 'slow' for five minutes: stale (TTL 1 minute)
    const taken = onB.tryClaim('f', fresh);
    expect(taken).toMatchObject({ ok: true, entry: { takeover: { from: slow, why: 'ttl' } } });
    const newToken = taken.ok ? taken.task.token! : -1;
    expect(newToken).toBeGreaterThan(token);
    // The old holder comes back with its result: refused, with its token, or without it.
    expect(onA.markDone('f', slow, { token })).toMatchObject({ ok: false, reason: 'fenced' });
    expect(onA.markDone('f', slow)).toMatchObject({ ok: false, reason: 'not-holder' });
    expect(onA.release('f', slow, { token })).toMatchObject({ ok: false, reason: 'fenced' });
    // Even the new holder must name its own token when it names one.
    expect(onB.markDone('f', fresh, { token })).toMatchObject({ ok: false, reason: 'fenced' });
    expect(onB.markDone('f', fresh, { token: newToken })).toMatchObject({ ok: true, changed: true });
  });

  it('a Redis crash and restart with AOF loses no finished task, and the store carries on', async () => {
    const p = buildPlan([{ id: 'r1' }, { id: 'r2' }], 'docs/restart.md');
    const store = openPlanStore({ repoRoot: repoA.root, plan: p, config: config(redis.url) });
    const me = session('me', process.pid);
    expect(store.tryClaim('r1', me).ok).toBe(true);
    expect(store.markDone('r1', me).ok).toBe(true);
    await redis.restart(); // kill -9, then start again on the same folder and port
    expect(store.task('r1')).toMatchObject({ state: 'done', by: me });
    expect(store.tryClaim('r2', me).ok).toBe(true);
    expect(store.markDone('r2', me)).toMatchObject({ ok: true, changed: true });
    const again = openPlanStore({ repoRoot: repoB.root, plan: p, config: config(redis.url) });
    expect(again.snapshot().map((v) => v.state)).toEqual(['done', 'done']);
  }, 60_000);

  it('warns at start when the server would lose acknowledged writes, and is quiet when it would not', async () => {
    const lines: string[] = [];
    openPlanStore({ repoRoot: repoA.root, plan, config: config(redis.url), warn: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    const loose = await startRedis(['--appendonly', 'no']);
    try {
      openPlanStore({ repoRoot: repoA.root, plan, config: config(loose.url), warn: (l) => lines.push(l) });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/could lose a finished task: .*appendonly no.*--appendonly yes --appendfsync always/);
    } finally {
      await loose.cleanup();
    }
  }, 60_000);

  it('an unreachable Redis is one line naming the URL, not a hang or a stack', async () => {
    const { freePort } = await import('./redis-server.js');
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    let err: unknown;
    try {
      openPlanStore({ repoRoot: repoA.root, plan, config: config(url) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(new RegExp(`^cannot reach Redis at ${url.replace(/[/.]/g, '\\$&')} .*start redis-server`));
  }, 30_000);

  it('clones of one repository share the plan on Redis; another project with the same plan path does not', () => {
    const p = buildPlan([{ id: 'k' }], 'tasks.md');
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'pipe' });
    const project = tempRepo(p);
    const other = tempRepo(p);
    const clone = tempRepo();
    try {
      git(project.root, 'init', '-q');
      git(project.root, 'commit', '-q', '--allow-empty', '-m', 'project');
      git(other.root, 'init', '-q');
      git(other.root, 'commit', '-q', '--allow-empty', '-m', 'another project');
      git(clone.root, 'clone', '-q', project.root, join(clone.root, 'c'));
      const open = (root: string) => openPlanStore({ repoRoot: root, plan: p, config: config(redis.url) });
      const me = session('me', process.pid, 'box-a');
      expect(open(project.root).tryClaim('k', me)).toMatchObject({ ok: true });
      expect(open(join(clone.root, 'c')).task('k')).toMatchObject({ state: 'claimed', holder: me });
      expect(open(other.root).task('k')).toMatchObject({ state: 'available', holder: null });
    } finally {
      project.cleanup();
      other.cleanup();
      clone.cleanup();
    }
  });
});
