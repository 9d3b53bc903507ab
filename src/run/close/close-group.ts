// Phase 4 of a group: test, then close. Tasks are closed only when the tests pass; otherwise they stay
// done-but-open in the run record and the group is failed.
import { join } from 'node:path';
import { taskDirName } from '../../state/paths.js';
import { baseEnv, type RunContext } from '../run-context.js';
import { runTestPhase } from './test-phase.js';

export interface Closed {
  passed: boolean;
  interrupted: boolean;
}

export async function testAndClose(ctx: RunContext, groupName: string, taskIds: string[]): Promise<Closed> {
  const { reporter, records } = ctx;
  records.groupStatus(groupName, 'testing');
  const logPath = join(ctx.runDir, 'logs', `group-${taskDirName(groupName)}`, 'test.log');
  const r = await runTestPhase(ctx.config, {
    cwd: ctx.repoRoot,
    logPath,
    env: baseEnv(ctx),
    graceMs: ctx.limits.graceMs,
    timeoutMs: ctx.limits.taskMs,
    onCommand: (cmd) => reporter.event({ kind: 'phase', group: groupName, phase: 'test', text: cmd ? cmd.display : 'no test command' }),
  });
  if (ctx.interrupted()) {
    records.groupStatus(groupName, 'interrupted', 'interrupted during the test phase', { test: r.outcome });
    return { passed: false, interrupted: true };
  }
  reporter.event({ kind: 'result', ok: r.passed, text: r.summary, tail: r.tail });
  if (!r.passed) {
    records.groupStatus(groupName, 'failed', `${r.summary}; tasks left open`, { test: r.outcome });
    return { passed: false, interrupted: false };
  }
  for (const id of taskIds) records.closed(id);
  records.groupStatus(groupName, 'closed', null, { test: r.outcome });
  reporter.event({ kind: 'phase', group: groupName, phase: 'close', text: `${taskIds.length} task(s) closed` });
  return { passed: true, interrupted: false };
}
