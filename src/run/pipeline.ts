// `squad run`: plan -> for each group: context (refresh, dependency check, context file) -> launch and
// monitor (ready queue, concurrency cap, file exclusion) -> test and close. Owns the run record's
// life and the signal handlers; the phases live in context/, launch/ and close/.
import { learnEstimates } from '../plan/estimates.js';
import { finishedSamples } from '../state/finished-samples.js';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UserError, UsageError } from '../io/errors.js';
import { remoteMode } from '../distributed/remote-spec.js';
import { terminalInfo } from '../io/terminal.js';
import type { Plan } from '../plan/schema.js';
import { currentSession, doneIds } from '../state/index.js';
import { openPlanStore } from '../state/open-store.js';
import { loadPlanFile } from '../plan/load.js';
import { RUN_EXIT, worst } from './exit-codes.js';
import { groupsInDagOrder, missingDependencies, selectGroups, type RunGroup } from '../plan/groups.js';
import { checkAgentCommands } from './launch/task-command.js';
import { installInterruptHandlers, signalExitCode } from './monitor/signals.js';
import { killAllGroupsNow } from '../process/process-group.js';
import { LiveReporter } from './monitor/live-view.js';
import { PlainReporter } from './monitor/reporter.js';
import { InOrder } from './monitor/in-order.js';
import { findLastRun, runDir, statePath } from './record/record-file.js';
import { reconcileStore } from './record/reconcile.js';
import { assertRunnerGone } from './record/resume.js';
import { openRunRecord } from './record/open-run.js';
import type { RunRecord } from './record/schema.js';
import type { RunOptions } from './options.js';
import { doneNow, shown, type RunContext } from './run-context.js';
import { prepareGroup } from './context/prepare-group.js';
import { runGroupTasks } from './launch/launch-group.js';
import { testAndClose } from './close/close-group.js';
import { chooseTracker } from '../close/close-tracker.js';
import { worktreesDir } from './worktree/place.js';
import { LivePool } from './plan/live-pool.js';

/** What src/cli.ts exits with for a bug in squad. */
const INTERNAL_EXIT = 70;

