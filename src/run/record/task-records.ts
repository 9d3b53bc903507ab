// Transitions of the run record, one function per thing that happens to a task or a group. Each one
// edits the record in memory and asks for a write; the caller never touches fields directly.
import type { PlanTask } from '../../plan/schema.js';
import type { RecordFile } from './record-file.js';
import type { RunGroupRecord, RunGroupStatus, RunRecord, RunTask, TaskWorktree } from './schema.js';
import type { TestOutcome } from '../../close/test-outcome.js';
import { hostname } from 'node:os';
import { processStartedAt } from '../../process/proc.js';
import { runFinished } from '../../plan/states.js';

export function newTaskEntry(t: PlanTask, group: string): RunTask {
  const inPlan = t.status === 'done';
  return {
    id: t.id,
    group,
    status: inPlan ? 'closed' : 'pending',
    attempts: 0,
    startedAt: null,
    endedAt: null,
    exitCode: null,
    signal: null,
    reason: inPlan ? 'done in the plan' : null,
    log: null,
    pid: null,
    pidStart: null,
    host: null,
    slot: null,
    worktree: null,
  };
}

/**
 * What proves, to a later --resume, that a process group is the one this squad started: its pid, the
 * leader's start time and this host. A pid whose start time cannot be read (no /proc) is not recorded at
 * all, since nothing could prove it later and --resume must not signal what it cannot prove.
 */
function processIdentity(pid: number | null, known?: string | null): Pick<RunTask, 'pid' | 'pidStart' | 'host'> {
  const pidStart = pid === null ? null : (known ?? processStartedAt(pid));
  return pidStart === null ? { pid: null, pidStart: null, host: null } : { pid, pidStart, host: hostname() };
}

export function newGroupEntry(name: string): RunGroupRecord {
  return { name, status: 'pending', message: null, context: null, test: null };
}

export class TaskRecords {
  private readonly byId = new Map<string, RunTask>();
  private readonly groups = new Map<string, RunGroupRecord>();

  constructor(readonly file: RecordFile) {
    for (const t of file.record.tasks) this.byId.set(t.id, t);
    for (const g of file.record.groups) this.groups.set(g.name, g);
  }

  get record(): RunRecord {
    return this.file.record;
  }

  task(id: string): RunTask {
    const t = this.byId.get(id);
    if (!t) throw new Error(`task ${id} is not in the run record`);
    return t;
  }

  /** Add a task that joined the run late (--with-deps pulls in another group's task). */
  ensureTask(t: PlanTask, group: string): RunTask {
    let entry = this.byId.get(t.id);
    if (!entry) {
      entry = newTaskEntry(t, group);
      this.record.tasks.push(entry);
      this.byId.set(t.id, entry);
      this.file.changed();
    }
    return entry;
  }

  group(name: string): RunGroupRecord {
    let g = this.groups.get(name);
    if (!g) {
      g = newGroupEntry(name);
      this.record.groups.push(g);
      this.groups.set(name, g);
    }
    return g;
  }

  isFinished(id: string): boolean {
    return runFinished(this.byId.get(id)?.status);
  }

  /** `pidStart`: the start time read at the spawn, when the caller has it (one /proc read less). */
  launched(id: string, o: { pid: number | null; pidStart?: string | null; slot: number; log: string; startedAt: number }): void {
    const t = this.task(id);
    Object.assign(t, {
      status: 'running',
      attempts: t.attempts + 1,
      startedAt: new Date(o.startedAt).toISOString(),
      endedAt: null,
      exitCode: null,
      signal: null,
      reason: null,
      log: o.log,
      ...processIdentity(o.pid, o.pidStart),
      slot: o.slot,
    } satisfies Partial<RunTask>);
    this.afterLaunch();
  }

  /**
   * A squad killed (-9) just after a start must leave a trace, or --resume could not stop the task before running it
   * again. On Linux the trace is the task's environment marker, which --resume finds in /proc whatever the record
   * says (record/resume.ts), so the start goes with the next batch of writes (no fsync per task); elsewhere the pid
   * in the record is the only trace, so it is written now.
   */
  private afterLaunch(): void {
    if (process.platform === 'linux') this.file.changed();
    else this.file.flush();
  }

  /** The task passed and its gate started: the gate's process group is what --resume must stop now. */
  gateLaunched(id: string, pid: number | null): void {
    Object.assign(this.task(id), processIdentity(pid) satisfies Partial<RunTask>);
    this.afterLaunch();
  }

  ended(id: string, o: { ok: boolean; exitCode: number | null; signal: string | null; reason: string | null; endedAt: number }): void {
    Object.assign(this.task(id), {
      status: o.ok ? 'done' : 'failed',
      endedAt: new Date(o.endedAt).toISOString(),
      exitCode: o.exitCode,
      signal: o.signal,
      reason: o.reason,
      pid: null,
      pidStart: null,
      host: null,
    } satisfies Partial<RunTask>);
    this.file.changed();
  }

  /** Finished before or elsewhere: someone else's claim, an earlier run, or the plan itself. */
  doneElsewhere(id: string, why: string): void {
    const t = this.task(id);
    if (runFinished(t.status)) return;
    Object.assign(t, { status: 'done', reason: why, pid: null, pidStart: null, host: null } satisfies Partial<RunTask>);
    this.file.changed();
  }

  /** Interrupted while running, or never started: `--resume` runs it. */
  backToPending(id: string, why: string): void {
    Object.assign(this.task(id), { status: 'pending', reason: why, pid: null, pidStart: null, host: null } satisfies Partial<RunTask>);
    this.file.changed();
  }

  /**
   * Worktree transitions (src/run/worktree): a new worktree, its stage and findings. Written at once: what
   * --resume does with a branch (merge it, or discard it) depends on the stage being on disk before the next
   * git step, and a merge must be on record before the next one starts.
   */
  worktreeCreated(id: string, wt: { path: string; branch: string; base: string }): void {
    this.task(id).worktree = { ...wt, stage: 'created', tip: null, merge: null, files: [], violations: [], undeclared: [], conflicts: [], removed: false, finishedAt: null };
    this.file.flush();
  }

  worktreeChanged(id: string, change: Partial<TaskWorktree>): void {
    const wt = this.task(id).worktree;
    if (!wt) throw new Error(`task ${id} has no worktree in the run record`);
    Object.assign(wt, change);
    this.file.flush();
  }

  /** Ended well in its worktree, but its branch did not merge. */
  conflict(id: string, why: string, endedAt: number): void {
    Object.assign(this.task(id), { status: 'conflict', reason: why, endedAt: new Date(endedAt).toISOString(), pid: null, pidStart: null } satisfies Partial<RunTask>);
    this.file.changed();
  }

  skipped(id: string, why: string): void {
    Object.assign(this.task(id), { status: 'skipped', reason: why } satisfies Partial<RunTask>);
    this.file.changed();
  }

  closed(id: string): void {
    const t = this.task(id);
    if (t.status === 'done') {
      t.status = 'closed';
      this.file.changed();
    }
  }

  groupStatus(name: string, status: RunGroupStatus, message: string | null = null, extra: { context?: string; test?: TestOutcome } = {}): void {
    const g = this.group(name);
    g.status = status;
    g.message = message;
    if (extra.context !== undefined) g.context = extra.context;
    if (extra.test !== undefined) g.test = extra.test;
    this.file.changed();
  }
}
