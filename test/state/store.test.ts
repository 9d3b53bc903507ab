import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/io/errors.js';
import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Session } from '../../src/state/index.js';
import { buildPlan, tempRepo } from './plan-fixture.js';

const host = hostname();
const alice: Session = { name: 'alice', pid: 101, host, startedAt: '2026-01-01T00:00:00.000Z' };
const bob: Session = { name: 'bob', pid: 202, host, startedAt: '2026-01-01T00:00:00.000Z' };

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function setup(opts: { ttlMs?: number; alive?: (pid: number) => boolean } = {}) {
  const plan = buildPlan([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'c', status: 'done' }]);
  const repo = tempRepo(plan);
  cleanups.push(repo.cleanup);
  let now = Date.parse('2026-02-01T10:00:00.000Z');
  const store = openStore({
    repoRoot: repo.root,
    plan,
    ttlMs: opts.ttlMs ?? 60_000,
    nowMs: () => now,
    alive: opts.alive ?? (() => true),
  });
  // Another process's store on the same folder: its own cache, the same clock.
  const other = (alive: (pid: number) => boolean = () => true) =>
    openStore({ repoRoot: repo.root, plan, ttlMs: opts.ttlMs ?? 60_000, nowMs: () => now, alive });
  return { store, other, repo, plan, tick: (ms: number) => (now += ms) };
}

