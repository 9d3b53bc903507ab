// --resume signals only what squad can prove it started on this host (issue: a crafted state.json with pid 1
// made it call kill(-1)). Every crafted record is tried inside a fresh PID namespace, never against this machine:
// there the driver is pid 1, a sentinel process group stands for "every other process", and kill(-1) would kill it.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { tempDir } from './helpers/cli.js';

const CLI = resolve('dist/cli.js');
const DRIVER = resolve('test/fixtures/pid/driver.mjs');

function inNamespace(scenario: string): { survived: boolean; code: number; out: string } {
  const dir = repoWith(tempDir(), makePlan([{ id: 'T1', run: 'if [ -f ran-once ]; then exit 0; fi; touch ran-once; sleep 60' }]), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, DRIVER, CLI, dir, scenario], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`the PID-namespace driver failed (unshare needs root or user namespaces): ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout);
}

describe('--resume signals only process groups squad provably started', () => {
  it('never acts on pid 1 with no start time (it would have been kill(-1))', () => {
    const r = inNamespace('pid1');
    expect(r.survived, r.out).toBe(true);
    expect(r.code).not.toBe(0);
  });
  it('never signals pid 1 even with a start time', () => {
    const r = inNamespace('pid1-with-start');
    expect(r.survived, r.out).toBe(true);
  });
  it('leaves a group alone whose leader has another start time (a reused pid)', () => {
    const r = inNamespace('reused');
    expect(r.survived, r.out).toBe(true);
    expect(r.code, r.out).toBe(0);
  });
  it('leaves a group alone recorded on another host, and says so', () => {
    const r = inNamespace('other-host');
    expect(r.survived, r.out).toBe(true);
    expect(r.out).toMatch(/not signalling T1 \(pid \d+\), left running by the previous run/);
  });
  it('leaves members of a leaderless group alone unless they carry the run\'s marker', () => {
    const r = inNamespace('leaderless');
    expect(r.survived, r.out).toBe(true);
  });
  it('does stop a group whose pid, start time and host all match (the control: the sentinel can die)', () => {
    const r = inNamespace('proven');
    expect(r.survived, r.out).toBe(false);
    expect(r.out).toMatch(/stopped what the previous run left running: T1/);
  });
});
