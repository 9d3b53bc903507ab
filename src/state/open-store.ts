// Which coordination store a command uses, and opening it: the one place that turns `--store`, $SQUAD_STORE and
// `store:` in squad.config.yaml into a store. Unset (or `file`) is the folder on this machine; `redis://` (or
// `rediss://`) a Redis server many machines share.
import { execFileSync } from 'node:child_process';
import type { Config } from '../config/schema.js';
import type { Plan } from '../plan/schema.js';
import { UsageError } from '../io/errors.js';
import { openStore, type Store, type StoreOptions } from './store.js';
import { planKey } from './paths.js';
import { SyncRedis } from './redis/sync-redis.js';
import { durabilityProblem, redisBackend } from './redis/redis-backend.js';

export type StoreChoice = { kind: 'file' } | { kind: 'redis'; url: string };

/** The flag wins, then $SQUAD_STORE, then the config file. Pure apart from reading the environment it is given. */
export function chooseStore(flag: string | undefined, config: Pick<Config, 'store'>, env: NodeJS.ProcessEnv = process.env): StoreChoice {
  const raw = (flag ?? env.SQUAD_STORE ?? config.store ?? '').trim();
  if (raw === '' || raw === 'file') return { kind: 'file' };
  if (/^rediss?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new UsageError(`store '${raw}' is not a valid URL; write redis://host:port/db`);
    }
    return { kind: 'redis', url: raw };
  }
  throw new UsageError(`unknown store '${raw}'; use redis://host:port/db for a shared Redis, or leave it unset (or 'file') for .squad/coord/`);
}

// One connection per server per process: `squad run` reopens the store when the plan is revised.
const clients = new Map<string, SyncRedis>();

export function redisClient(url: string): SyncRedis {
  let c = clients.get(url);
  if (!c) {
    c = new SyncRedis(url);
    c.ping();
    clients.set(url, c);
  }
  return c;
}

export type OpenOptions = Omit<StoreOptions, 'ttlMs' | 'backend'> & {
  config: Pick<Config, 'store' | 'claims'>;
  /** --store, when the command has it. */
  store?: string;
  /** Long-lived commands (run, worker, verify) pass a sink: a Redis that could lose a done task is said at start. */
  warn?: (line: string) => void;
};

/** The plan's coordination store, on the medium the flags, environment and config choose. */
export function openPlanStore(o: OpenOptions): Store {
  const choice = chooseStore(o.store, o.config);
  const ttlMs = o.config.claims.ttlMinutes * 60_000;
  if (choice.kind === 'file') return openStore({ ...o, ttlMs });
  const client = redisClient(choice.url);
  if (o.warn) {
    const problem = durabilityProblem(client);
    if (problem) o.warn(`Redis at ${choice.url} could lose a finished task: ${problem}`);
  }
  const backend = redisBackend(client, o.key ?? sharedPlanKey(o.plan.source, o.repoRoot));
  return openStore({ ...o, ttlMs, backend });
}

const roots = new Map<string, string>();

/**
 * The plan's name on a shared server: the plan key (its source path in the repository) and the repository's first
 * commit. Every clone of one repository has the same first commit, on any machine; two projects sharing one Redis
 * database do not, so one's "tasks.md" never sees the other's claims. Outside git (or before the first commit) the
 * plan key alone.
 */
export function sharedPlanKey(source: string, repoRoot: string): string {
  let root = roots.get(repoRoot);
  if (root === undefined) {
    try {
      const out = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      root = out.split('\n').filter(Boolean).sort()[0]?.slice(0, 12) ?? '';
    } catch {
      root = '';
    }
    roots.set(repoRoot, root);
  }
  return root ? `${planKey(source, repoRoot)}@${root}` : planKey(source, repoRoot);
}
