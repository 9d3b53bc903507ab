// squad metrics: did parallelism pay off? Per run and over all runs, from the run records and the claim journal.
import { resolve } from 'node:path';
import { UsageError } from '../io/errors.js';
import { DEFAULT_PLAN_FILE, loadPlanFile } from '../plan/load.js';
import { loadMetrics } from '../metrics/load.js';
import { renderMetrics } from '../metrics/render.js';
import { parseFlags } from './args.js';

export const summary = 'makespan against prediction and lower bound, parallelism, claim latency, coordination costs, per agent type';

const USAGE = `usage: squad metrics [--run ID] [--plan plans/plan.json] [--json]

Per run of the plan and over all of them: makespan against the predicted makespan and the lower bound (the
longest dependency chain at actual durations), achieved parallelism (task time / makespan) and efficiency
(parallelism / concurrency), claim latency p50/p99 (ready to claimed), claims lost to races, stale takeovers,
waits caused by file exclusions, ownership violations and merge conflicts (worktree runs), and per agent type:
tasks, time, failure rate and estimate accuracy (actual / estimate). Exit codes: 0, 1 bad input, 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('metrics', argv, { run: { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got '${positionals[0]}'`);
  const repoRoot = process.cwd();
  const planPath = resolve(repoRoot, values.plan ?? DEFAULT_PLAN_FILE);
  const plan = loadPlanFile(planPath, repoRoot);
  const m = loadMetrics({ repoRoot, planPath, plan, runId: values.run });
  for (const s of m.skipped) process.stderr.write(`squad: warning: ${s}; skipped ('squad doctor' reports it)\n`);
  process.stdout.write(values.json ? `${JSON.stringify(m, null, 2)}\n` : renderMetrics(m));
  return 0;
}
