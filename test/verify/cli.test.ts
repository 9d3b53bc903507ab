// squad verify as a process: the one-line error when bd is missing, and Ctrl-C during the tests.
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TempRepo } from './helpers/repo.js';
import { buildCli } from './helpers/cli.js';
import { bdEnv, beadsIssues, seedBeads } from './helpers/beads.js';

let built: ReturnType<typeof buildCli>;
beforeAll(() => {
  built = buildCli();
});
afterAll(() => built.cleanup());

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
});
afterEach(() => repo.cleanup());

const env = { GITHUB_STEP_SUMMARY: '', CI: 'true', NO_COLOR: '1' };

describe('squad verify (process)', () => {
  it('prints one line on how to install bd and exits 1 when bd is missing', async () => {
    repo.write('plan.md', '- [ ] bd-a1b2 One\n');
    repo.compile('plan.md');
    seedBeads(repo, [{ id: 'bd-a1b2' }]);
    repo.config(['node', '-e', '']);
    repo.markDone(['bd-a1b2']);
    const r = await execa(process.execPath, [built.cli, 'verify'], { cwd: repo.root, env: { ...env, PATH: '/nonexistent' }, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('verify: tracker beads (1 of 1 task(s) carry bd ids and the repository has .beads/)');
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^squad: bd \(beads\) is not installed or not on PATH: install it with 'npm install -g @beads\/bd'/);
  });

  it('on Ctrl-C during the tests stops them, closes nothing and exits 130', async () => {
    repo.write('plan.md', '- [ ] bd-a1b2 One\n');
    repo.compile('plan.md');
    seedBeads(repo, [{ id: 'bd-a1b2' }]);
    // A test run that would take a minute, printing its pid so the test can check it is gone.
    repo.config(['node', '-e', "console.log('pid', process.pid); setTimeout(() => {}, 60000)"]);
    repo.markDone(['bd-a1b2']);
    const child = execa(process.execPath, [built.cli, 'verify'], { cwd: repo.root, env: { ...env, ...bdEnv(repo) }, reject: false });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (c: Buffer) => {
        seen += c.toString();
        if (seen.includes('running tests')) resolve();
      });
    });
    // Let the test process start before interrupting.
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stdout).toMatch(/^verify: interrupted by SIGINT; nothing closed$/m);
    expect(beadsIssues(repo)['bd-a1b2']!.status).toBe('open');
    const log = repo.read('.squad/verify/test.log').toString();
    const pid = Number(/^pid (\d+)$/m.exec(log)![1]);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
