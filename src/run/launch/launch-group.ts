// Phases 2 and 3 of a group: launch tasks from the ready queue as slots free up, and watch them.
// Every start is an atomic claim in the shared store (src/state, through claims.ts), so two runs, or a
// run and a person using `squad claim`, never run one task at the same time; every end is recorded
// there and in the run record.
import type { PlanTask } from '../../plan/schema.js';
import { Scheduler } from '../../schedule/scheduler.js';
import { drive } from '../../schedule/drive.js';
import { Watchdog } from '../../process/watchdog.js';
import { logTail } from '../../process/log-tail.js';
import { baseEnv, doneNow, shown, type RunContext } from '../run-context.js';
import { toSchedTask } from '../../schedule/graph.js';
import { ProcessExecutor, type ProcessCompletion } from './process-executor.js';
import { RunClaims } from './claims.js';
import { taskSpec } from './task-spec.js';
import { gateSpec } from './gate.js';
import type { WorktreePlace } from '../worktree/place.js';
import { PLAN_POLL_MS } from '../plan/live-pool.js';
import type { ReportEvent } from '../monitor/reporter.js';

export interface GroupTasksResult {
  /** Tasks this group ended with done (run here or finished elsewhere). */
  done: string[];
  failed: string[];
  /** Given up because of a failure (dependencies-successful) or never started (never). */
  skipped: string[];
  /** Left pending because the run was interrupted. */
  pending: string[];
}

/** How often to look again at a task another session holds. */
const HOLDER_POLL_MS = 1000;

