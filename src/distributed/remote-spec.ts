// Which of a run's tasks go to workers, and what the run starts for them: `squad run --store redis://... --local N`
// runs a task itself while fewer than N of its tasks run here, and sends it to a worker otherwise, so the cap
// (--concurrency) counts both. A remote task's process is `squad remote-task` in the task's worktree
// (remote-task.ts); its gate runs on the worker, not again here.
import { fileURLToPath } from 'node:url';
import type { GroupSpec } from '../process/process-group.js';
import type { Limits } from '../run/run-context.js';
import type { Config } from '../config/schema.js';
import type { Plan } from '../plan/schema.js';
import { UsageError } from '../io/errors.js';
import { chooseStore, redisClient, sharedPlanKey } from '../state/open-store.js';
import { planKeyName } from './jobs.js';

export interface RemoteMode {
  url: string;
  /** Tasks this coordinator runs itself at most at once. */
  local: number;
  /** The shared repository, as the coordinator's git knows it (a remote name, URL or path). */
  remote: string;
  planKey: string;
}

/** The built CLI: the remote-task process is squad itself. */
const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

export class RemoteSlots {
  private readonly here = new Set<string>();
  readonly remote = new Set<string>();

  constructor(readonly mode: RemoteMode) {}

  /** Decide where a task starting now runs; returns true for a worker. */
  place(taskId: string): boolean {
    this.here.delete(taskId);
    this.remote.delete(taskId);
    if (this.here.size < this.mode.local) {
      this.here.add(taskId);
      return false;
    }
    this.remote.add(taskId);
    return true;
  }

  ended(taskId: string): void {
    this.here.delete(taskId);
    this.remote.delete(taskId);
  }

  /** The spec the run starts for a task sent to a worker: the same cwd, env and log, another command. */
  spec(local: GroupSpec, o: { runId: string; attempt: number; limits: Limits }): GroupSpec {
    const m = this.mode;
    const argv = [process.execPath, CLI, 'remote-task', '--store', m.url, '--run', o.runId, '--attempt', String(o.attempt), '--remote', m.remote, '--plan-key', m.planKey, '--grace-ms', String(o.limits.graceMs)];
    if (o.limits.taskMs) argv.push('--task-ms', String(o.limits.taskMs));
    if (o.limits.inactivityMs) argv.push('--inactivity-ms', String(o.limits.inactivityMs));
    return { ...local, argv, stdinPath: null, header: `${local.header ?? ''} (on a worker)` };
  }
}

/**
 * The run's remote mode from its options: null when every task runs here (no --local, or --local at least the
 * concurrency). Sending tasks out needs the shared Redis; the plan is published there for workers and observers.
 */
export function remoteMode(o: { cwd: string; store?: string; local?: number; remote?: string }, config: Pick<Config, 'store'>, concurrency: number, plan: Plan): RemoteSlots | null {
  const local = o.local ?? concurrency;
  if (local >= concurrency) return null;
  const choice = chooseStore(o.store, config);
  if (choice.kind !== 'redis') throw new UsageError(`--local ${local} below --concurrency ${concurrency} sends tasks to squad workers, which share a Redis store: add --store redis://HOST:PORT/DB`);
  const key = sharedPlanKey(plan.source, o.cwd);
  redisClient(choice.url).call('SET', planKeyName(key), JSON.stringify(plan));
  return new RemoteSlots({ url: choice.url, local, remote: o.remote ?? 'origin', planKey: key });
}
