// `squad verify`, the work itself: read squad's state and the tracker, run the tests the way `squad run`'s
// test phase does (same detection, same "no tests found" judgement), and close the done tasks only on a pass.
// The tracker is read before the tests so a missing bd or source document fails fast, not after a long test run.
import { join, relative } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Plan } from '../plan/schema.js';
import { doneIds, type TaskState } from '../state/index.js';
import { openPlanStore } from '../state/open-store.js';
import { runTestPhase } from './test-phase.js';
import type { TestOutcome } from './test-outcome.js';
import { openTracker, selectTracker, type Selected, type TrackerChoice } from '../trackers/select.js';
import type { TrackerStatus } from '../trackers/types.js';
import { countOutcomes, decide, settle, type Outcome, type TaskOutcome } from './verify-outcome.js';
import { VERIFY_EXIT } from './verify-exit-codes.js';

export interface VerifyOptions {
  repoRoot: string;
  /** plan.json as the user named it, for output. */
  planFile: string;
  plan: Plan;
  config: Config;
  tracker: TrackerChoice;
  /** Close reason for trackers that keep one; default names the test command and the commit. */
  reason: string | null;
  env: NodeJS.ProcessEnv;
  /** --store: where claims live (src/state/open-store.ts). */
  store?: string;
  /** A store that could lose a finished task is said here (stderr). */
  warn?: (line: string) => void;
  /** Progress lines while it works (not in --json). */
  progress?: (line: string) => void;
  /** The stop signal received, if any. */
  interrupted?: () => NodeJS.Signals | null;
}

export interface VerifyReport {
  plan: string;
  source: string;
  tracker: Selected;
  tests: TestOutcome & { passed: boolean; summary: string; tail: string[] };
  /** The close reason given to the tracker, or null when nothing was closed. */
  reason: string | null;
  tasks: TaskOutcome[];
  counts: Record<Outcome, number>;
  interrupted: NodeJS.Signals | null;
  exitCode: number;
}

function defaultReason(command: string | null, env: NodeJS.ProcessEnv): string {
  const sha = env.GITHUB_SHA ? ` at ${env.GITHUB_SHA.slice(0, 12)}` : '';
  return `squad verify: ${command ? `tests passed: ${command}` : 'no test command'}${sha}`;
}

export async function verify(o: VerifyOptions): Promise<VerifyReport> {
  const say = o.progress ?? (() => {});
  const store = openPlanStore({ repoRoot: o.repoRoot, plan: o.plan, config: o.config, store: o.store, warn: o.warn });
  const views = store.snapshot();
  const states = new Map<string, TaskState>(views.map((v) => [v.id, v.state]));
  const doneSet = doneIds(views);
  const done = o.plan.tasks.filter((t) => doneSet.has(t.id));

  const selected = selectTracker(o.tracker, o.plan, o.repoRoot);
  say(`verify: tracker ${selected.name} (${selected.why})`);
  const tracker = selected.name === 'none' ? null : openTracker(selected.name, o.plan, o.repoRoot, o.env);
  let statuses: Map<string, TrackerStatus> | null = null;
  if (tracker) {
    statuses = await tracker.status(done);
    const open = done.filter((t) => statuses!.get(t.id)?.state === 'open').length;
    say(`verify: ${done.length} of ${o.plan.tasks.length} task(s) done in squad's state; ${open} of them open in ${tracker.name}`);
  }

  const logPath = join(o.repoRoot, '.squad', 'verify', 'test.log');
  // The log keeps every verify's output; the test phase judges only this one's.
  const r = await runTestPhase(o.config, {
    cwd: o.repoRoot,
    logPath,
    env: o.env,
    graceMs: o.config.timeouts.graceSeconds * 1000,
    timeoutMs: o.config.timeouts.taskMinutes * 60_000,
    onCommand: (cmd) => say(cmd ? `verify: running tests: ${cmd.display}` : 'verify: no test command found'),
  });
  const interrupted = o.interrupted?.() ?? null;
  const passed = r.passed && interrupted === null;
  const summary = r.outcome.log ? r.summary.replace(r.outcome.log, relative(o.repoRoot, r.outcome.log)) : r.summary;

  const decided = decide(o.plan.tasks, states, statuses, passed);
  let tasks = decided.outcomes;
  let reason: string | null = null;
  if (tracker && decided.toClose.length > 0) {
    reason = o.reason ?? defaultReason(r.commandLine, o.env);
    tasks = settle(tasks, await tracker.close(decided.toClose, reason));
  }
  const counts = countOutcomes(tasks);
  const exitCode = !passed ? VERIFY_EXIT.testsFailed : counts['not-closed'] > 0 ? VERIFY_EXIT.notClosed : VERIFY_EXIT.ok;
  return {
    plan: o.planFile,
    source: o.plan.source,
    tracker: selected,
    tests: { ...r.outcome, log: r.outcome.log && relative(o.repoRoot, r.outcome.log), passed, summary, tail: r.tail },
    reason,
    tasks,
    counts,
    interrupted,
    exitCode,
  };
}
