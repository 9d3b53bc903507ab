// The atomic writer never leaves its temp file behind: a write that fails after the temp file exists (a full
// disk at write, fsync or rename) removes it and leaves the old file as it was; temp files that a killed writer
// left (`kill -9` mid-write) are removed by the next write of the same file.
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, type WriteOps } from '../../src/io/atomic-write.js';
import { openStore, type Session } from '../../src/state/index.js';
import { taskDirName } from '../../src/state/paths.js';
import { buildPlan } from '../state/plan-fixture.js';

const enospc = (syscall: string) => Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', syscall });

/** The real file operations, with `name` failing as on a full disk. */
function failing(name: keyof WriteOps): WriteOps {
  return {
    ...fs,
    [name]: () => {
      throw enospc(name);
    },
  } as WriteOps;
}

function repo(): string {
  return mkdtempSync(join(tmpdir(), 'squad-atomic-'));
}

/** A pid that is surely not running: a child that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!;
}

describe('atomic write', () => {
  for (const step of ['writeSync', 'fsyncSync', 'renameSync'] as const) {
    it(`removes its temp file and keeps the old content when ${step} fails after the temp file was created`, () => {
      const dir = repo();
      writeFileSync(join(dir, 'state.json'), 'old\n');
      expect(() => writeFileAtomic(join(dir, 'state.json'), 'new\n', failing(step))).toThrow(/ENOSPC/);
      expect(readdirSync(dir)).toEqual(['state.json']);
      expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('old\n');
    });
  }

  it("removes what a killed writer left of this file, and only that: not a live writer's, not a fresh one's, not another file's", () => {
    const dir = repo();
    const dead = deadPid();
    const minuteAgo = new Date(Date.now() - 60_000);
    const leftovers = {
      killed: `.state.json.${dead}.0a1b2c3d.tmp`, // its writer is gone: removed
      fresh: `.state.json.${dead}.1a1b2c3d.tmp`, // too recent to judge (another host's writer on a shared disk)
      live: `.state.json.${process.pid}.2a1b2c3d.tmp`, // a live writer's
      other: `.plan.json.${dead}.3a1b2c3d.tmp`, // another file's: its own next write removes it
    };
    for (const name of Object.values(leftovers)) writeFileSync(join(dir, name), '');
    for (const name of [leftovers.killed, leftovers.live, leftovers.other]) utimesSync(join(dir, name), minuteAgo, minuteAgo);
    writeFileAtomic(join(dir, 'state.json'), 'new\n');
    expect(readdirSync(dir).sort()).toEqual([leftovers.fresh, leftovers.live, leftovers.other, 'state.json'].sort());
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('new\n');
  });

  it("removes a temp file older than an hour whatever its pid, and the store's readers ignore a store entry's temp file", () => {
    const dir = repo();
    const old = `.state.json.${process.pid}.4a1b2c3d.tmp`;
    writeFileSync(join(dir, old), '');
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(dir, old), hoursAgo, hoursAgo);
    writeFileAtomic(join(dir, 'state.json'), 'x\n');
    expect(readdirSync(dir)).toEqual(['state.json']);

    const plan = buildPlan([{ id: 'a' }]);
    const store = openStore({ repoRoot: dir, plan, ttlMs: 60_000 });
    const alice: Session = { name: 'alice', pid: process.pid, host: 'h', startedAt: '2026-01-01T00:00:00.000Z' };
    const taskDir = join(store.paths.tasks, taskDirName('a'));
    fs.mkdirSync(taskDir, { recursive: true });
    writeFileSync(join(taskDir, `.1.${deadPid()}.5a1b2c3d.tmp`), ''); // a kill -9 between the temp file and its link
    expect(store.tryClaim('a', alice).ok).toBe(true);
    expect(store.snapshot().find((v) => v.id === 'a')?.state).toBe('claimed');
  });
});