export async function runGroupTasks(ctx: RunContext, groupName: string, tasks: PlanTask[], contextPath: string): Promise<GroupTasksResult> {
  const { records, reporter, session } = ctx;
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const done = doneNow(ctx);
  const alreadyDone = tasks.filter((t) => done(t.id)).map((t) => t.id);
  for (const id of alreadyDone) records.doneElsewhere(id, records.task(id).reason ?? 'done before this run');
  const scheduler = new Scheduler(tasks.map((t) => toSchedTask(t, ctx.learned)), {
    concurrency: ctx.concurrency,
    continueMode: ctx.continueMode,
    exclusions: ctx.plan.exclusions,
    mutexes: ctx.plan.mutexes,
    done: alreadyDone,
  });
  const env = baseEnv(ctx);
  const warnedHeld = new Set<string>();

  // ctx.store, not a copy: tasks added during the run reopen it with the grown plan (plan/live-pool.ts).
  const claims = new RunClaims(() => ctx.store, session, (text) => reporter.event({ kind: 'warn', text }), ctx.fail);
  // Claim ahead only what could take a free slot: a claim for a task that cannot start yet would keep
  // another run, or a person, from a task this run is not about to do.
  const claimAhead = () => claims.claimAhead(scheduler.upcoming(scheduler.freeSlotCount()));

  const executor = new ProcessExecutor({
    gate: (t) => claims.gate(t.id),
    prepare: (t, slot) => {
      const attempt = records.task(t.id).attempts + 1;
      const remote = ctx.remote?.place(t.id) ? ctx.remote : null;
      const spec = (worktree: WorktreePlace | null) => {
        const here = taskSpec(ctx, byId.get(t.id)!, { slot, attempt, contextPath, env, worktree });
        return remote ? remote.spec(here, { runId: records.record.runId, attempt, limits: ctx.limits }) : here;
      };
      return ctx.worktrees ? ctx.worktrees.create(byId.get(t.id)!).then(spec) : spec(null);
    },
    stopped: () => ctx.interrupted() !== null,
    settle: ctx.worktrees ? (t) => ctx.worktrees!.land(byId.get(t.id)!) : undefined,
    pollMs: HOLDER_POLL_MS,
    graceMs: ctx.limits.graceMs,
    watchdog: new Watchdog({ taskMs: ctx.limits.taskMs, inactivityMs: ctx.limits.inactivityMs }),
    onLaunch: (l) => {
      records.launched(l.task.id, { pid: l.group.pid, pidStart: l.group.startedAt, slot: l.slot, log: l.group.spec.logPath, startedAt: l.startedAt });
      reporter.event({ kind: 'start', id: l.task.id, title: byId.get(l.task.id)!.title, slot: l.slot, attempt: records.task(l.task.id).attempts });
    },
    // A task sent to a worker passed its gate there.
    gateOf: (t, ran) => (ctx.remote?.remote.has(t.id) ? null : gateSpec(byId.get(t.id)!, ran)),
    onGateLaunch: (l) => {
      records.gateLaunched(l.task.id, l.group.pid);
      reporter.event({ kind: 'info', text: `gate  ${l.task.id}: ${byId.get(l.task.id)!.gate}` });
    },
    onHeld: (t, holder) => {
      if (warnedHeld.has(t.id)) return;
      warnedHeld.add(t.id);
      reporter.event({ kind: 'info', text: `wait  ${t.id}: held by ${holder}; it runs here only if they let go` });
    },
  });

  ctx.status = () => ({
    running: [...executor.running.values()].map((l) => ({ id: l.task.id, title: byId.get(l.task.id)!.title, slot: l.slot, startedAt: l.startedAt, where: whereItWorks(l.task.id) })),
    counts: scheduler.counts(),
  });
  /** For the live view: the task's worktree while it works, `merging` once it finished and waits for its merge. */
  const whereItWorks = (id: string): string | undefined => {
    const wt = records.task(id).worktree;
    if (!wt) return undefined;
    return wt.stage === 'created' ? `in ${shown(ctx, wt.path)}` : wt.stage === 'finished' ? 'merging' : undefined;
  };
  ctx.onInterrupt = () => {
    scheduler.halt('interrupted');
    executor.abandonWaiting('interrupted');
  };

  const result: GroupTasksResult = { done: [...alreadyDone], failed: [], skipped: [], pending: [] };
  // A task's end line is shown once its end is on disk in both places: the claim store's entry (the caller passes
  // this to the claim write, which calls it once written), then the run record (monitor/in-order.ts).
  const durable = (e: ReportEvent) => {
    const show = reporter.hold(e);
    return () => records.file.whenWritten(show);
  };
  const doneInStore = (id: string) => ctx.store.snapshot().some((v) => v.id === id && v.state === 'done');
  const onFinish = (c: ProcessCompletion, skipped: string[]) => {
    ctx.remote?.ended(c.id);
    if (c.doneBy !== null) {
      // The store's done entry is someone else's, already on disk: only the record must land first.
      records.doneElsewhere(c.id, c.doneBy);
      records.file.whenWritten(reporter.hold({ kind: 'done', id: c.id, ms: 0, note: `(${c.doneBy})` }));
      result.done.push(c.id);
    } else if (c.abandoned && !ctx.interrupted()) {
      // Waiting for another holder when a failure halted the run: never ours, never started.
      const why = `not started: ${scheduler.halted ?? 'the run stopped starting tasks'}`;
      records.skipped(c.id, why);
      reporter.event({ kind: 'skip', ids: [c.id], why });
      result.skipped.push(c.id);
    } else if (c.reason === 'stopped' && ctx.interrupted()) {
      // Interrupted, not failed: give the claim back and leave the task for --resume.
      // A task that was only waiting for another holder never had our claim.
      if (!c.abandoned) claims.release(c.id);
      records.backToPending(c.id, 'interrupted');
      result.pending.push(c.id);
    } else if (c.conflicts) {
      // Passed, but its branch did not merge: kept for a person, and it counts as not done (--continue decides).
      records.conflict(c.id, c.why!, c.endedAt);
      claims.failed(c.id, c.why!, durable({ kind: 'fail', id: c.id, ms: c.endedAt - c.startedAt, why: `conflict: ${c.why}`, log: shown(ctx, c.logPath), tail: [] }));
      result.failed.push(c.id);
    } else if (c.ok) {
      records.ended(c.id, { ok: true, exitCode: c.exitCode, signal: c.signal, reason: null, endedAt: c.endedAt });
      claims.done(c.id, durable({ kind: 'done', id: c.id, ms: c.endedAt - c.startedAt }));
      result.done.push(c.id);
    } else if (doneInStore(c.id)) {
      // It ran `squad done` itself, then exited badly. The store's done stands (others may already rely on
      // it); the disagreement is said out loud and kept in the record instead of a silent refusal.
      const why = `conflict: marked itself done with 'squad done', then ended with ${c.why ?? 'a failure'}`;
      records.ended(c.id, { ok: true, exitCode: c.exitCode, signal: c.signal, reason: why, endedAt: c.endedAt });
      records.file.whenWritten(reporter.hold({ kind: 'warn', text: `${c.id}: ${why}; kept as done (log ${shown(ctx, c.logPath)})` }));
      result.done.push(c.id);
    } else {
      const why = c.why ?? 'failed';
      records.ended(c.id, { ok: false, exitCode: c.exitCode, signal: c.signal, reason: why, endedAt: c.endedAt });
      claims.failed(c.id, why, durable({ kind: 'fail', id: c.id, ms: c.endedAt - c.startedAt, why, log: shown(ctx, c.logPath), tail: logTail(c.logPath, 20) }));
      result.failed.push(c.id);
    }
    if (c.escaped.length > 0) {
      reporter.event({ kind: 'warn', text: `${c.id}: stopped what it left running outside its process group: ${c.escaped.join(', ')}` });
    }
    if (skipped.length > 0) {
      const why = `dependency ${c.id} failed`;
      for (const id of skipped) records.skipped(id, why);
      reporter.event({ kind: 'skip', ids: skipped, why: `${why} (--continue=dependencies-successful)` });
      result.skipped.push(...skipped);
    }
  };

  // Tasks added to the plan meanwhile join this group's queue (plan/live-pool.ts); `added` wakes the loop for them.
  let woke: () => void = () => {};
  let added = new Promise<void>((r) => (woke = r));
  const pickUp = setInterval(() => {
    if (!ctx.pool || scheduler.halted) return;
    const isDone = doneNow(ctx);
    const fresh = ctx.pool.duringLaunch(groupName, (id) => scheduler.graph.indexOf.has(id), isDone);
    if (!fresh.length) return;
    for (const t of fresh) {
      byId.set(t.id, t);
      tasks.push(t);
      records.ensureTask(t, groupName);
    }
    records.file.flush(); // listed on disk before they spawn, as at the group's start (pipeline.ts)
    const skipped = scheduler.add(fresh.map((t) => toSchedTask(t, ctx.learned)), ctx.plan.exclusions, ctx.plan.mutexes);
    if (skipped.length) {
      for (const id of skipped) records.skipped(id, scheduler.reasonOf(id) ?? 'a dependency failed');
      reporter.event({ kind: 'skip', ids: skipped, why: 'a dependency failed (--continue)' });
      result.skipped.push(...skipped);
    }
    woke();
    added = new Promise<void>((r) => (woke = r));
  }, PLAN_POLL_MS);

  try {
    await drive(scheduler, executor, {
      added: () => added,
      onStart: claimAhead,
      onFinish: (c, skipped) => {
        onFinish(c, skipped);
        // Halted (a failure under --continue=never): what waits for another holder must not start later.
        if (scheduler.halted) executor.abandonWaiting(scheduler.halted);
        claimAhead();
      },
    });
  } finally {
    clearInterval(pickUp);
    claims.flush();
    ctx.status = null;
    ctx.onInterrupt = null;
  }

  // What never started: left for --resume when interrupted, else given up because of a failure.
  const notStarted = tasks.filter((t) => ['waiting', 'ready'].includes(scheduler.stateOf(t.id))).map((t) => t.id);
  if (notStarted.length > 0) {
    if (ctx.interrupted()) {
      for (const id of notStarted) records.backToPending(id, 'not started: interrupted');
      result.pending.push(...notStarted);
    } else {
      const why = `not started: ${scheduler.halted ?? 'its dependencies never finished'}`;
      for (const id of notStarted) records.skipped(id, why);
      reporter.event({ kind: 'skip', ids: notStarted, why });
      result.skipped.push(...notStarted);
    }
  }
  return result;
}
