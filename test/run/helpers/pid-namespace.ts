// Run a shell script as pid 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`), so a test of
// what squad might signal can only ever reach processes inside it: kill(-1) there reaches the namespace, never
// the machine. When the namespace's pid 1 exits, the kernel kills everything left in it.
import { execFileSync, spawn } from 'node:child_process';

/** Throws with the reason when this machine cannot make a PID namespace: such a test must fail, never skip. */
export function assertPidNamespaces(): void {
  try {
    execFileSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { stdio: 'pipe', timeout: 20_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    const why = e.stderr?.toString().trim() || e.message;
    throw new Error(`this test needs a fresh PID namespace (unshare --pid --fork --mount-proc, as root or with user namespaces) and cannot make one: ${why}`);
  }
}

export interface NamespaceResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `sh -c script` as the namespace's init. `setsid` makes it lead its own process group (pgid 1), so a
 * kill(-1) or a kill of pgid 1 inside the namespace is as dangerous there as it would be on the machine.
 */
export function inPidNamespace(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<NamespaceResult> {
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', 'setsid', 'sh', '-c', script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((res) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    }),
  );
}
