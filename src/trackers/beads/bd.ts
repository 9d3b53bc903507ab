// Running `bd`: argument arrays through execa (never a shell string), one call at a time for the whole process.
// beads keeps one writer at a time behind `.beads/.exclusive-lock`, and concurrent bd calls fail on lock
// contention, so every bd call squad makes goes through one p-limit(1) queue.
import pLimit from 'p-limit';
import { UserError } from '../../io/errors.js';

export interface BdResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface BdOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export const BD_INSTALL_HINT =
  "bd (beads) is not installed or not on PATH: install it with 'npm install -g @beads/bd' (its postinstall skips the download when CI is set: use the install script https://github.com/gastownhall/beads/blob/main/scripts/install.sh there) or 'brew install beads', run 'bd bootstrap --yes' in a fresh clone, or pass --tracker none";

// What bd ids look like lives with the plan's schema, which every loaded plan is checked against.
export { BEADS_ID } from '../../plan/schema.js';

// A bd call that hangs (a lock never released) must not hang CI forever.
const BD_TIMEOUT_MS = 5 * 60_000;

const queue = pLimit(1);

/** Run `bd <args>`; resolves with its exit code and output. Throws a UserError only when bd cannot be started. */
export function runBd(args: readonly string[], o: BdOptions): Promise<BdResult> {
  return queue(async () => {
    // Loaded on first use: execa is a sixth of squad's memory, and most runs never call bd (a smaller process also
    // forks its tasks faster).
    const { execa } = await import('execa');
    const r = await execa('bd', args, {
      cwd: o.cwd,
      env: o.env,
      reject: false,
      shell: false,
      stdin: 'ignore',
      timeout: BD_TIMEOUT_MS,
      stripFinalNewline: false,
    });
    if (r.code === 'ENOENT') throw new UserError(BD_INSTALL_HINT);
    if (r.timedOut) throw new UserError(`'bd ${args[0]}' did not finish within ${BD_TIMEOUT_MS / 60_000} minutes (a stuck .beads/.exclusive-lock?)`);
    if (r.exitCode === undefined) throw new UserError(`could not run bd: ${r.shortMessage ?? 'unknown error'}`);
    return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  });
}
