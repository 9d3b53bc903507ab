// Tasks added to the plan while `squad run` goes on (`squad add`, or `squad allocate` again): the run looks at
// plan.json every half second, and the new tasks of a newer revision join it without a restart:
// - into the group now launching, when they belong to it (or to a group this run has passed or does not hold)
//   and every dependency outside that group is done: they start as soon as a slot and their files allow;
// - into a later group of this run, before it starts;
// - else into a group of their own after the others (a group the plan did not have yet, or a last pass).
// Tasks the run already knows keep the plan it started with: only new ids are taken. A `--group` run takes only
// new tasks of its group.
import { statSync } from 'node:fs';
import type { Plan, PlanTask } from '../../plan/schema.js';
import type { Store } from '../../state/index.js';
import { loadPlanFile } from '../../plan/load.js';
import { UserError } from '../../io/errors.js';
import type { RunContext } from '../run-context.js';
import { UNGROUPED, type RunGroup } from '../../plan/groups.js';

/** How often plan.json is looked at while the run goes on: "within a second" of `squad add`. */
export const PLAN_POLL_MS = 500;

export class LivePool {
  private stamp: string | null;
  private complained: string | null = null;
  /** Picked up and not given to a group yet. */
  private waiting: PlanTask[] = [];
  /** Groups of this run that have started (their tasks were handed out). */
  private readonly started = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    /** The run's groups, in order; groups for new tasks are appended to it. */
    private readonly groups: RunGroup[],
    /** False for a `--group` run: only tasks of its own group are taken. */
    private readonly allGroups: boolean,
    private readonly reopen: (plan: Plan) => Store,
  ) {
    this.stamp = stampOf(ctx.planPath);
  }

  /** A group begins: the tasks picked up for it, added to `group.tasks`. */
  groupStarts(group: RunGroup, isDone: (id: string) => boolean): void {
    this.refresh();
    this.started.add(group.name);
    const inside = new Set(group.tasks.map((t) => t.id));
    group.tasks.push(...this.take((t) => this.fits(t, group.name) && t.deps.every((d) => inside.has(d) || isDone(d))));
  }

  /** While a group launches: the tasks that may join its queue now (dependencies inside it, or done). */
  duringLaunch(groupName: string, inQueue: (id: string) => boolean, isDone: (id: string) => boolean): PlanTask[] {
    this.refresh();
    return this.take((t) => this.fits(t, groupName) && t.deps.every((d) => inQueue(d) || isDone(d)));
  }

  /** After the run's last group: groups for what is still waiting, appended to the run's groups. */
  afterLastGroup(): RunGroup[] {
    this.refresh();
    const added: RunGroup[] = [];
    const mine = this.groups[0]?.name;
    for (const t of this.take((x) => this.allGroups || groupOf(x) === mine)) {
      const own = groupOf(t);
      // A group this run has not had: the task's own. A group already passed: a last pass named for the revision.
      const name = this.started.has(own) || this.groups.some((g) => g.name === own) ? `added-r${this.ctx.plan.revision ?? 1}` : own;
      let g = added.find((x) => x.name === name);
      if (!g) added.push((g = { name, tasks: [] }));
      g.tasks.push(t);
    }
    this.groups.push(...added);
    return added;
  }

  /** Is the task one the group `current` may take? Its own group, or one this run passed or does not hold. */
  private fits(t: PlanTask, current: string): boolean {
    const own = groupOf(t);
    if (own === current) return true;
    if (!this.allGroups) return false;
    const later = this.groups.some((g) => g.name === own && !this.started.has(g.name));
    return !later;
  }

  private take(fits: (t: PlanTask) => boolean): PlanTask[] {
    const taken = this.waiting.filter(fits);
    if (taken.length) this.waiting = this.waiting.filter((t) => !taken.includes(t));
    return taken;
  }

  /** plan.json changed: a newer revision of the same plan brings its new tasks into ctx.plan and the store. */
  private refresh(): void {
    const stamp = stampOf(this.ctx.planPath);
    if (stamp === null || stamp === this.stamp) return;
    this.stamp = stamp;
    const { ctx } = this;
    let next: Plan;
    try {
      next = loadPlanFile(ctx.planPath, ctx.repoRoot);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      if (this.complained !== err.message) ctx.reporter.event({ kind: 'warn', text: `plan.json changed and does not load (${err.message}); the run goes on with the plan it has` });
      this.complained = err.message;
      return;
    }
    if (next.source !== ctx.plan.source || (next.revision ?? 1) <= (ctx.plan.revision ?? 1)) return;
    const known = new Set(ctx.plan.tasks.map((t) => t.id));
    const fresh = next.tasks.filter((t) => !known.has(t.id) && t.status !== 'done');
    const ids = new Set([...known, ...fresh.map((t) => t.id)]);
    ctx.plan = {
      ...ctx.plan,
      revision: next.revision,
      tasks: [...ctx.plan.tasks, ...fresh],
      // The new revision's rules on who may not run beside whom, among the tasks this run knows.
      exclusions: next.exclusions.filter((e) => e.tasks.every((id) => ids.has(id))),
      mutexes: next.mutexes.map((m) => ({ ...m, tasks: m.tasks.filter((id) => ids.has(id)) })).filter((m) => m.tasks.length > 1),
    };
    ctx.store = this.reopen(ctx.plan);
    if (!fresh.length) return;
    this.waiting.push(...fresh);
    ctx.reporter.event({ kind: 'info', text: `plan revision ${next.revision}: picked up ${fresh.map((t) => t.id).join(', ')}` });
  }
}

function groupOf(t: PlanTask): string {
  return t.group ?? UNGROUPED;
}

/** What changes when plan.json is replaced (an atomic rename gives a new inode), without reading it. */
function stampOf(file: string): string | null {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}
