// --resume of a worktree run: what the killed run left in .squad/worktrees. A branch whose task finished
// (committed and checked) but was not recorded as merged is merged now, in the order the tasks finished; a
// tip already on the integration branch is recorded, not merged again. Every other worktree of a task that
// will run again (unfinished, failed, rejected, conflicting) is discarded with its branch.
import type { RunContext } from '../run-context.js';
import type { WorktreeRun } from './worktree-run.js';

export async function resumeWorktrees(ctx: RunContext, run: WorktreeRun): Promise<void> {
  const { records, reporter } = ctx;
  const left = records.record.tasks.filter((t) => t.worktree && !t.worktree.removed && t.status === 'pending');
  const finished = left.filter((t) => t.worktree!.stage === 'finished' || t.worktree!.stage === 'merged').sort((a, b) => (a.worktree!.finishedAt ?? '').localeCompare(b.worktree!.finishedAt ?? ''));
  const titles = new Map(ctx.plan.tasks.map((t) => [t.id, t.title]));
  for (const t of finished) {
    const landed = await run.merge(t.id, titles.get(t.id) ?? t.id);
    const endedAt = Date.parse(t.worktree!.finishedAt ?? '') || Date.now();
    if (landed.conflicts) records.conflict(t.id, landed.why!, endedAt);
    else records.ended(t.id, { ok: !landed.why, exitCode: 0, signal: null, reason: landed.why ?? 'finished before the run stopped; merged on --resume', endedAt });
    reporter.event({ kind: 'info', text: `resume: ${t.id} had finished: ${landed.why ?? 'merged'}` });
  }
  for (const t of left) {
    if (t.worktree!.stage === 'finished' || t.worktree!.stage === 'merged') continue;
    await run.discard(t.id);
    reporter.event({ kind: 'info', text: `resume: ${t.id} had not finished: its worktree and branch are discarded, it runs again` });
  }
}
