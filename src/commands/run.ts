// squad run: execute a compiled plan, group by group (see src/run/pipeline.ts and README "Running the plan").
import { UsageError } from '../io/errors.js';
import { CONTINUE_MODES } from '../schedule/scheduler.js';
import { TRACKER_CHOICES } from '../trackers/select.js';
import { ISOLATIONS } from '../config/schema.js';
import { choiceFlag, intFlag, parseFlags } from './args.js';

export const summary = 'run the plan: refresh, launch tasks in parallel (critical path first), monitor, test and close';

const usage = `usage: squad run [--plan plans/plan.json] [--group NAME] [--concurrency N]
                 [--continue never|dependencies-successful|always] [--resume] [--with-deps]
                 [--tracker auto|beads|taskmaster|markdown|none] [--isolation worktree|shared]
                 [--into BRANCH] [--dry-run] [--json] [--config FILE]
                 [--store URL [--local N] [--remote NAME]]

For the group (or every group, dependencies first): refresh and write a context file, launch the ready
tasks (longest remaining critical path first, at most N at once, never two writers of one file together),
watch them, then run the tests and close the tasks when they pass.

  --plan FILE       compiled plan (default plans/plan.json)
  --group NAME      run one group (default: all, in dependency order)
  --concurrency N   tasks at once (default: config 'concurrency', else 4)
  --continue MODE   after a failure: never (start nothing new, default), dependencies-successful
                    (skip only what depends on it), always (run everything)
  --resume          continue the last run of this plan: finished tasks are not run again
  --with-deps       run unfinished dependencies from other groups first instead of refusing
  --tracker NAME    also close passed tasks there (default auto: beads when tasks have bd ids and
                    .beads/ exists, else the plan's source document when it is here, else none)
  --isolation MODE  worktree (default, config 'isolation'): each task in its own git worktree and branch,
                    checked against the plan's ownership and merged by squad one at a time; shared: every
                    task in this working tree
  --into BRANCH     the branch finished tasks merge into (default: the branch checked out)
  --dry-run         print the schedule from the estimates (start, end, slot), the makespan, the lower
                    bound and the parallel efficiency; runs nothing
  --json            JSON on stdout (the run record, or the dry-run schedule); progress goes to stderr
  --store URL       where claims live: redis://host:port/db for a Redis many machines share (default:
                    $SQUAD_STORE, else config 'store', else .squad/coord/)
  --local N         with a Redis store: run at most N tasks here and send the others (up to the
                    concurrency) to 'squad worker' processes on any machine (default: the concurrency,
                    all here); needs worktree isolation
  --remote NAME     the shared repository workers fetch from and push to (default origin)

Exit codes: 0 all tasks closed; 1 bad input (plan, config, missing agent command, tracker unavailable); 2 usage;
3 a task failed or was not run; 4 tests failed or found none (tasks left open); 5 blocked by an
unfinished dependency outside the group, or the run is still going; 6 a fatal refresh command failed;
7 tests passed but the tracker did not close some tasks; 130/143 interrupted by SIGINT/SIGTERM, 141 output
closed (squad run | head) (--resume continues). When several apply, the lowest non-zero code wins.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('run', argv, {
    plan: { type: 'string', default: 'plans/plan.json' },
    group: { type: 'string' },
    concurrency: { type: 'string' },
    continue: { type: 'string' },
    resume: { type: 'boolean', default: false },
    'with-deps': { type: 'boolean', default: false },
    tracker: { type: 'string' },
    isolation: { type: 'string' },
    into: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
    store: { type: 'string' },
    local: { type: 'string' },
    remote: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'; the plan is given with --plan`);
  if (values['dry-run'] && values.resume) throw new UsageError('--dry-run and --resume do not go together');
  const common = {
    cwd: process.cwd(),
    planFile: values.plan!,
    configFile: values.config,
    group: values.group,
    concurrency: intFlag(values.concurrency, 'concurrency', 1, 64) ?? undefined,
    // undefined: the resumed run's choice, else never.
    continueMode: values.continue === undefined ? undefined : choiceFlag(values.continue, 'continue', CONTINUE_MODES, 'never'),
    withDeps: values['with-deps']!,
    store: values.store,
    local: intFlag(values.local, 'local', 0, 64) ?? undefined,
    remote: values.remote,
  };
  // Checked before --dry-run too, so a misspelt mode is caught whatever else is asked.
  const isolation = values.isolation === undefined ? undefined : choiceFlag(values.isolation, 'isolation', ISOLATIONS, 'worktree');
  if (values['dry-run']) {
    const { dryRun, formatDryRun } = await import('../run/dry-run.js');
    const d = await dryRun(common);
    process.stdout.write(values.json ? JSON.stringify(d, null, 2) + '\n' : formatDryRun(d));
    return 0;
  }
  const { runPlan } = await import('../run/pipeline.js');
  return runPlan({
    ...common,
    resume: values.resume!,
    json: values.json!,
    tracker: values.tracker === undefined ? undefined : choiceFlag(values.tracker, 'tracker', TRACKER_CHOICES, 'auto'),
    isolation,
    into: values.into,
  });
}
