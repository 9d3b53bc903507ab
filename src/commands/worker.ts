// squad worker: serve task jobs from a coordinator (`squad run --store redis://...`) on this machine.
import { hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { intFlag, parseFlags } from './args.js';
import { loadConfig } from '../config/load.js';
import { UsageError, UserError } from '../io/errors.js';
import { chooseStore, redisClient } from '../state/open-store.js';
import { durabilityProblem } from '../state/redis/redis-backend.js';
import { startWorker } from '../distributed/worker.js';

export const summary = 'take task jobs from a coordinator on a shared Redis, run them here, push their branches';

const usage = `usage: squad worker --store redis://HOST:PORT/DB [--concurrency N] [--name NAME] [--repo URL|PATH] [--config FILE]

Run from a clone of the shared repository. Takes task jobs that 'squad run --store URL' enqueues, at most N at
once (default: config 'concurrency'): for each, fetches the base the coordinator pushed, runs the task in a fresh
worktree exactly as a local run would (the agent command from this clone's squad.config.yaml, the prompt file, the
SQUAD_* variables, the timeouts, the gate), commits, and pushes branch squad/<run>/<task> to --repo (default: the
clone's 'origin'); the coordinator merges it. --name (default host-pid) is what 'squad status' shows.
Ctrl-C finishes the tasks in hand and takes no more; a second Ctrl-C stops them, and their jobs go back to the
queue. A worker killed outright is noticed by the queue after SQUAD_WORKER_LOCK_MS (default 30000 ms) and its
jobs are run elsewhere.
Exit codes: 0 stopped after finishing its tasks; 1 bad input (no Redis store, not a git clone); 2 usage;
130/143 stopped by a second SIGINT/SIGTERM.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('worker', argv, {
    store: { type: 'string' },
    concurrency: { type: 'string' },
    name: { type: 'string' },
    repo: { type: 'string' },
    config: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`worker: unexpected argument '${positionals[0]}'`);
  const cwd = process.cwd();
  const { config } = loadConfig(values.config, cwd);
  const choice = chooseStore(values.store, config);
  if (choice.kind !== 'redis') throw new UsageError('worker: needs a shared Redis: --store redis://HOST:PORT/DB (or SQUAD_STORE, or store: in squad.config.yaml)');
  let clone: string;
  try {
    clone = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new UserError(`worker: ${cwd} is not a git clone; run it from a clone of the shared repository`);
  }
  const problem = durabilityProblem(redisClient(choice.url));
  if (problem) process.stderr.write(`squad: warning: Redis at ${choice.url} could lose a finished task: ${problem}\n`);
  const name = values.name ?? `${hostname()}-${process.pid}`;
  const concurrency = intFlag(values.concurrency, 'concurrency', 1, 64) ?? config.concurrency;
  const lockMs = intFlag(process.env.SQUAD_WORKER_LOCK_MS, 'SQUAD_WORKER_LOCK_MS', 500, 3_600_000) ?? 30_000;
  // A folder that exists is the shared repository's path; anything else (a URL, a remote name) goes to git as given.
  const repo = values.repo === undefined ? 'origin' : existsSync(resolve(cwd, values.repo)) ? resolve(cwd, values.repo) : values.repo;
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${name}: ${line}\n`);
  const worker = await startWorker({ url: choice.url, name, concurrency, lockMs, clone, repo, config, log });
  log(`serving jobs from ${choice.url} with ${concurrency} slot(s); pushing to ${repo}`);
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  let hurried = false;
  const hurry = () => {
    hurried = true;
    log('stopping the tasks in hand; their jobs go back to the queue');
    void worker.handBack();
  };
  process.once('SIGINT', hurry);
  process.once('SIGTERM', hurry);
  log(`${signal}: finishing the tasks in hand, taking no more (again to stop them now)`);
  await worker.finish();
  log('stopped');
  return hurried ? (signal === 'SIGINT' ? 130 : 143) : 0;
}
