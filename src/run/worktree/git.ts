// Every git call of worktree isolation: an argument array through execa (never a shell string), in a given
// directory, with the first line of git's complaint as the error.
import { execa } from 'execa';

export class GitError extends Error {
  constructor(readonly args: readonly string[], readonly stderr: string, readonly exitCode: number | undefined) {
    super(`git ${args.join(' ')} failed: ${firstLine(stderr) || `exit code ${exitCode ?? '?'}`}`);
    this.name = 'GitError';
  }
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}

/** Run git in `cwd`; stdout (trimmed of the final newline), or a GitError. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const r = await execa('git', args, { cwd, reject: false, stdin: 'ignore', env: { GIT_TERMINAL_PROMPT: '0' } });
  if (r.exitCode !== 0 || r.failed) throw new GitError(args, String(r.stderr || r.stdout || r.message), r.exitCode);
  return String(r.stdout).replace(/\n$/, '');
}

/**
 * git fetch, tried again when it trips over another worktree caught half-made. `git worktree add` writes the new
 * worktree's HEAD before the commit it names is checked out, and fetch's connectivity check walks every worktree's
 * HEAD ("fatal: bad object worktrees/T23/HEAD"); with tasks starting while others fetch, that is a race in git
 * itself, and a moment later the same fetch succeeds. Any other failure is reported at once.
 */
export async function gitFetch(
  cwd: string,
  args: readonly string[],
  attempts = 6,
  pause: (attempt: number) => Promise<void> = (attempt) => new Promise((r) => setTimeout(r, 100 * attempt)),
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await git(cwd, ['fetch', ...args]);
    } catch (err) {
      const racing = err instanceof GitError && /bad object [^\n]*worktrees\/|worktrees\/[^\n]*HEAD/.test(err.stderr);
      if (!racing || attempt >= attempts) throw err;
      await pause(attempt);
    }
  }
}

/** Like git(), but a failure is an answer (null), not an error: for questions such as "does this branch exist?". */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    return await git(cwd, args);
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

/** NUL-separated path lists (`-z`), so a path with a newline or a quote stays one path. */
export function zPaths(out: string): string[] {
  return out.split('\0').filter(Boolean);
}

/**
 * `-c user.name=… -c user.email=…` when the repository has no identity of its own: squad's commits (a task's
 * leftovers, a merge) must not fail on a machine where nobody ran `git config user.email`.
 */
export async function identityArgs(cwd: string): Promise<string[]> {
  const email = await gitMaybe(cwd, ['config', 'user.email']);
  const name = await gitMaybe(cwd, ['config', 'user.name']);
  return [...(name ? [] : ['-c', 'user.name=squad']), ...(email ? [] : ['-c', 'user.email=squad@localhost'])];
}
