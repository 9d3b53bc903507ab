// beads tracker: a task is closed when its bd issue is closed. Closing goes in dependency waves (waves.ts), and
// the ids bd reports closed are compared with the ids asked, because `bd close a b c` exits 0 when only some
// close: each id that did not close is reported with bd's own reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan, PlanTask } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';
import type { CloseResult, Tracker, TrackerStatus } from '../types.js';
import { BEADS_ID, runBd, type BdOptions } from './bd.js';
import { errorText, issuesOf, parseJson, refusals } from './json.js';
import { closeWaves } from './waves.js';

// Ids per bd call: far below any argv limit, and few calls for real plans.
const CHUNK = 50;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

const NO_ID = "the task has no beads id; 'squad allocate --beads' creates the plan's tasks in beads";

/** bd status of each id; ids bd does not return map to a reason. */
export async function showStatuses(ids: readonly string[], o: BdOptions): Promise<Map<string, { status: string } | { missing: string }>> {
  const out = new Map<string, { status: string } | { missing: string }>();
  const ask = async (batch: string[]) => {
    const r = await runBd(['show', ...batch, '--json'], o);
    const found = new Map(issuesOf(parseJson(r.stdout)).map((i) => [i.id, i.status]));
    const why = refusals(r.stderr, batch);
    // A failure that names none of the ids is bd itself failing (no database, a lock): nothing to read.
    if (r.exitCode !== 0 && found.size === 0 && why.size === 0) throw new UserError(`'bd show' failed: ${errorText(r.stderr)} (exit code ${r.exitCode})`);
    for (const id of batch) {
      const status = found.get(id);
      if (status !== undefined) out.set(id, { status });
    }
    return { r, why, unfound: batch.filter((id) => !found.has(id)) };
  };
  const valid: string[] = [];
  for (const id of new Set(ids)) {
    if (BEADS_ID.test(id)) valid.push(id);
    else out.set(id, { missing: `'${id}' is not a bd id` });
  }
  for (const batch of chunks(valid)) {
    const first = await ask(batch);
    // bd may refuse a whole call for one unknown id: ask for the rest one by one to tell which.
    const retry = first.r.exitCode !== 0 && first.unfound.length > 1;
    for (const id of first.unfound) {
      const again = retry ? await ask([id]) : first;
      if (again.unfound.includes(id)) out.set(id, { missing: `bd show ${id}: ${again.why.get(id) ?? errorText(again.r.stderr)}` });
    }
  }
  return out;
}

/** Close these bd ids in one call; returns the ids bd reports closed and bd's reason for each other one. */
async function closeIds(ids: string[], reason: string, o: BdOptions): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const batch of chunks(ids)) {
    // One argument: a reason that starts with '-' cannot be read as a flag.
    const r = await runBd(['close', ...batch, `--reason=${reason}`, '--json'], o);
    const closed = new Set(issuesOf(parseJson(r.stdout)).filter((i) => i.status === 'closed' || i.status === 'unknown').map((i) => i.id));
    const why = refusals(r.stderr, batch);
    for (const id of batch) {
      if (closed.has(id)) out.set(id, null);
      else out.set(id, `bd did not close it: ${why.get(id) ?? `${errorText(r.stderr)} (exit code ${r.exitCode})`}`);
    }
  }
  return out;
}

/** Close tasks in dependency waves; one result per task. */
export async function closeInWaves(tasks: readonly PlanTask[], reason: string, o: BdOptions): Promise<Map<string, CloseResult>> {
  const results = new Map<string, CloseResult>();
  for (const t of tasks) if (!t.beadsId) results.set(t.id, { closed: false, where: null, why: NO_ID });
  for (const t of tasks) if (t.beadsId && !BEADS_ID.test(t.beadsId)) results.set(t.id, { closed: false, where: null, why: `'${t.beadsId}' is not a bd id` });
  for (const wave of closeWaves(tasks.filter((t) => t.beadsId && BEADS_ID.test(t.beadsId)))) {
    const outcome = await closeIds(wave.map((t) => t.beadsId!), reason, o);
    for (const t of wave) {
      const why = outcome.get(t.beadsId!) ?? null;
      results.set(t.id, { closed: why === null, where: t.beadsId, why });
    }
  }
  return results;
}

export function beadsTracker(plan: Plan, repoRoot: string, env?: NodeJS.ProcessEnv): Tracker {
  const o: BdOptions = { cwd: repoRoot, env };
  return {
    name: 'beads',
    async status(tasks) {
      const shown = await showStatuses(tasks.flatMap((t) => (t.beadsId ? [t.beadsId] : [])), o);
      const out = new Map<string, TrackerStatus>();
      for (const t of tasks) {
        const s = t.beadsId ? shown.get(t.beadsId)! : null;
        if (!t.beadsId || !s) out.set(t.id, { state: 'untracked', where: null, why: NO_ID });
        else if ('missing' in s) out.set(t.id, { state: 'missing', where: t.beadsId, why: s.missing });
        else out.set(t.id, { state: s.status === 'closed' ? 'closed' : 'open', where: t.beadsId, why: null });
      }
      return out;
    },
    close: (tasks, reason) => closeInWaves(tasks, reason, o),
  };
}

/**
 * Plan tasks that are closed in beads, for `squad run`'s dependency check (phase 1): a dependency that lives in
 * beads and is closed there counts as done. One `bd show` per 50 tasks; tasks without a bd id are left out.
 */
export async function closedInBeads(plan: Plan, repoRoot: string, env?: NodeJS.ProcessEnv): Promise<Set<string>> {
  const withIds = plan.tasks.filter((t) => t.beadsId);
  if (withIds.length === 0) return new Set();
  const shown = await showStatuses(withIds.map((t) => t.beadsId!), { cwd: repoRoot, env });
  const closed = (t: PlanTask) => {
    const s = shown.get(t.beadsId!);
    return s !== undefined && 'status' in s && s.status === 'closed';
  };
  return new Set(withIds.filter(closed).map((t) => t.id));
}

/**
 * The plan's tasks that bd says are closed, whoever closed them; asked only when the plan has bd ids and the
 * repository has a `.beads/` folder (an empty set otherwise). Throws when bd cannot answer: the caller says so and
 * uses squad's own state. `squad run` and `squad run --dry-run` both count these as done.
 */
export async function closedInBeadsIfUsed(plan: Plan, repoRoot: string, env?: NodeJS.ProcessEnv): Promise<Set<string>> {
  if (!plan.tasks.some((t) => t.beadsId) || !existsSync(join(repoRoot, '.beads'))) return new Set();
  return closedInBeads(plan, repoRoot, env);
}
