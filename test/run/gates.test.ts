// Gates: a task's `gate` runs with `sh -c` in the task's directory after the task exits 0; only when it passes
// does the task count as done. Real processes, as in run.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRecord } from './helpers/record.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { alive, squad, startSquad, tempDir, until } from './helpers/cli.js';

describe('task gates', () => {
  it('a task whose gate fails is failed, with the gate output in its log and its tail in the failure line', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'echo building; echo built > out.txt', gate: 'echo "checking $SQUAD_TASK_ID in $(basename "$PWD")"; grep -q shipped out.txt || { echo "out.txt does not say shipped"; exit 4; }' },
        { id: 'B', deps: ['A'], run: 'touch B' },
      ]),
    );
    const r = await squad(['run'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(3);
    const rec = onlyRecord(dir);
    const a = rec.tasks.find((t) => t.id === 'A')!;
    expect(a.status).toBe('failed');
    expect(a.reason).toMatch(/^gate failed \(exit code 4\): echo "checking .*: out.txt does not say shipped$/);
    expect(rec.tasks.find((t) => t.id === 'B')!.status).toBe('skipped');
    expect(existsSync(join(dir, 'B'))).toBe(false);
    // The task ran (it wrote its file); the gate ran after it, in the same directory, with the task's variables.
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('built\n');
    const log = readFileSync(a.log!, 'utf8');
    expect(log).toMatch(/# A attempt 1: sh -c[\s\S]*building\n# A gate: sh -c [\s\S]*checking A in [\s\S]*out.txt does not say shipped\n$/);
    expect(log).toContain(`checking A in ${dir.split('/').pop()}`);
    expect(r.stdout).toMatch(/FAIL {2}A .*gate failed \(exit code 4\)[\s\S]*\| out.txt does not say shipped/);
  });

  it('a task whose gate passes is done and closed', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'echo shipped > out.txt', gate: 'grep -q shipped out.txt && echo gate ok' },
        { id: 'B', deps: ['A'], run: 'touch B' },
      ]),
    );
    const r = await squad(['run'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const rec = onlyRecord(dir);
    expect(rec.tasks.map((t) => [t.id, t.status, t.exitCode, t.reason])).toEqual([
      ['A', 'closed', 0, null],
      ['B', 'closed', 0, null],
    ]);
    expect(readFileSync(rec.tasks[0]!.log!, 'utf8')).toMatch(/# A gate: sh -c .*\ngate ok\n$/);
  });

  it('does not run the gate of a task that failed', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'echo broken; exit 2', gate: 'touch gate-ran' }]));
    const r = await squad(['run'], dir);
    expect(r.code).toBe(3);
    const a = onlyRecord(dir).tasks[0]!;
    expect([a.status, a.reason]).toEqual(['failed', 'exit code 2']);
    expect(existsSync(join(dir, 'gate-ran'))).toBe(false);
    expect(readFileSync(a.log!, 'utf8')).not.toContain('gate');
  });

  it('the task timeout stops a gate that hangs, with its children', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([{ id: 'A', run: 'true', gate: 'sleep 30 & echo "$!" > pid-gate; while true; do echo busy; sleep 0.05; done' }]),
      'timeouts:\n  taskMinutes: 0.005\n  graceSeconds: 1\n',
    );
    const r = await squad(['run'], dir);
    expect(r.code).toBe(3);
    expect(onlyRecord(dir).tasks[0]!.reason).toMatch(/^gate failed \(stopped: task timeout\): sleep 30/);
    const pid = Number(readFileSync(join(dir, 'pid-gate'), 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('Ctrl-C during a gate stops it and leaves the task pending for --resume', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true', gate: 'sleep 30 & echo "$$ $!" > pid-gate; wait' }]), 'timeouts:\n  graceSeconds: 2\n');
    const { child, done } = startSquad(['run'], dir);
    await until(() => existsSync(join(dir, 'pid-gate')) && readFileSync(join(dir, 'pid-gate'), 'utf8').includes(' '), 10_000, 'the gate to start');
    const pids = readFileSync(join(dir, 'pid-gate'), 'utf8').trim().split(' ').map(Number);
    expect(pids.every(alive)).toBe(true);
    // The record holds the gate's process group, so --resume after a crash could stop it.
    await until(() => onlyRecord(dir).tasks[0]!.pid === pids[0], 10_000, 'the record to hold the gate pid');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(pids.filter(alive)).toEqual([]);
    expect(onlyRecord(dir).tasks[0]!.status).toBe('pending');
  });

  it('--dry-run shows the gate under its task', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', estimateMinutes: 5, run: 'true', gate: 'npm test -- auth' }]));
    const r = await squad(['run', '--dry-run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/A +0 +5 +1 .*\n +gate: npm test -- auth\n/);
    const json = JSON.parse((await squad(['run', '--dry-run', '--json'], dir)).stdout);
    expect(json.slots[0].gate).toBe('npm test -- auth');
  });
});
