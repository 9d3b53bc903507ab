// Writes follow real paths, not path text (issue: with `docs -> /elsewhere/docs`, `squad run` ticked the checkbox
// in /elsewhere/docs/tasks.md, and a source that was itself a symlink was replaced by a regular file).
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { squad, tempDir } from './helpers/cli.js';

const TASKS = '# Tasks\n\n- [ ] T001 Say hello\n  - run: `echo hello`\n';
const CONFIG = 'test:\n  command: "echo 1 passed"\n';

function repo(): { dir: string; outside: string } {
  const dir = tempDir('squad-link-repo-');
  writeFileSync(join(dir, 'squad.config.yaml'), CONFIG);
  return { dir, outside: tempDir('squad-link-outside-') };
}

describe('writes stay inside the repository by real path', () => {
  it('refuses to tick a checkbox in a source reached through a directory link that leaves the repository', async () => {
    const { dir, outside } = repo();
    writeFileSync(join(outside, 'tasks.md'), TASKS);
    symlinkSync(outside, join(dir, 'docs'));
    expect((await squad(['allocate', 'docs/tasks.md'], dir)).code).toBe(0);
    const r = await squad(['run'], dir);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/docs\/tasks\.md resolves outside the repository \(to .*tasks\.md\) through a symbolic link/);
    expect(readFileSync(join(outside, 'tasks.md'), 'utf8')).toBe(TASKS);
  });

  it('writes through a source link that stays inside the repository, and the link stays a link', async () => {
    const { dir } = repo();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'tasks.md'), TASKS);
    symlinkSync(join('real', 'tasks.md'), join(dir, 'tasks.md'));
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    const r = await squad(['run'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'tasks.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'tasks.md'))).toBe(join('real', 'tasks.md'));
    expect(readFileSync(join(dir, 'real', 'tasks.md'), 'utf8')).toMatch(/- \[x\] T001 Say hello/);
  });

  it('refuses a source that is itself a link to a file outside, and keeps the link', async () => {
    const { dir, outside } = repo();
    writeFileSync(join(outside, 'tasks.md'), TASKS);
    symlinkSync(join(outside, 'tasks.md'), join(dir, 'tasks.md'));
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    const r = await squad(['run'], dir);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/tasks\.md resolves outside the repository/);
    expect(lstatSync(join(dir, 'tasks.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'tasks.md'), 'utf8')).toBe(TASKS);
  });

  it('refuses to write plans/ through a link that leaves the repository, with one line and exit 1', async () => {
    const { dir, outside } = repo();
    writeFileSync(join(dir, 'tasks.md'), TASKS);
    symlinkSync(outside, join(dir, 'plans'));
    const r = await squad(['allocate', 'tasks.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^squad: plans\/plan\.json resolves outside the repository/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses to keep state in a .squad that links out of the repository', async () => {
    const { dir, outside } = repo();
    writeFileSync(join(dir, 'tasks.md'), TASKS);
    expect((await squad(['allocate', 'tasks.md'], dir)).code).toBe(0);
    symlinkSync(outside, join(dir, '.squad'));
    const r = await squad(['run'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/\.squad\/coord\/\S+ resolves outside the repository/);
    expect(readdirSync(outside)).toEqual([]);
  });
});
