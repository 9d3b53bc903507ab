// Worktree isolation for one run: each task gets its own worktree when it starts, and when it passes, its
// leftovers are committed, its changes checked against the plan's ownership, and its branch merged into the
// integration branch. Every git step on the main repository goes through one queue, so worktrees are created
// one at a time and branches merge one at a time in the order their tasks finished. A task counts as done
// only once merged, so its dependents start from an integration head that holds its work.
import type { OwnershipMode } from '../../config/schema.js';
import type { PlanTask } from '../../plan/schema.js';
import { shown, type RunContext } from '../run-context.js';
import type { TaskWorktree } from '../record/schema.js';
import { changedPaths, commitLeftovers } from './branch-changes.js';
import { isMerged, mergeBranch } from './merge.js';
import { checkOwnership } from './ownership-check.js';
import { worktreePlace, type WorktreePlace } from './place.js';
import { SerialQueue } from './serial.js';
import { git, identityArgs, zPaths } from './git.js';
import { sourceFile } from '../../trackers/source-file.js';
import { isAbsolute, relative } from 'node:path';
import { addWorktree, deleteBranch, discardWorktree, removeWorktree, renameBranch } from './worktrees.js';

/** Why a passed task did not land (ownership, conflict, a git failure); nothing when it merged. */
export interface Landing {
  why?: string;
  /** Set when the merge conflicted: the conflicting paths. */
  conflicts?: string[];
  /** Run the task again on the new integration head (merge.onConflict: rerun, once per task). */
  rerun?: boolean;
}

