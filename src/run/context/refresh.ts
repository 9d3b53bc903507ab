// Phase 1a: the refresh commands from squad.config.yaml (a summary command, `git pull`, ...), one after the
// other, each in its own process group with its own log. A failure is reported; it stops the run only
// when the command is marked `fatal: true`.
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import { commandArgv, displayCommand } from '../../close/test-command.js';
import { startGroup } from '../../process/process-group.js';
import { describeEnd } from '../launch/process-executor.js';
import { Watchdog } from '../../process/watchdog.js';

export interface RefreshResult {
  command: string;
  ok: boolean;
  fatal: boolean;
  why: string | null;
  log: string;
}

export async function runRefresh(
  config: Config,
  o: { cwd: string; logDir: string; env: NodeJS.ProcessEnv; graceMs: number; timeoutMs: number; onResult(r: RefreshResult): void; stopped(): boolean },
): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  const watchdog = new Watchdog({ taskMs: o.timeoutMs, inactivityMs: null });
  for (const [i, step] of config.refresh.entries()) {
    if (o.stopped()) break;
    const log = join(o.logDir, `refresh-${i + 1}.log`);
    const display = displayCommand(step.command);
    const group = startGroup({ argv: commandArgv(step.command), cwd: o.cwd, env: o.env, logPath: log, header: `# ${display}` }, o.graceMs);
    if (group.pid !== null) watchdog.watch(group);
    const r = await group.done;
    const ok = r.reason === 'exit' && r.exitCode === 0;
    const result = { command: display, ok, fatal: step.fatal, why: ok ? null : describeEnd(r.reason, r.exitCode, r.signal, r.error), log };
    results.push(result);
    o.onResult(result);
    if (!ok && step.fatal) break;
  }
  return results;
}