export interface RunIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runPlan(o: RunOptions, io: RunIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const planPath = resolve(o.cwd, o.planFile);
  const plan = loadPlanFile(planPath, o.cwd);
  const { config, file: configFile } = loadConfig(o.configFile, o.cwd);

  const previous = o.resume ? findLastRun(o.cwd, planPath) : null;
  if (o.resume && !previous) throw new UserError(`no earlier run of this plan to resume; run it without --resume`, o.planFile, null, RUN_EXIT.input);
  if (previous) assertRunnerGone(previous, statePath(o.cwd, previous.runId));

  const groupNames = o.group !== undefined ? [o.group] : (previous?.options.groups ?? null);
  const groups = groupNames ? groupNames.flatMap((n) => selectGroups(plan, n)) : selectGroups(plan, undefined);
  const concurrency = o.concurrency ?? previous?.options.concurrency ?? config.concurrency;
  const continueMode = o.continueMode ?? previous?.options.continue ?? 'never';
  const withDeps = o.withDeps || (previous?.options.withDeps ?? false);
  const trackerChoice = o.tracker ?? previous?.options.tracker ?? 'auto';
  const store = openPlanStore({ repoRoot: o.cwd, plan, config, store: o.store, warn: (line) => process.stderr.write(`squad: warning: ${line}\n`) });

  // Before anything starts: every agent task this run may launch has a command that exists.
  const views = store.snapshot();
  const doneInStore = doneIds(views);
  const storeDone = (id: string) => doneInStore.has(id);
  const candidates = groups.flatMap((g) => [...(withDeps ? missingDependencies(plan, g, storeDone) : []), ...g.tasks]);
  const remote = remoteMode(o, config, concurrency, plan);
  // Tasks sent to workers run the agent commands of the workers' clones; this machine needs them only for its own.
  if (!remote || remote.mode.local > 0) checkAgentCommands(candidates.filter((t) => !storeDone(t.id)), config, configFile, o.cwd);
  // Also before anything starts: a tracker named explicitly (or a missing bd) fails now, not after the work.
  const tracker = await chooseTracker(trackerChoice, plan, o.cwd, candidates);
  // Worktree isolation: the repository must be fit for it before anything starts (one line otherwise).
  const isolation = o.isolation ?? previous?.options.isolation ?? config.isolation;
  // Loaded only for worktree runs: execa alone takes a good part of a second to load on a slow machine.
  const wt = isolation === 'worktree' ? await import('./worktree/index.js') : null;
  if (wt && previous && (await wt.abortMerge(o.cwd))) io.stderr.write(`resume: undid the merge the stopped run left half done\n`);
  if (remote && !wt) throw new UsageError('--local below --concurrency sends tasks to squad workers, whose work comes back as branches: it needs --isolation worktree');
  const integration = wt ? await wt.prepareIntegration(o.cwd, o.into ?? previous?.options.into ?? null) : null;

  const runId = previous?.runId ?? newRunId();
  const session = currentSession(`squad-run-${runId}`, { pid: process.pid });
  const graceMs = config.timeouts.graceSeconds * 1000;
  const { file, records, leftovers } = await openRunRecord({
    repoRoot: o.cwd,
    planPath,
    runId,
    previous,
    groups,
    options: { groups: groupNames, concurrency, continue: continueMode, withDeps, tracker: trackerChoice, isolation, into: integration?.branch ?? null },
    session,
    graceMs,
  });
  const record = file.record;

  let signal: NodeJS.Signals | null = null;
  // An error from a timer (a deferred write): it ends the run the way a stop signal does, then is thrown.
  let failure: { err: unknown } | null = null;
  let rejectFailed!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => {});
  // The live view reads the running tasks through ctx, which exists by the time it first draws.
  const reporter = makeReporter(o.json, io, () => ctx.status?.() ?? null);
  const ctx: RunContext = {
    repoRoot: o.cwd,
    planPath,
    plan,
    planWrittenMs: statSync(planPath).mtimeMs,
    config,
    configFile,
    store,
    // Ready tasks go longest remaining path first; a task without an estimate weighs what finished tasks took.
    learned: learnEstimates(finishedSamples(views)),
    session,
    records,
    tracker: tracker.tracker,
    runDir: runDir(o.cwd, runId),
    reporter,
    concurrency,
    continueMode,
    withDeps,
    limits: { taskMs: config.timeouts.taskMinutes * 60_000, inactivityMs: config.timeouts.inactivityMinutes * 60_000, graceMs },
    // After a failure, every phase stops as on SIGTERM: nothing new starts while the error is reported.
    interrupted: () => signal ?? (failure ? 'SIGTERM' : null),
    fail: (err) => {
      if (failure) return;
      failure = { err };
      ctx.onInterrupt?.();
      rejectFailed(err);
    },
    onInterrupt: null,
    worktrees: null,
    remote,
    status: null,
    pool: null,
  };
  // A `--group` run (or the resume of one) takes only new tasks of its group.
  ctx.pool = new LivePool(ctx, groups, groupNames === null, (p) => openPlanStore({ repoRoot: o.cwd, plan: p, config, store: o.store }));
  if (wt && integration) ctx.worktrees = new wt.WorktreeRun(ctx, integration.branch, config.ownership);
  const handlers = installInterruptHandlers((sig) => {
    signal = sig;
    ctx.reporter.event({ kind: 'warn', text: `${sig}: stopping every running task (SIGTERM, SIGKILL after ${config.timeouts.graceSeconds}s); press Ctrl-C again to kill them now` });
    ctx.onInterrupt?.();
  });
  const stopHeartbeat = store.keepAlive(session);

  let exitCode: number;
  try {
    ctx.reporter.event({
      kind: 'info',
      text: `${previous ? 'resuming' : 'run'} ${runId}: ${groups.length} group(s), concurrency ${concurrency}, --continue=${continueMode}; state ${shown(ctx, file.path)}`,
    });
    ctx.reporter.event({ kind: 'info', text: `closing in: run state${tracker.tracker ? ` and ${tracker.why}` : ` only (tracker ${tracker.why})`}` });
    if (previous) {
      // The claim store must agree with the record before anything runs (record/reconcile.ts).
      const agreed = reconcileStore(record, store, session);
      if (agreed.mended.length) ctx.reporter.event({ kind: 'warn', text: `recorded as done in the claim store what the run record says finished: ${agreed.mended.join(', ')}` });
      for (const line of agreed.left) ctx.reporter.event({ kind: 'warn', text: line });
    }
    if (leftovers.stopped.length) {
      const outside = leftovers.escaped.length ? ` (found by their task's marker: ${leftovers.escaped.join(', ')})` : '';
      ctx.reporter.event({ kind: 'warn', text: `stopped what the previous run left running: ${leftovers.stopped.join(', ')}${outside}` });
    }
    for (const r of leftovers.refused) ctx.reporter.event({ kind: 'warn', text: `not signalling ${r.id} (pid ${r.pid}), left running by the previous run: ${r.why}` });
    file.onError = ctx.fail;
    if (integration) {
      const switched = integration.switchedFrom ? ` (switched from ${integration.switchedFrom})` : '';
      ctx.reporter.event({ kind: 'info', text: `isolation: worktree: each task in its own worktree under ${shown(ctx, worktreesDir(o.cwd, runId))}, merged into ${integration.branch}${switched}; ownership: ${config.ownership}` });
      if (previous) await wt!.resumeWorktrees(ctx, ctx.worktrees!);
    }
    const work = runGroups(ctx, groups);
    work.catch(() => {}); // after a failure it winds down unawaited; its own errors were reported through `failed`
    const codes = await Promise.race([work, failed]);
    exitCode = signal ? signalExitCode(signal) : worst(codes);
    record.status = signal ? 'interrupted' : exitCode === 0 ? 'succeeded' : exitCode === RUN_EXIT.blocked ? 'blocked' : 'failed';
    record.exitCode = exitCode;
    file.flush();
    // No worktree is left on disk unsaid: failed, conflicting and unfinished ones are listed with how to look.
    for (const line of ctx.worktrees?.keptLines() ?? []) ctx.reporter.event({ kind: 'warn', text: line });
    ctx.reporter.event({ kind: 'result', ok: exitCode === 0, text: summaryLine(record, shown(ctx, file.path)) });
  } catch (err) {
    // A bug or an I/O error mid-run: no task may outlive it. The record says the run failed (when it can
    // still be written); tasks it shows running are run again by --resume, after stopping what is left.
    ctx.fail(err);
    killAllGroupsNow();
    const ioError = typeof (err as NodeJS.ErrnoException).code === 'string';
    record.status = 'failed';
    record.exitCode = ioError ? RUN_EXIT.input : INTERNAL_EXIT;
    try {
      file.flush();
    } catch {
      /* the disk that failed the run may fail this too: the one-line error below still says what happened */
    }
    if (!ioError) throw err;
    const msg = (err as Error).message.split('\n')[0];
    throw new UserError(`the run stopped: ${msg}; every task was stopped, fix this and run 'squad run --resume'`, null, null, RUN_EXIT.input);
  } finally {
    ctx.reporter.close();
    stopHeartbeat();
    handlers.uninstall();
  }
  if (o.json) io.stdout.write(JSON.stringify({ ...record, stateFile: file.path }, null, 2) + '\n');
  return exitCode;
}

