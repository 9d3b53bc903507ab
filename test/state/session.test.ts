import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { currentSession, isProcessAlive } from '../../src/state/index.js';
import { isTransientWrapper } from '../../src/state/session.js';
import { processStartedAt } from '../../src/process/proc.js';

describe('session identity', () => {
  it('skips wrappers that die with the command, keeps long-lived shells and agents', () => {
    expect(isTransientWrapper(['/bin/bash', '-c', 'squad claim x'])).toBe(true);
    expect(isTransientWrapper(['sh', '-lc', 'squad next'])).toBe(true);
    expect(isTransientWrapper(['node', '/usr/lib/node_modules/npm/bin/npx-cli.js', 'squad'])).toBe(true);
    expect(isTransientWrapper(['npx', 'squad'])).toBe(true);
    expect(isTransientWrapper(['-bash'])).toBe(false);
    expect(isTransientWrapper(['/usr/bin/zsh', '-i'])).toBe(false);
    expect(isTransientWrapper(['node', '/opt/agent/cli.js'])).toBe(false);
  });

  it('tells a live process from a dead one and from a reused pid', () => {
    const me = currentSession('me', { pid: process.pid });
    expect(me.startedAt).toBe(processStartedAt(process.pid));
    expect(isProcessAlive(me.pid, me.startedAt)).toBe(true);
    // Same pid, other start time: the pid was reused by another process.
    expect(isProcessAlive(me.pid, '2000-01-01T00:00:00.000Z')).toBe(false);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    expect(isProcessAlive(Number(child.stdout), me.startedAt)).toBe(false);
  });

  it('takes name and pid from the environment when given', () => {
    const s = currentSession(undefined, { env: { SQUAD_SESSION: 'ci-run', SQUAD_SESSION_PID: String(process.pid) } });
    expect(s).toMatchObject({ name: 'ci-run', pid: process.pid });
  });
});
