// git fetch walks every worktree's HEAD; a worktree that `git worktree add` has only half made names a commit that is
// not there yet. squad's fetch (the distributed mode's coordinator and workers) tries again on exactly that failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitError, gitFetch } from '../../src/run/worktree/git.js';

const sh = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString().trim();

function repos() {
  const root = mkdtempSync(join(tmpdir(), 'squad-fetch-'));
  const a = join(root, 'a');
  const b = join(root, 'b');
  execFileSync('git', ['init', '-q', a]);
  sh(a, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'base');
  execFileSync('git', ['clone', '-q', a, b]);
  sh(b, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'remote work');
  sh(a, 'worktree', 'add', '-q', '--detach', join(root, 'wt'));
  const head = join(a, '.git', 'worktrees', 'wt', 'HEAD');
  return { a, b, head, good: readFileSync(head, 'utf8') };
}

describe('gitFetch', () => {
  it('tries again when another worktree is caught half made, and fetches once it is whole', async () => {
    const r = repos();
    writeFileSync(r.head, '1111111111111111111111111111111111111111\n'); // what a half-made worktree looks like to fetch
    const pauses: number[] = [];
    await gitFetch(r.a, ['--quiet', r.b, '+HEAD:refs/fetched'], 6, async (attempt) => {
      pauses.push(attempt);
      writeFileSync(r.head, r.good); // the other worktree is finished
    });
    expect(pauses).toEqual([1]);
    expect(sh(r.a, 'rev-parse', 'refs/fetched')).toBe(sh(r.b, 'rev-parse', 'HEAD'));
  });

  it('gives up after its attempts when the worktree stays broken, with git\'s own line', async () => {
    const r = repos();
    writeFileSync(r.head, '1111111111111111111111111111111111111111\n');
    const pauses: number[] = [];
    const err = await gitFetch(r.a, ['--quiet', r.b, '+HEAD:refs/fetched'], 3, async (a) => void pauses.push(a)).catch((e) => e);
    expect(err).toBeInstanceOf(GitError);
    expect(String(err.message)).toMatch(/bad object worktrees\/wt\/HEAD/);
    expect(pauses).toEqual([1, 2]);
  });

  it('does not try again for any other failure', async () => {
    const r = repos();
    const pauses: number[] = [];
    const err = await gitFetch(r.a, ['--quiet', join(r.a, 'no-such-remote'), 'HEAD'], 6, async (a) => void pauses.push(a)).catch((e) => e);
    expect(err).toBeInstanceOf(GitError);
    expect(pauses).toEqual([]);
  });
});
