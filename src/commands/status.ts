// squad status: who holds what, since when, what is ready, and how far along the plan is.
import { readWorkers, workerLines } from '../distributed/workers-view.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { COMMON_OPTIONS, EXIT, openContext, parseFlags, type Context } from './context.js';
import { progress } from '../state/progress.js';
import { doneIds } from '../state/store.js';
import { remainingPath } from '../graph/priority.js';
import { renderStatus } from './status-view.js';
import { terminalInfo } from '../io/terminal.js';
import { UsageError } from '../io/errors.js';
import { resolve } from 'node:path';
import { DEFAULT_PLAN_FILE } from '../plan/load.js';
import { findLastRun } from '../run/record/record-file.js';
import type { RunRecord } from '../run/record/schema.js';
import { worktreeNotes } from '../run/worktree/status-note.js';

export const summary = 'tasks by state, holders, durations, progress and parallel efficiency';

const usage = `usage: squad status [--watch] [--interval SECONDS] [--plan FILE] [--store URL] [--json]
       squad status --serve [--port N] [--host 127.0.0.1] [--plan FILE] [--store URL]

Shows tasks by state (available, waiting on dependencies, claimed, in progress, done, failed), who holds what and
since when, durations, progress and the parallel efficiency so far. --watch redraws every --interval seconds
(default 2) in a terminal until Ctrl-C; without a terminal (or with CI=true) it prints once. Exit code: 0; 1 when
a task's claim log under .squad/ is damaged: the rest of the plan is still shown, the damaged task under
"damaged" with the file and what to do.

--serve serves a live dashboard (the DAG by state, tasks with holders and elapsed times, lanes and sessions, progress
with an ETA) at http://127.0.0.1:PORT/, read-only, updated within a second of every claim, start, done or release.
It prints the URL on one line. --port 0 (the default) takes a free port; --host 0.0.0.0 shows it to the network.
Ctrl-C stops it (exit 0).`;

/** The view, and whether some task's state is damaged (then status exits 1, the rest of the plan still shown). */
function draw(ctx: Context, planPath: string): { text: string; damaged: boolean } {
  const { views, damaged } = ctx.store.survey();
  const now = Date.now();
  const p = progress(ctx.store.plan, views, now);
  const worktrees = worktreeNotes(lastRun(ctx.cwd, planPath));
  const url = ctx.store.backend.url;
  const workers = url ? readWorkers(url) : null;
  if (ctx.json) {
    const tasks = views.map((v) => ({ ...v, worktree: worktrees.get(v.id) ?? null }));
    return { text: JSON.stringify({ plan: ctx.store.plan.source, progress: p, tasks, ...(workers ? { workers } : {}), damaged, at: new Date(now).toISOString() }, null, 2) + '\n', damaged: damaged.length > 0 };
  }
  let text = renderStatus(ctx.store.plan, views, p, remainingPath(ctx.store.plan.tasks, doneIds(views)), terminalInfo(), worktrees, damaged);
  if (workers) text += workerLines(workers, now).join('\n') + '\n';
  return { text, damaged: damaged.length > 0 };
}

/** The plan's last run record, for what its worktrees are doing; status shows what it can without one. */
function lastRun(cwd: string, planPath: string): RunRecord | null {
  try {
    return findLastRun(cwd, planPath);
  } catch {
    return null;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('status', argv, {
    ...COMMON_OPTIONS,
    watch: { type: 'boolean', default: false },
    interval: { type: 'string', default: '2' },
    serve: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`status: takes no arguments, got '${positionals[0]}'`);
  if (values.help) {
    process.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  // Loaded only when asked for: plain `squad status` does not pay for the server and the layout library.
  if (values.serve) return (await import('../serve/command.js')).serve({ cwd: process.cwd(), plan: values.plan, config: values.config, store: values.store, port: values.port, host: values.host });
  if (values.port !== undefined || values.host !== undefined) throw new UsageError('status: --port and --host go with --serve');
  const seconds = Number(values.interval);
  if (!(seconds > 0)) throw new UsageError(`status: --interval must be a positive number of seconds, got '${values.interval}'`);
  const ctx = openContext(values);
  const planPath = resolve(ctx.cwd, values.plan ?? DEFAULT_PLAN_FILE);
  if (!values.watch || ctx.json || !terminalInfo().live) {
    const shown = draw(ctx, planPath);
    process.stdout.write(shown.text);
    return shown.damaged ? EXIT.damaged : EXIT.ok;
  }
  let damaged = false;
  let stop = false;
  const onInt = () => (stop = true);
  process.once('SIGINT', onInt);
  try {
    while (!stop) {
      // Home + clear, then the whole view: simple, and a resize never leaves debris behind.
      const shown = draw(ctx, planPath);
      damaged = shown.damaged;
      process.stdout.write('\u001b[H\u001b[2J' + shown.text);
      for (let waited = 0; waited < seconds * 1000 && !stop; waited += 100) await sleep(100);
    }
  } finally {
    process.removeListener('SIGINT', onInt);
  }
  return damaged ? EXIT.damaged : EXIT.ok;
}
