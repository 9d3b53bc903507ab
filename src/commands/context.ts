// What every coordination command does first: parse flags, load the plan and config, open the store, work out
// the session and refresh its heartbeat (so any squad command keeps this session's claims alive).
import type { ParseArgsConfig } from 'node:util';
import { parseFlags } from './args.js';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../io/errors.js';
import { loadPlanFile, DEFAULT_PLAN_FILE } from '../plan/load.js';
import type { Result, Store } from '../state/store.js';
import { openPlanStore } from '../state/open-store.js';
import { currentSession, describeSession, type Session } from '../state/session.js';
import type { RefusalReason } from '../state/transitions.js';
export { formatDuration } from '../state/format.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags shared by all coordination commands. */
export const COMMON_OPTIONS = {
  plan: { type: 'string' },
  as: { type: 'string' },
  config: { type: 'string' },
  store: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** The one flag parser every command uses (src/commands/args.ts): exit-2 usage errors in one line. */
export { parseFlags };

/** Exit codes of the coordination commands (documented in README, "Many terminals, one plan"). */
export const EXIT = {
  ok: 0,
  held: 3,
  done: 4,
  waiting: 5,
  notHolder: 6,
  nothingReady: 7,
  allDone: 8,
  /** The plan keeps the task apart from a task another live session holds (they write one file). */
  excluded: 1,
  /** status: a task's claim log is damaged (the rest of the plan is still shown). */
  damaged: 1,
} as const;

export function exitFor(reason: RefusalReason): number {
  switch (reason) {
    case 'held':
      return EXIT.held;
    case 'done':
      return EXIT.done;
    case 'waiting':
      return EXIT.waiting;
    case 'excluded':
      return EXIT.excluded;
    case 'not-holder':
    case 'not-claimed':
    case 'fenced':
      return EXIT.notHolder;
  }
}

export type Context = { store: Store; session: Session; json: boolean; cwd: string };

/**
 * Open the plan's store and identify this session. Without --as (or $SQUAD_SESSION), a session reuses the name it
 * used before from this same terminal, so `squad claim x --as alice` then `squad done x` just works.
 */
export function openContext(flags: { plan?: string; as?: string; config?: string; store?: string; json?: boolean }, cwd = process.cwd()): Context {
  const plan = loadPlanFile(resolve(cwd, flags.plan ?? DEFAULT_PLAN_FILE), cwd);
  const { config } = loadConfig(flags.config, cwd);
  const store = openPlanStore({ repoRoot: cwd, plan, config, store: flags.store });
  let session = currentSession(flags.as);
  if (flags.as === undefined && !process.env.SQUAD_SESSION) {
    const mine = store
      .sessions()
      .filter((b) => b.session.pid === session.pid && b.session.host === session.host && b.session.startedAt === session.startedAt)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
    if (mine) session = mine.session;
  }
  const { sameName } = store.heartbeat(session);
  for (const other of sameName) {
    process.stderr.write(`squad: warning: another live session also uses the name '${session.name}': ${describeSession(other)}; pass a distinct --as NAME\n`);
  }
  return { store, session, json: Boolean(flags.json), cwd };
}

/** Print a transition's outcome (one line, or JSON) and return the exit code. */
export function report(ctx: Context, result: Result, okLine: (r: Extract<Result, { ok: true }>) => string): number {
  if (ctx.json) {
    process.stdout.write(JSON.stringify({ ...result, session: ctx.session }, null, 2) + '\n');
    return result.ok ? EXIT.ok : exitFor(result.reason);
  }
  if (result.ok) {
    process.stdout.write(okLine(result) + '\n');
    return EXIT.ok;
  }
  process.stderr.write(`squad: ${result.message}\n`);
  return exitFor(result.reason);
}

/** Exactly one task id positional, else a usage error. */
export function oneTask(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: expected one task id, got ${positionals.length}; usage: squad ${command} <task>`);
  return positionals[0]!;
}


/**
 * The shape shared by claim/start/done/release: flags, one task id, open the store, one transition, one line.
 * `act` performs the transition; `okLine` words the success.
 */
export function taskCommand<O extends Options>(spec: {
  name: string;
  usage: string;
  argv: string[];
  options: O;
  act: (ctx: Context, id: string, values: Record<string, unknown>) => Result;
  okLine: (ctx: Context, id: string, r: Extract<Result, { ok: true }>) => string;
}): number {
  const parsed = parseFlags(spec.name, spec.argv, { ...COMMON_OPTIONS, ...spec.options } as Options);
  const values = parsed.values as Record<string, unknown>;
  const positionals = parsed.positionals;
  if (values.help) {
    process.stdout.write(spec.usage + '\n');
    return EXIT.ok;
  }
  const id = oneTask(spec.name, positionals);
  const ctx = openContext({ plan: str(values, 'plan'), as: str(values, 'as'), config: str(values, 'config'), store: str(values, 'store'), json: values.json === true });
  return report(ctx, spec.act(ctx, id, values), (r) => spec.okLine(ctx, id, r));
}

/** The fencing token flag (`--token N`, printed by `squad claim`): the claim the caller says it holds. */
export const TOKEN_OPTION = { token: { type: 'string' } } as const satisfies Options;

export function tokenFlag(values: Record<string, unknown>): number | undefined {
  const text = str(values, 'token');
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--token takes the number 'squad claim' printed, got '${text}'`);
  return Number(text);
}

/** Read an optional string flag from parseArgs values. */
export function str(values: Record<string, unknown>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}