describe('coordination store', () => {
  it('gives a claim to one session and tells the next who holds it and since when', () => {
    const { store } = setup();
    const first = store.tryClaim('a', alice);
    expect(first.ok).toBe(true);
    const second = store.tryClaim('a', bob);
    expect(second).toMatchObject({ ok: false, reason: 'held', holder: alice, since: '2026-02-01T10:00:00.000Z' });
    expect(store.task('a')).toMatchObject({ state: 'claimed', holder: alice });
  });

  it('claims and starts in one entry for a caller that starts at once (squad run), and that holder finishes it', () => {
    const { store, other, tick } = setup();
    const claimed = store.tryClaim('a', alice, { start: true });
    expect(claimed).toMatchObject({ ok: true, entry: { kind: 'claim', started: true, seq: 1 } });
    // Another process reading the log sees it in progress, held by alice, from that one entry.
    expect(other().task('a')).toMatchObject({ state: 'in_progress', holder: alice, claimedAt: '2026-02-01T10:00:00.000Z', startedAt: '2026-02-01T10:00:00.000Z' });
    expect(other().tryClaim('a', bob)).toMatchObject({ ok: false, reason: 'held', holder: alice });
    expect(store.events().at(-1)).toMatchObject({ event: 'claim', task: 'a', started: true });
    // Starting again writes nothing: it already is.
    expect(store.start('a', alice)).toMatchObject({ ok: true, changed: false });
    tick(90_000);
    expect(store.markDone('a', alice)).toMatchObject({ ok: true, entry: { seq: 2, durationMs: 90_000 } });
    expect(store.tryClaim('b', bob, { start: true })).toMatchObject({ ok: true, entry: { started: true } });
  });

  it('refuses a done task, even with force', () => {
    const { store } = setup();
    expect(store.tryClaim('c', alice)).toMatchObject({ ok: false, reason: 'done' });
    expect(store.tryClaim('c', alice, { force: 'redo' })).toMatchObject({ ok: false, reason: 'done' });
  });

  it('refuses a task whose deps are not done, and records a forced claim with its reason', () => {
    const { store } = setup();
    expect(store.tryClaim('b', alice)).toMatchObject({ ok: false, reason: 'waiting', waitingOn: ['a'] });
    const forced = store.tryClaim('b', alice, { force: 'a is done upstream' });
    expect(forced).toMatchObject({ ok: true, entry: { force: 'a is done upstream' } });
    expect(store.events().at(-1)).toMatchObject({ event: 'claim', task: 'b', force: 'a is done upstream' });
  });

  it('lets only the holder start, finish or release, and records durations', () => {
    const { store, tick } = setup();
    store.tryClaim('a', alice);
    expect(store.start('a', bob)).toMatchObject({ ok: false, reason: 'held' });
    expect(store.start('a', alice)).toMatchObject({ ok: true, task: { state: 'in_progress' } });
    tick(90_000);
    expect(store.markDone('a', bob)).toMatchObject({ ok: false, reason: 'not-holder', holder: alice });
    expect(store.release('a', bob)).toMatchObject({ ok: false, reason: 'not-holder' });
    const done = store.markDone('a', alice, { note: 'shipped' });
    expect(done).toMatchObject({ ok: true, task: { state: 'done', durationMs: 90_000, note: 'shipped' } });
    expect(store.task('b').state).toBe('available');
  });

  it('takes over a claim whose holder stopped heartbeating past the TTL, logging both holders', () => {
    const { store, tick } = setup({ ttlMs: 1000 });
    store.tryClaim('a', alice);
    tick(900);
    expect(store.tryClaim('a', bob)).toMatchObject({ ok: false, reason: 'held' });
    store.heartbeat(alice);
    tick(900);
    expect(store.tryClaim('a', bob)).toMatchObject({ ok: false, reason: 'held' });
    tick(200);
    const taken = store.tryClaim('a', bob);
    expect(taken).toMatchObject({ ok: true, entry: { takeover: { from: alice, why: 'ttl' } } });
    expect(store.events().at(-1)).toMatchObject({ event: 'takeover', by: bob, from: alice, why: 'ttl' });
  });

  it('takes over at once when the holder process is dead on this host', () => {
    const { store } = setup({ alive: (pid) => pid !== alice.pid });
    store.tryClaim('a', alice);
    expect(store.task('a').stale).toMatchObject({ why: 'pid-dead' });
    expect(store.tryClaim('a', bob)).toMatchObject({ ok: true, entry: { takeover: { why: 'pid-dead' } } });
  });

  it('never writes on an out-of-date view: a holder taken over elsewhere can no longer start or finish', () => {
    const { store, other } = setup();
    expect(store.tryClaim('a', alice)).toMatchObject({ ok: true });
    const rescuer = other((pid) => pid !== alice.pid);
    expect(rescuer.tryClaim('a', bob)).toMatchObject({ ok: true, entry: { seq: 2, takeover: { from: alice } } });
    // `store` still remembers alice as the holder; its writes must see bob's entry and be refused.
    expect(store.markDone('a', alice)).toMatchObject({ ok: false, reason: 'not-holder', holder: bob });
    expect(store.start('a', alice)).toMatchObject({ ok: false, reason: 'held', holder: bob });
    expect(store.release('a', alice)).toMatchObject({ ok: false, reason: 'not-holder', holder: bob });
    expect(rescuer.markDone('a', bob)).toMatchObject({ ok: true, entry: { seq: 3 }, task: { state: 'done', by: bob } });
    expect(store.task('a')).toMatchObject({ state: 'done', by: bob });
  });

  it('answers "nothing to change" only from what is on disk now', () => {
    const { store, other } = setup();
    store.tryClaim('a', alice);
    store.start('a', alice);
    expect(other().release('a', bob, { force: 'alice is on leave' })).toMatchObject({ ok: true, entry: { seq: 3 } });
    // `store` last saw alice holding and in progress: claiming and starting again must write, not say "already so".
    expect(store.tryClaim('a', alice)).toMatchObject({ ok: true, changed: true, entry: { seq: 4, kind: 'claim' } });
    expect(store.start('a', alice)).toMatchObject({ ok: true, changed: true, entry: { seq: 5, kind: 'start' } });
    expect(store.start('a', alice)).toMatchObject({ ok: true, changed: false, task: { state: 'in_progress' } });
  });

  it('loads a log whose unsynced entries a power cut emptied: the number stays taken, the transition is lost', () => {
    const { store, other } = setup();
    const entry = (task: string, seq: number) => join(store.paths.tasks, task, `00000${seq}.json`);
    // a: claimed, started (emptied, as a power cut may leave it), then done, which is synced and survives.
    store.tryClaim('a', alice);
    store.start('a', alice);
    store.markDone('a', alice);
    writeFileSync(entry('a', 2), '');
    // b: a claim left as zeros, the last entry of its log.
    store.tryClaim('b', alice, { force: 'test' });
    writeFileSync(entry('b', 1), Buffer.alloc(300));
    const after = other();
    expect(after.task('a')).toMatchObject({ state: 'done', by: alice });
    expect(after.task('b')).toMatchObject({ state: 'available', holder: null });
    expect(after.tryClaim('b', bob)).toMatchObject({ ok: true, entry: { seq: 2, kind: 'claim' } });
    writeFileSync(entry('b', 2), '{"v":1,');
    // Anything else unreadable is outside damage, and says which file: one line and exit 1 (a UserError), not 70.
    let damage: unknown = null;
    try {
      other().task('b');
    } catch (e) {
      damage = e;
    }
    expect(damage).toBeInstanceOf(UserError);
    expect((damage as UserError).file).toMatch(/000002\.json$/);
    expect((damage as UserError).message).toMatch(/^unreadable claim log entry .*; delete the task's folder/);
  });

  it('reports other live sessions using the same name', () => {
    const { store } = setup();
    const alice2: Session = { ...alice, pid: 303 };
    expect(store.heartbeat(alice).sameName).toEqual([]);
    expect(store.heartbeat(alice2).sameName).toEqual([alice]);
  });

  it('forgets sessions dead for more than a day, keeping their claims stale', () => {
    const { store, tick } = setup({ alive: (pid) => pid !== bob.pid });
    store.tryClaim('a', bob);
    store.heartbeat(bob);
    tick(25 * 3600_000);
    store.heartbeat(alice);
    expect(store.sessions().map((b) => b.session.name)).toEqual(['alice']);
    expect(store.task('a').stale).toMatchObject({ why: 'pid-dead' });
  });
});
