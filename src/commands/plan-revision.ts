// What `squad allocate` and `squad add` share when a plan of the same source is already there: the tasks added to
// it with `squad add`, the state of its tasks in the coordination store, the check that the new plan keeps every
// running or done task in place (src/plan/revise.ts), the revision number, and writing the plan files.
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plan } from '../plan/schema.js';
import { addedTasksOf, revisionRefusals, type LiveState } from '../plan/revise.js';
import type { AddedTask } from '../graph/added-tasks.js';
import { loadPlanFile } from '../plan/load.js';
import type { TaskView } from '../state/index.js';
import { chooseStore, openPlanStore } from '../state/open-store.js';
import type { Config } from '../config/schema.js';
import { planKey, storePaths } from '../state/paths.js';
import { finishedSamples } from '../state/finished-samples.js';
import { learnEstimates, type LearnedEstimates } from '../plan/estimates.js';
import { emitPlanFiles } from '../emit/index.js';
import { planJson } from '../emit/plan-json.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { UserError, UsageError } from '../io/errors.js';

type StoreConfig = Pick<Config, 'store' | 'claims'>;

export interface Previous {
  plan: Plan;
  /** Its tasks from `squad add`, to be added to the next revision too. */
  added: AddedTask[];
  live: LiveState | null;
  /** What the tasks finished so far teach about tasks without an estimate (null: none finished). */
  learned: LearnedEstimates | null;
}

/**
 * The plan in `outDir` when it was compiled from the same source document, else null. A plan that does not load
 * (damaged, or from another tool) is no previous revision: allocate replaces it, as it always has.
 */
export function previousRevision(outDir: string, source: string, cwd: string, config: StoreConfig): Previous | null {
  const file = resolve(cwd, outDir, 'plan.json');
  if (!existsSync(file)) return null;
  let plan: Plan;
  try {
    plan = loadPlanFile(file, cwd);
  } catch (err) {
    if (err instanceof UserError) return null;
    throw err;
  }
  if (resolve(cwd, plan.source) !== resolve(cwd, source)) return null;
  return revisionOf(plan, cwd, config);
}

/** A loaded plan as the revision the next one follows. */
export function revisionOf(plan: Plan, cwd: string, config: StoreConfig): Previous {
  // A file store nobody has used yet is not created just to be read.
  if (chooseStore(undefined, config).kind === 'file' && !existsSync(storePaths(cwd, planKey(plan.source, cwd)).root)) {
    return { plan, added: addedTasksOf(plan), live: null, learned: null };
  }
  const views = openPlanStore({ repoRoot: cwd, plan, config }).snapshot();
  return { plan, added: addedTasksOf(plan), live: liveState(views), learned: learnEstimates(finishedSamples(views)) };
}

/** Running (held by a live session) and done-by-someone tasks of a plan. */
function liveState(views: readonly TaskView[]): LiveState {
  const live: LiveState = { running: new Map(), done: new Set() };
  for (const v of views) {
    if ((v.state === 'claimed' || v.state === 'in_progress') && v.holder && !v.stale) live.running.set(v.id, v.holder.name);
    // Done by a session (not marked done in the document itself, which the author may edit as they like).
    if (v.state === 'done' && v.by) live.done.add(v.id);
  }
  return live;
}

/**
 * Stamp `next` as the revision after `previous`, or refuse it: one line per running or done task it would drop or
 * reorder (on stderr), then a UserError. Nothing is written when it refuses.
 */
export function revise(next: Plan, previous: Previous | null, file: string, compiledWith: NonNullable<Plan['compiledWith']>, err: NodeJS.WritableStream = process.stderr): Plan {
  // Flags left at their defaults are not written, so a plain compile's plan.json stays as it always was.
  const flagged = compiledWith.agents === null && compiledWith.tag === null && !previous?.plan.compiledWith ? next : { ...next, compiledWith };
  if (!previous) return flagged;
  const refusals = previous.live ? revisionRefusals(previous.plan, next, previous.live) : [];
  for (const line of refusals) err.write(`${file}: ${line}\n`);
  if (refusals.length) {
    throw new UserError(`the new plan would drop or reorder ${refusals.length === 1 ? 'a task that is' : `${refusals.length} tasks that are`} running or done (above); nothing written`, file);
  }
  // The same plan again is the same revision: compiling twice changes no file.
  const same: Plan = previous.plan.revision === undefined ? flagged : { ...flagged, revision: previous.plan.revision };
  if (planJson(same) === planJson(previous.plan)) return same;
  return { ...flagged, revision: (previous.plan.revision ?? 1) + 1 };
}

/** plan.json, the agent plans, the report and the graph, each replaced atomically; stale agent plans removed. */
export function writePlanFiles(outDir: string, plan: Plan): Map<string, string> {
  const outputs = emitPlanFiles(plan);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir} is a file; name a directory (default plans/)`);
  for (const [name, content] of outputs) writeFileAtomic(join(outDir, name), content);
  // Agent plans of an earlier compile with more agents would mislead: remove them.
  for (const name of readdirSync(outDir)) if (/^agent-\d+\.md$/.test(name) && !outputs.has(name)) unlinkSync(join(outDir, name));
  return outputs;
}
