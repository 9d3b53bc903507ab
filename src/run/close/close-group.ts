// Phase 4 of a group: test, then close: in the run record, and in the tracker (beads, Task Master, the
// source markdown) when there is one. Tasks are closed only when the tests pass; otherwise they stay
// done-but-open and the group is failed.
import { join } from 'node:path';
import { taskDirName } from '../../state/paths.js';
import { baseEnv, shown, type RunContext } from '../run-context.js';
import { runTestPhase } from '../../close/test-phase.js';
import { closeInTracker } from '../../close/close-tracker.js';

export interface Closed {
  passed: boolean;
  interrupted: boolean;
  /** Tests passed, but the tracker did not close some tasks. */
  trackerRefused: boolean;
}

export async function testAndClose(ctx: RunContext, groupName: string, taskIds: string[]): Promise<Closed> {
  const { reporter, records } = ctx;
  records.groupStatus(groupName, 'testing');
  const logPath = join(ctx.runDir, 'logs', `group-${taskDirName(groupName)}`, 'test.log');
  const tested = await runTestPhase(ctx.config, {
    cwd: ctx.repoRoot,
    logPath,
    env: baseEnv(ctx),
    graceMs: ctx.limits.graceMs,
    timeoutMs: ctx.limits.taskMs,
    onCommand: (cmd) => reporter.event({ kind: 'phase', group: groupName, phase: 'test', text: cmd ? cmd.display : 'no test command' }),
  });
  if (ctx.interrupted()) {
    records.groupStatus(groupName, 'interrupted', 'interrupted during the test phase', { test: tested.outcome });
    return { passed: false, interrupted: true, trackerRefused: false };
  }
  const summary = tested.outcome.log ? tested.summary.replace(tested.outcome.log, shown(ctx, tested.outcome.log)) : tested.summary;
  reporter.event({ kind: 'result', ok: tested.passed, text: summary, tail: tested.tail });
  if (!tested.passed) {
    records.groupStatus(groupName, 'failed', `${summary}; tasks left open`, { test: tested.outcome });
    return { passed: false, interrupted: false, trackerRefused: false };
  }
  for (const id of taskIds) records.closed(id);
  // On disk before the tracker is touched: a ticked checkbox must never stand beside a record that says open
  // (a kill -9 in between would leave the tracker ahead of the record).
  records.file.flush();
  let trackerRefused = false;
  let note = '';
  if (ctx.tracker) {
    const byId = new Map(ctx.plan.tasks.map((t) => [t.id, t]));
    const tasks = taskIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    const r = await closeInTracker(ctx.tracker, ctx.store, tasks, `squad run ${records.record.runId}: ${tested.commandLine ? `tests passed: ${tested.commandLine}` : 'no test command'}`);
    trackerRefused = r.notClosed.length > 0;
    note = `; in ${ctx.tracker.name}: ${r.closed.length} closed, ${r.counts['already-closed']} already closed${r.counts.untracked ? `, ${r.counts.untracked} untracked` : ''}`;
    for (const o of r.notClosed) reporter.event({ kind: 'warn', text: `${o.id} is closed in the run state but ${ctx.tracker.name} did not close it: ${o.why ?? 'no reason given'}${o.where ? ` (${o.where})` : ''}` });
    const committed = ctx.worktrees && r.closed.length > 0 ? await ctx.worktrees.commitSource(`squad: close ${r.closed.join(', ')} in ${ctx.tracker.name}`) : null;
    if (committed) note += `; committed on ${ctx.worktrees!.integration}: ${committed.slice(0, 10)}`;
  }
  records.groupStatus(groupName, 'closed', trackerRefused ? `tests passed; the tracker did not close every task${note}` : null, { test: tested.outcome });
  records.file.flush(); // the close line below says it is done
  reporter.event({ kind: 'phase', group: groupName, phase: 'close', text: `${taskIds.length} task(s) closed${note}` });
  return { passed: true, interrupted: false, trackerRefused };
}