/** The four phases for each group, in DAG order. Returns the exit code of each problem met. */
async function runGroups(ctx: RunContext, groups: RunGroup[]): Promise<number[]> {
  const { records, reporter } = ctx;
  const codes: number[] = [];
  const failedGroups = new Set<string>();
  const groupOf = taskGroups(ctx.plan);
  for (let i = 0; i <= groups.length; i++) {
    if (ctx.interrupted()) break;
    // Past the last group: tasks added meanwhile that no group took get groups of their own (plan/live-pool.ts).
    if (i === groups.length && !ctx.pool?.afterLastGroup().length) break;
    const group = groups[i]!;
    if (records.group(group.name).status === 'closed') {
      reporter.event({ kind: 'info', text: `[${group.name}] already closed by this run` });
      continue;
    }
    ctx.pool?.groupStarts(group, doneNow(ctx));
    const upstream = [...new Set(group.tasks.flatMap((t) => t.deps).map((d) => groupOf.get(d)))].filter((g): g is string => !!g && failedGroups.has(g));
    if (upstream.length > 0 && ctx.continueMode === 'dependencies-successful') {
      records.groupStatus(group.name, 'blocked', `depends on group ${upstream.join(', ')}, which failed`);
      reporter.event({ kind: 'skip', ids: [group.name], why: `group depends on failed group ${upstream.join(', ')}` });
      failedGroups.add(group.name);
      codes.push(RUN_EXIT.taskFailed);
      continue;
    }

    records.groupStatus(group.name, 'refreshing');
    const prep = await prepareGroup(ctx, group);
    if (!prep.ok) {
      records.groupStatus(group.name, prep.exitCode === RUN_EXIT.blocked ? 'blocked' : 'failed', prep.message);
      reporter.event({ kind: 'result', ok: false, text: prep.message });
      codes.push(prep.exitCode);
      failedGroups.add(group.name);
      if (prep.exitCode === RUN_EXIT.refreshFailed || ctx.continueMode === 'never') break;
      continue;
    }
    if (ctx.interrupted()) break;
    for (const t of prep.tasks) records.ensureTask(t, groupOf.get(t.id) ?? group.name);
    records.groupStatus(group.name, 'running', null, { context: prep.contextPath });
    // On disk before the first spawn: --resume finds a killed run's tasks by the markers of the tasks it lists.
    records.file.flush();
    reporter.event({ kind: 'phase', group: group.name, phase: 'launch', text: `${prep.tasks.length} task(s), concurrency ${ctx.concurrency}` });
    const res = await runGroupTasks(ctx, group.name, prep.tasks, prep.contextPath);
    if (ctx.interrupted()) {
      records.groupStatus(group.name, 'interrupted', `interrupted; ${res.pending.length} task(s) left for --resume`);
      break;
    }
    if (res.failed.length > 0 || res.skipped.length > 0) {
      const msg = `${res.failed.length} failed, ${res.skipped.length} not run; tests not run, tasks left open`;
      records.groupStatus(group.name, 'failed', msg);
      reporter.event({ kind: 'result', ok: false, text: `[${group.name}] ${msg}` });
      codes.push(RUN_EXIT.taskFailed);
      failedGroups.add(group.name);
      if (ctx.continueMode === 'never') break;
      continue;
    }
    const closed = await testAndClose(ctx, group.name, res.done);
    if (closed.interrupted) break;
    if (closed.trackerRefused) codes.push(RUN_EXIT.trackerRefused);
    if (!closed.passed) {
      codes.push(RUN_EXIT.testsFailed);
      failedGroups.add(group.name);
      if (ctx.continueMode === 'never') break;
    }
  }
  return codes;
}

function taskGroups(plan: Plan): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of groupsInDagOrder(plan)) for (const t of g.tasks) m.set(t.id, g.name);
  return m;
}

function summaryLine(r: RunRecord, file: string): string {
  const count = (s: string) => r.tasks.filter((t) => t.status === s).length;
  const parts = [`${count('closed')} closed`, `${count('done')} done (open)`, `${count('failed')} failed`, ...(count('conflict') ? [`${count('conflict')} conflict`] : []), `${count('skipped')} skipped`, `${count('pending')} pending`];
  return `run ${r.runId} ${r.status} (exit ${r.exitCode}): ${parts.join(', ')}; state ${file}`;
}

function makeReporter(json: boolean, io: RunIo, status: () => ReturnType<NonNullable<RunContext['status']>> | null): InOrder {
  const out = json ? io.stderr : io.stdout;
  const term = terminalInfo(out);
  return new InOrder(term.live ? new LiveReporter(out, term, status) : new PlainReporter(out, term));
}

function newRunId(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${randomBytes(2).toString('hex')}`;
}

