// --resume stops what a crashed run left running, and nothing else: a run record is a file in the repository,
// so a crafted one must not make squad signal pid 1's group (kill(-1): every process), a reused pid, or a
// process of another host. Every crafted record is tried only inside a fresh PID namespace, where a wrong
// signal can reach nothing but the namespace's own sentinel process.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeLeftover, type ProcFacts } from '../../src/run/record/leftover-proof.js';
import { loadRecord } from '../../src/run/record/record-file.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { builtCli, squad, tempDir } from './helpers/cli.js';
import { assertPidNamespaces, inPidNamespace } from './helpers/pid-namespace.js';

// Runs inside the namespace: turns the finished run's record into a crafted one naming pid 1, pid 0, -1 and
// the sentinel (its pid, with a wrong start time, another host, or no host at all).
const CRAFT = `
import { readFileSync, writeFileSync } from 'node:fs';
const { processStartedAt } = await import(process.env.PROC_JS);
const [kind, sentinelArg] = process.argv.slice(2);
const sentinel = Number(sentinelArg);
// setsid runs in the sentinel just after the fork: wait until it leads its own group, as a task would.
for (let i = 0; i < 500; i++) {
  const stat = readFileSync('/proc/' + sentinel + '/stat', 'utf8');
  if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === sentinel) break;
  await new Promise((r) => setTimeout(r, 10));
}
const rec = JSON.parse(readFileSync(process.env.STATE, 'utf8'));
const host = (await import('node:os')).hostname();
const real = processStartedAt(sentinel);
const entries = kind === 'issue'
  ? { T1: { pid: 1, pidStart: null } }
  : {
      T1: { pid: 1, pidStart: processStartedAt(1), host },
      T2: { pid: 0, pidStart: real, host },
      T3: { pid: -1, pidStart: real, host },
      T4: { pid: sentinel, pidStart: '2001-02-03T04:05:06.000Z', host },
      T5: { pid: sentinel, pidStart: real, host: 'elsewhere.example' },
      T6: { pid: sentinel, pidStart: real },
    };
for (const t of rec.tasks) {
  const e = entries[t.id];
  if (!e) continue;
  delete t.host;
  Object.assign(t, { status: 'running', attempts: 1 }, e);
}
for (const g of rec.groups) g.status = 'pending';
rec.status = 'interrupted';
writeFileSync(process.env.STATE, JSON.stringify(rec, null, 1));
`;

// Runs as the namespace's init: a sentinel in a group of its own, the crafted record, `squad run --resume`,
// then whether the sentinel still runs (a zombie does not).
const SCRIPT = `
setsid sleep 1000 &
s=$!
node craft.mjs "$KIND" "$s" || { echo "crafting failed" >&2; exit 90; }
node "$CLI" run --resume > squad.out 2> squad.err
echo $? > squad.code
if grep -q '^State:[[:space:]]*[^Z]' /proc/$s/status 2>/dev/null; then echo alive; else echo dead; fi > sentinel.state
`;