export class WorktreeRun {
  private readonly queue = new SerialQueue();
  /** Tasks already run again after a conflict: a second conflict is final. */
  private readonly rerun = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    /** The branch finished tasks merge into, checked out in the repository root. */
    readonly integration: string,
    private readonly ownership: OwnershipMode,
  ) {}

  /** A new worktree for the task, from the integration head as it stands now. */
  async create(task: PlanTask): Promise<WorktreePlace> {
    const place = worktreePlace(this.ctx.repoRoot, this.ctx.records.record.runId, task.id);
    const base = await this.queue.run(() => addWorktree(this.ctx.repoRoot, place));
    this.ctx.records.worktreeCreated(task.id, { ...place, base });
    return place;
  }

  /** The task passed (and its gate): commit, check ownership, merge. */
  async land(task: PlanTask): Promise<Landing> {
    const { records, reporter } = this.ctx;
    const wt = this.worktreeOf(task.id);
    const tip = await this.queue.run(() => commitLeftovers(wt.path, `squad: ${task.id} ${task.title}`));
    const files = await changedPaths(this.ctx.repoRoot, wt.base, tip);
    const found = this.ownership === 'off' ? { violations: [], undeclared: [] } : checkOwnership(this.ctx.plan, task, files, this.ctx.config.redZones);
    const rejected = this.ownership === 'fail' && found.violations.length > 0;
    records.worktreeChanged(task.id, { stage: rejected ? 'kept' : 'finished', tip, files, ...found, finishedAt: new Date().toISOString() });
    for (const v of found.violations) reporter.event({ kind: 'warn', text: `ownership: ${v}${rejected ? '' : ' (ownership: warn: merged, and recorded)'}` });
    if (found.undeclared.length > 0) reporter.event({ kind: 'warn', text: `undeclared: ${task.id} wrote ${found.undeclared.join(', ')}, which no task in the plan declares` });
    if (rejected) return { why: `ownership: ${found.violations.join('; ')}; nothing merged, branch ${wt.branch} kept` };
    const landed = await this.merge(task.id, task.title);
    if (!landed.conflicts || this.ctx.config.merge.onConflict !== 'rerun' || this.rerun.has(task.id) || this.ctx.interrupted()) return landed;
    // Once more, from the head that now holds what it conflicted with; the conflicting branch is kept aside.
    this.rerun.add(task.id);
    const aside = `${wt.branch}-conflict`;
    await this.queue.run(async () => {
      await removeWorktree(this.ctx.repoRoot, wt.path);
      await deleteBranch(this.ctx.repoRoot, aside);
      await renameBranch(this.ctx.repoRoot, wt.branch, aside);
    });
    reporter.event({ kind: 'warn', text: `${task.id}: ${landed.why!.split(';')[0]}; running it again on the new head of ${this.integration} (merge.onConflict: rerun); the conflicting branch is kept as ${aside}` });
    return { rerun: true };
  }

  /**
   * Merge a finished branch, after every branch that finished before it. The merge is on record before the
   * next step starts; a tip already on the integration branch (nothing to merge, or merged by a run that was
   * killed before it could record it) is recorded, never merged twice.
   */
  merge(id: string, title: string): Promise<Landing> {
    const { records, reporter, repoRoot } = this.ctx;
    return this.queue.run(async () => {
      const wt = this.worktreeOf(id);
      const r = (await isMerged(repoRoot, wt.tip!)) ? { ok: true as const, commit: null } : await mergeBranch(repoRoot, wt.branch, `squad: merge ${id} ${title}`);
      if (!r.ok) {
        records.worktreeChanged(id, { stage: 'kept', conflicts: r.conflicts });
        // A merge git refused for another reason (local changes in the way, say) is a failure, not a conflict.
        return { why: `${r.why}; branch ${wt.branch} kept, ${this.integration} unchanged`, ...(r.conflicts.length > 0 ? { conflicts: r.conflicts } : {}) };
      }
      records.worktreeChanged(id, { stage: 'merged', merge: r.commit });
      reporter.event({ kind: 'info', text: `merge ${id} into ${this.integration}: ${r.commit ? r.commit.slice(0, 10) : 'nothing to merge (already there)'}` });
      await removeWorktree(repoRoot, wt.path);
      await deleteBranch(repoRoot, wt.branch);
      records.worktreeChanged(id, { removed: true });
      return {};
    });
  }

  /**
   * Commit on the integration branch what the tracker wrote into the plan's source document (the markdown
   * checkboxes, Task Master's tasks.json) when a group closed: left uncommitted, it would make the branch dirty,
   * and the next worktree run would refuse it. Only that file; null when it did not change (or is elsewhere).
   */
  commitSource(message: string): Promise<string | null> {
    const { repoRoot } = this.ctx;
    const rel = relative(repoRoot, sourceFile(this.ctx.plan, repoRoot).path);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) return Promise.resolve(null);
    return this.queue.run(async () => {
      if (zPaths(await git(repoRoot, ['status', '--porcelain', '-z', '--untracked-files=no', '--', rel])).length === 0) return null;
      await git(repoRoot, [...(await identityArgs(repoRoot)), 'commit', '--quiet', '--no-verify', '-m', message, '--', rel]);
      return git(repoRoot, ['rev-parse', 'HEAD']);
    });
  }

  /** Throw away an attempt's worktree and branch (an unfinished task about to run again). */
  discard(id: string): Promise<void> {
    const wt = this.worktreeOf(id);
    return this.queue.run(async () => {
      await discardWorktree(this.ctx.repoRoot, wt);
      this.ctx.records.worktreeChanged(id, { removed: true });
    });
  }

  /** One line per worktree left on disk, with the command to look at it. */
  keptLines(): string[] {
    return this.ctx.records.record.tasks
      .filter((t) => t.worktree && !t.worktree.removed)
      .map((t) => {
        const wt = t.worktree!;
        const what = wt.conflicts.length ? `conflict in ${wt.conflicts.join(', ')}` : wt.violations.length && wt.stage === 'kept' ? 'ownership violation' : t.status;
        return `kept ${t.id} (${what}): ${shown(this.ctx, wt.path)} on ${wt.branch}; look with: git -C ${shown(this.ctx, wt.path)} log --stat ${wt.base.slice(0, 10)}..HEAD`;
      });
  }

  private worktreeOf(id: string): TaskWorktree {
    const wt = this.ctx.records.task(id).worktree;
    if (!wt) throw new Error(`task ${id} has no worktree in the run record`);
    return wt;
  }
}
