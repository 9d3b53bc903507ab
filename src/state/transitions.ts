// The rules of who may do what to a task, as pure decisions over its current record. The store turns a decision
// into a log entry and retries when another process wrote first.
import type { Entry, EntryKind, Takeover } from './log.js';
import type { TaskRecord } from './fold.js';
import type { Staleness } from './liveness.js';
import { describeSession, sameSession, type Session } from './session.js';

export type RefusalReason = 'held' | 'done' | 'waiting' | 'excluded' | 'not-holder' | 'not-claimed' | 'fenced';

/** A task held by another live session that the plan says may not run beside this one (src/plan/conflicts.ts). */
export type HeldPartner = { task: string; path: string; holder: Session; since: string };

export type Refusal = {
  ok: false;
  reason: RefusalReason;
  /** One line for people. */
  message: string;
  holder?: Session;
  since?: string;
  waitingOn?: string[];
  /** 'excluded': the held task that keeps this one out, and the file they both write (`holder` holds it). */
  blockedBy?: { task: string; path: string };
};

/** What to append (without seq/at/task/v, which the store fills in), or null when nothing needs to change. */
export type Decision = { ok: true; write: Omit<Entry, 'v' | 'seq' | 'task' | 'at'> | null } | Refusal;

export type DecisionContext = {
  taskId: string;
  session: Session;
  /** ISO now. */
  now: string;
  /** Staleness of the current holder, when there is one. */
  stale: Staleness | null;
  /** Dependencies not done yet (already empty when the caller skips the check). */
  waitingOn: string[];
  /** A task another live session holds that may not run beside this one, or null. */
  excludedBy: HeldPartner | null;
  force?: string;
  /** The fencing token the caller holds (its claim's seq), when it names one: a newer claim refuses it. */
  token?: number;
  /** A claim by a caller that starts the task at once: one entry says both (Entry.started). */
  start?: boolean;
};

function held(rec: TaskRecord, ctx: DecisionContext): Refusal {
  const h = rec.holder!;
  const since = rec.claimedAt ?? rec.since ?? ctx.now;
  return { ok: false, reason: 'held', holder: h, since, message: `${ctx.taskId} is held by ${describeSession(h)} since ${since}` };
}

function refuseDone(rec: TaskRecord, ctx: DecisionContext): Refusal {
  const by = rec.by ? ` by ${rec.by.name}` : ' (in the plan)';
  return { ok: false, reason: 'done', since: rec.endedAt ?? undefined, message: `${ctx.taskId} is already done${by}` };
}

export function decideClaim(rec: TaskRecord, ctx: DecisionContext): Decision {
  if (rec.status === 'done') return refuseDone(rec, ctx);
  const base = { kind: 'claim' as const, by: ctx.session, ...(ctx.start ? { started: true as const } : {}) };
  if (rec.holder) {
    if (sameSession(rec.holder, ctx.session)) return { ok: true, write: null };
    if (ctx.stale) {
      const takeover: Takeover = { from: rec.holder, why: ctx.stale.why, lastSeen: ctx.stale.lastSeen };
      return withRules({ ...base, takeover }, ctx);
    }
    if (!ctx.force) return held(rec, ctx);
    return withRules({ ...base, force: ctx.force, overrode: rec.holder }, ctx);
  }
  return withRules(base, ctx);
}

/** Dependencies first, then the plan's exclusions; --force overrides both, and the entry records what it overrode. */
function withRules(write: Omit<Entry, 'v' | 'seq' | 'task' | 'at'>, ctx: DecisionContext): Decision {
  const x = ctx.excludedBy;
  if (ctx.force) {
    if (ctx.waitingOn.length > 0) write = { ...write, force: ctx.force };
    if (x) write = { ...write, force: ctx.force, excluded: { task: x.task, path: x.path, holder: x.holder } };
    return { ok: true, write };
  }
  if (ctx.waitingOn.length > 0) {
    return {
      ok: false,
      reason: 'waiting',
      waitingOn: ctx.waitingOn,
      message: `${ctx.taskId} waits for ${ctx.waitingOn.join(', ')} (use --force "<reason>" to take it anyway)`,
    };
  }
  return x ? excluded(ctx.taskId, x) : { ok: true, write };
}

/** The refusal for a task kept out by `x`: one line naming the file and its holder. */
export function excluded(taskId: string, x: HeldPartner): Refusal {
  return {
    ok: false,
    reason: 'excluded',
    holder: x.holder,
    since: x.since,
    blockedBy: { task: x.task, path: x.path },
    message: `${taskId} may not run beside ${x.task} (both write ${x.path}), which ${describeSession(x.holder)} holds since ${x.since}; use --force "<reason>" to claim it anyway`,
  };
}

const VERB = { start: 'start', done: 'finish', failed: 'fail', release: 'release' } as const;

/** Start, done, failed and release belong to the holder; --force lets anyone, recording whom it overrode. */
export function decideHolderOnly(kind: Exclude<EntryKind, 'claim' | 'note'>, rec: TaskRecord, ctx: DecisionContext): Decision {
  if (rec.status === 'done') {
    // Repeating `done` is harmless and common in scripts; anything else on a done task is refused.
    if (kind === 'done' && rec.by && sameSession(rec.by, ctx.session)) return { ok: true, write: null };
    return refuseDone(rec, ctx);
  }
  if (kind === 'start' && rec.status === 'in_progress' && rec.holder && sameSession(rec.holder, ctx.session)) {
    return { ok: true, write: null };
  }
  if (ctx.token !== undefined && rec.token !== ctx.token) {
    const now = rec.token === null ? 'nobody holds it now' : `it is held under token ${rec.token} by ${describeSession(rec.holder!)}`;
    return { ok: false, reason: 'fenced', holder: rec.holder ?? undefined, message: `${ctx.taskId}: your claim (token ${ctx.token}) is no longer the task's claim: ${now}; your result is not accepted` };
  }
  const mine = rec.holder !== null && sameSession(rec.holder, ctx.session);
  const write: Omit<Entry, 'v' | 'seq' | 'task' | 'at'> = { kind, by: ctx.session };
  if (kind === 'done' || kind === 'failed') {
    const from = rec.startedAt ?? rec.claimedAt;
    if (from) write.durationMs = Math.max(0, Date.parse(ctx.now) - Date.parse(from));
  }
  if (mine) return { ok: true, write };
  if (ctx.force) return { ok: true, write: { ...write, force: ctx.force, ...(rec.holder ? { overrode: rec.holder } : {}) } };
  if (!rec.holder) {
    return { ok: false, reason: 'not-claimed', message: `${ctx.taskId} is not claimed by anyone; claim it first ('squad claim ${ctx.taskId}')` };
  }
  const stale = ctx.stale ? ` (stale: ${ctx.stale.why === 'ttl' ? 'no heartbeat since ' + ctx.stale.lastSeen : 'its process is gone'}; 'squad claim' takes it over)` : '';
  return {
    ok: false,
    reason: 'not-holder',
    holder: rec.holder,
    since: rec.claimedAt ?? undefined,
    message: `${ctx.taskId} is held by ${describeSession(rec.holder)}, not by you${stale}; only the holder may ${VERB[kind]} it (or use --force "<reason>")`,
  };
}