async function resumeCrafted(kind: 'issue' | 'crafted') {
  const ids = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
  const dir = repoWith(tempDir(), makePlan(ids.map((id) => ({ id, run: 'true' }))), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
  // An honest run first (outside the namespace: nothing crafted yet), for a record to craft from.
  const first = await squad(['run'], dir);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  const runs = readdirSync(join(dir, '.squad', 'runs'));
  expect(runs).toHaveLength(1);
  writeFileSync(join(dir, 'craft.mjs'), CRAFT);
  const cli = builtCli();
  const ns = await inPidNamespace(SCRIPT, dir, { KIND: kind, CLI: cli, PROC_JS: join(dirname(cli), 'process', 'proc.js'), STATE: join(dir, '.squad', 'runs', runs[0]!, 'state.json') }, 90_000);
  expect(ns.code, ns.stderr).toBe(0);
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  return { code: Number(read('squad.code')), out: read('squad.out'), err: read('squad.err'), sentinel: read('sentinel.state').trim() };
}

describe('--resume signals only what this host squad started', () => {
  // Building the CLI on a loaded machine can take longer than a test may.
  beforeAll(() => {
    assertPidNamespaces();
    builtCli();
  }, 300_000);

  it("refuses the issue's record, a running task at pid 1 with no start time, in one line; the sentinel lives", async () => {
    const r = await resumeCrafted('issue');
    expect(r.sentinel, r.out + r.err).toBe('alive');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('names and leaves alone pid 1, 0, -1, a reused pid, another host and a record that names no host', async () => {
    const r = await resumeCrafted('crafted');
    expect(r.sentinel, r.out + r.err).toBe('alive');
    const said = (id: string) => r.out.split('\n').find((l) => l.includes(`not signalling ${id} `)) ?? '';
    expect(said('T1')).toMatch(/\(pid 1\).*never signalled/);
    expect(said('T2')).toMatch(/\(pid 0\).*never signalled/);
    expect(said('T3')).toMatch(/\(pid -1\).*never signalled/);
    expect(said('T4')).toMatch(/started at .* not at 2001-02-03T04:05:06.000Z/);
    expect(said('T5')).toMatch(/host elsewhere\.example/);
    expect(said('T6')).toMatch(/does not say which host/);
    expect(r.out).not.toMatch(/stopped what the previous run left running/);
    // The refused entries are run again like any unfinished task.
    expect(r.code, r.out + r.err).toBe(0);
  }, 90_000);
});

// The proof itself, with the machine's answers made up: nothing here can signal anything.
describe('judgeLeftover', () => {
  const START = '2026-01-01T00:00:00.000Z';
  const facts = (o: Partial<ProcFacts> = {}): ProcFacts => ({
    host: 'here',
    ownPid: 4000,
    ownGroup: 3999,
    startedAt: () => START,
    groupAlive: () => true,
    ...o,
  });
  const entry = { pid: 5000, pidStart: START, host: 'here' };

  it('signals a live group whose leader has the recorded pid, start time and host', () => {
    expect(judgeLeftover(entry, facts())).toEqual({ kind: 'ours' });
  });

  it('has nothing to do for a group that is gone, or a task that never had a pid', () => {
    expect(judgeLeftover(entry, facts({ groupAlive: () => false }))).toEqual({ kind: 'gone' });
    expect(judgeLeftover({ ...entry, pid: null }, facts())).toEqual({ kind: 'gone' });
  });

  it('refuses pid 1 and below, non-integers and its own process or group, even with every other fact right', () => {
    for (const pid of [1, 0, -1, -5000, 1.5, Number.NaN]) expect(judgeLeftover({ ...entry, pid }, facts()).kind).toBe('refused');
    expect(judgeLeftover({ ...entry, pid: 4000 }, facts()).kind).toBe('refused');
    expect(judgeLeftover({ ...entry, pid: 3999 }, facts()).kind).toBe('refused');
  });

  it('refuses another host, no host, no start time, a reused pid and a group whose leader has exited', () => {
    expect(judgeLeftover({ ...entry, host: 'there' }, facts())).toMatchObject({ kind: 'refused', why: expect.stringMatching(/host there/) });
    expect(judgeLeftover({ ...entry, host: null }, facts())).toMatchObject({ kind: 'refused', why: expect.stringMatching(/which host/) });
    expect(judgeLeftover({ ...entry, pidStart: null }, facts())).toMatchObject({ kind: 'refused', why: expect.stringMatching(/no start time/) });
    expect(judgeLeftover(entry, facts({ startedAt: () => '2026-02-02T00:00:00.000Z' }))).toMatchObject({ kind: 'refused', why: expect.stringMatching(/reused/) });
    expect(judgeLeftover(entry, facts({ startedAt: () => null }))).toMatchObject({ kind: 'refused', why: expect.stringMatching(/leader has exited/) });
  });
});

describe('run record schema', () => {
  it('refuses a running task with a pid and no start time, in one line naming the field; reads an older record without hosts', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]));
    expect((await squad(['run'], dir)).code).toBe(0);
    const file = join(dir, '.squad', 'runs', readdirSync(join(dir, '.squad', 'runs'))[0]!, 'state.json');
    const rec = JSON.parse(readFileSync(file, 'utf8'));
    delete rec.tasks[0].host; // as an older squad wrote it
    writeFileSync(file, JSON.stringify(rec));
    expect(loadRecord(file).tasks[0]!.host).toBeNull();
    Object.assign(rec.tasks[0], { status: 'running', pid: 12345, pidStart: null });
    writeFileSync(file, JSON.stringify(rec));
    expect(() => loadRecord(file)).toThrow(/'tasks\.0\.pidStart' is missing for a running task/);
  });
});
