// examples/worktree-demo runs as the README says, with no AI CLI: three tasks in worktrees, merged into main.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { builtCli, tempDir } from './helpers/cli.js';

const DEMO = resolve(import.meta.dirname, '../../examples/worktree-demo/demo.sh');

it('examples/worktree-demo: every task merged into main, the undeclared note reported, the closed checkboxes committed', { timeout: 120_000 }, async () => {
  const work = join(tempDir('squad-demo-'), 'demo');
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((res) =>
    execFile('sh', [DEMO, work], { env: { ...process.env, SQUAD_CLI: builtCli() } }, (err, stdout, stderr) => res({ code: err ? Number(err.code) : 0, stdout, stderr })),
  );
  expect(out.code, out.stdout + out.stderr).toBe(0);
  expect(out.stdout).toMatch(/run \S+ succeeded \(exit 0\): 3 closed/);
  expect(out.stdout).toContain('warning: undeclared: T003 wrote NOTES.md, which no task in the plan declares');
  const subjects = execFileSync('git', ['log', '--first-parent', '--format=%s', 'main'], { cwd: work, encoding: 'utf8' }).trim().split('\n');
  // Three merges, then the ticked checkboxes of tasks.md committed, so the branch is clean for the next run.
  expect(subjects).toHaveLength(5);
  expect(subjects[0]).toBe('squad: close T001, T002, T003 in markdown');
  expect(subjects[1]).toBe('squad: merge T003 Document the API and the page in the user guide');
  expect(readFileSync(join(work, 'tasks.md'), 'utf8')).toMatch(/- \[x\] T003/);
  expect(execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: work, encoding: 'utf8' })).toBe('');
  expect(readFileSync(join(work, 'docs/guide.md'), 'utf8')).toContain('The API serves /health');
});
