// Damaged or unreadable state (issue 13 item 4): one line naming the file and what to do, exit 1, never exit 70;
// a damaged heartbeat says nothing, like a missing one, and status still shows the plan.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function squad(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A repo with a plan and one claim, and its coordination folder. */
function claimed(): { dir: string; coord: string } {
  const dir = mkdtempSync(join(tmpdir(), 'squad-damage-'));
  writeFileSync(join(dir, 't.md'), '- [ ] T001 a\n- [ ] T002 b\n');
  expect(squad(['allocate', 't.md'], dir).code).toBe(0);
  expect(squad(['claim', 'T001', '--as', 'al'], dir).code).toBe(0);
  const coordRoot = join(dir, '.squad', 'coord');
  return { dir, coord: join(coordRoot, readdirSync(coordRoot)[0]!) };
}

describe('damaged state', () => {
  it('a garbage claim-log entry: one line naming it and the folder to delete, exit 1', () => {
    const { dir, coord } = claimed();
    writeFileSync(join(coord, 'tasks', 'T001', '000001.json'), 'garbage{');
    const r = squad(['status'], dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/tasks\/T001\/000001\.json: unreadable claim log entry .*delete the task's folder/);
  });

  it('a truncated heartbeat counts as no heartbeat: status still shows the plan', () => {
    const { dir, coord } = claimed();
    const beat = readdirSync(join(coord, 'sessions')).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(coord, 'sessions', beat), '{"trunc');
    const r = squad(['status'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/T001/);
  });

  it('a file where the tasks folder belongs: one line naming it, exit 1', () => {
    const { dir, coord } = claimed();
    rmSync(join(coord, 'tasks'), { recursive: true });
    writeFileSync(join(coord, 'tasks'), 'x');
    const r = squad(['status'], dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/\.squad\/coord\/\S+\/tasks\/T001: a file stands where squad expects a folder; fix it or move it aside/);
  });

  it('squad.config.yaml that is a folder: one line naming it, exit 1', () => {
    const { dir } = claimed();
    mkdirSync(join(dir, 'squad.config.yaml'));
    const r = squad(['status'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^squad\.config\.yaml: is a folder \(or not a regular file\), not a config file/);
  });
});
