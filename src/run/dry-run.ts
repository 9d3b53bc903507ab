// `squad run --dry-run`: the prediction squad allocate makes (src/schedule/predict.ts: the run's scheduler on a
// virtual clock, group after group, each task its estimate, else what finished tasks took, else
// DEFAULT_ESTIMATE_MINUTES), from the state a real run would start from: the claim store and bd's closed tasks.
// Executes nothing.
import { resolve } from 'node:path';
import { DEFAULT_ESTIMATE_MINUTES, learnEstimates, learnedLine, type LearnedEstimates } from '../plan/estimates.js';
import { finishedSamples } from '../state/finished-samples.js';
import { minutes } from '../emit/format.js';
import { loadConfig } from '../config/load.js';
import { doneIds } from '../state/index.js';
import { openPlanStore } from '../state/open-store.js';
import { loadPlanFile } from '../plan/load.js';
import { describeBlocked } from '../plan/groups.js';
import { predictRun } from '../schedule/predict.js';
import type { Simulation } from '../schedule/simulate.js';
import { closedInBeadsIfUsed } from '../trackers/beads/tracker.js';
import type { PlanSelection } from './options.js';

export interface DryRunSlot {
  task: string;
  title: string;
  group: string;
  start: number;
  end: number;
  /** 1-based, as printed. */
  slot: number;
  /** The check run after the task (`gate` in plan.json), or null. */
  gate: string | null;
}

export interface DryRunGroup extends Omit<Simulation, 'slots'> {
  name: string;
  /** Minutes after the run starts that this group starts. */
  offset: number;
  /** Why the group could not start for real (a dependency outside it not done), or null. */
  blocked: string | null;
}

export interface DryRun {
  plan: string;
  unit: 'minutes';
  concurrency: number;
  /** The weights learned from finished tasks for tasks without an estimate, or null (the default weight). */
  learned: LearnedEstimates | null;
  /** Said before the schedule: why squad's own state stood in for bd's, or null. */
  note: string | null;
  groups: DryRunGroup[];
  slots: DryRunSlot[];
  makespan: number;
  lowerBound: number;
  totalWork: number;
  efficiency: number;
}

export async function dryRun(o: PlanSelection): Promise<DryRun> {
  const planPath = resolve(o.cwd, o.planFile);
  const plan = loadPlanFile(planPath, o.cwd);
  const { config } = loadConfig(o.configFile, o.cwd);
  const concurrency = o.concurrency ?? config.concurrency;
  const store = openPlanStore({ repoRoot: o.cwd, plan, config, store: o.store });
  const views = store.snapshot();
  const done = doneIds(views);
  // What a real run counts as done: the claim store, and tasks bd says are closed (prepare-group.ts).
  let beadsNote: string | null = null;
  const closed = await closedInBeadsIfUsed(plan, o.cwd).catch((err: unknown) => {
    beadsNote = `could not read task status from beads (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); using squad's own state`;
    return new Set<string>();
  });
  const learned = learnEstimates(finishedSamples(views));
  const p = predictRun(plan, { concurrency, continueMode: o.continueMode, isDone: (id) => done.has(id) || closed.has(id), learned, group: o.group, withDeps: o.withDeps });
  const titles = new Map(plan.tasks.map((t) => [t.id, t.title]));
  const gates = new Map(plan.tasks.map((t) => [t.id, t.gate]));
  return {
    plan: o.planFile,
    unit: 'minutes',
    concurrency,
    learned,
    note: beadsNote,
    groups: p.groups.map(({ blocked, ...g }) => ({ ...g, blocked: blocked.length && !o.withDeps ? describeBlocked(blocked, plan) : null })),
    slots: p.slots.map((s) => ({ task: s.task, title: titles.get(s.task) ?? '', group: s.group, start: s.start, end: s.end, slot: s.slot + 1, gate: gates.get(s.task) ?? null })),
    makespan: p.makespan,
    lowerBound: p.lowerBound,
    totalWork: p.totalWork,
    efficiency: p.efficiency,
  };
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function formatDryRun(d: DryRun): string {
  const weights = d.learned ? learnedLine(d.learned, minutes) : `${DEFAULT_ESTIMATE_MINUTES} for a task without one, as in squad allocate`;
  const out: string[] = [...(d.note ? [`note: ${d.note}`] : []), `Dry run of ${d.plan}: ${d.groups.length} group(s), concurrency ${d.concurrency}; times in minutes from the estimates (${weights}). Nothing was executed.`];
  for (const g of d.groups) {
    out.push('', `group ${g.name}${g.offset ? ` (starts at ${num(g.offset)})` : ''}`);
    if (g.blocked) out.push(`  blocked for a real run: ${g.blocked} (--with-deps runs them first)`);
    const rows = d.slots.filter((s) => s.group === g.name);
    if (rows.length === 0) {
      out.push('  nothing to run: every task is done');
      continue;
    }
    const w = Math.max(4, ...rows.map((r) => r.task.length));
    out.push(`  ${'task'.padEnd(w)}  ${'start'.padStart(6)}  ${'end'.padStart(6)}  slot  title`);
    for (const r of rows) {
      out.push(`  ${r.task.padEnd(w)}  ${num(r.start).padStart(6)}  ${num(r.end).padStart(6)}  ${String(r.slot).padStart(4)}  ${r.title}`);
      if (r.gate) out.push(`  ${''.padEnd(w + 22)}gate: ${r.gate}`);
    }
    out.push(`  makespan ${num(g.makespan)}, lower bound ${num(g.lowerBound)} = max(critical path ${num(g.criticalPath)}, work ${num(g.totalWork)} / ${d.concurrency})`);
  }
  out.push(
    '',
    `predicted makespan   ${num(d.makespan)} min`,
    `lower bound          ${num(d.lowerBound)} min  (per group: max(critical path, total work / concurrency))`,
    `parallel efficiency  ${Math.round(d.efficiency * 100)}%  (total work ${num(d.totalWork)} / (makespan x ${d.concurrency}))`,
  );
  return out.join('\n') + '\n';
}
