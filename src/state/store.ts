// The coordination store for one plan: atomic claims and holder-only transitions over the per-task logs
// (log.ts), staleness from heartbeats (heartbeats.ts), and a journal (events.ts). See index.ts for the overview.
import { hostname } from 'node:os';
import type { Plan, PlanTask } from '../plan/schema.js';
import { Conflicts, writtenPaths, type Partner } from '../plan/conflicts.js';
import { UserError } from '../io/errors.js';
import type { Entry } from './log.js';
import { applyEntry, emptyRecord, type Note, type TaskRecord } from './fold.js';
import { latest, staleness, type Staleness } from './liveness.js';
import type { Beat } from './heartbeats.js';
import type { CoordEvent } from './events.js';
import { decideClaim, decideHolderOnly, excluded, type Decision, type HeldPartner, type Refusal } from './transitions.js';
import { isProcessAlive, sameSession, sessionKey, type Session } from './session.js';
import { planKey, type StorePaths } from './paths.js';
import { fileBackend, type CoordBackend } from './backend.js';
import { storeFinished, type StoreState } from '../plan/states.js';

/** What the store shows of a task: the store's column of src/plan/states.ts. */
export type TaskState = StoreState;

/** One task as `squad status` shows it. */
export type TaskView = {
  id: string;
  title: string;
  agent: string;
  state: TaskState;
  holder: Session | null;
  /** When the current state began (ISO); null for a task never touched (or done in the plan itself). */
  since: string | null;
  claimedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** done/failed: start (or claim) to end; claimed/in progress: so far; else null. */
  durationMs: number | null;
  /** Dependencies not done yet. */
  waitingOn: string[];
  /**
   * Until the task is done: the tasks live sessions hold that the plan says may not run beside it (they write one
   * file; src/plan/conflicts.ts), with the file and the holder. Only those holders may claim it now.
   */
  excludedBy: HeldPartner[];
  /** Set when the holder's claim may be taken over. */
  stale: Staleness | null;
  by: Session | null;
  note: string | null;
  error: string | null;
  /** Handoff notes on this task (`squad note`, `squad done --note`), oldest first. */
  notes: Note[];
  /** The fencing token of the current claim (fold.ts); null while nobody holds the task. */
  token: number | null;
};

/** Ids of the tasks done (in the plan itself, or by anyone since), from one snapshot. */
export function doneIds(views: readonly TaskView[]): Set<string> {
  return new Set(views.filter((v) => storeFinished(v.state)).map((v) => v.id));
}

export type Ok = { ok: true; task: TaskView; changed: boolean; entry: Entry | null };
export type Result = Ok | Refusal;

export type StoreOptions = {
  repoRoot: string;
  plan: Plan;
  ttlMs: number;
  /** Override the per-plan folder name (default: derived from plan.source). */
  key?: string;
  /** Where the records live (default: the file store under repoRoot; see backend.ts and redis/). */
  backend?: CoordBackend;
  /** For tests: the clock and the process probe. */
  nowMs?: () => number;
  alive?: (pid: number, startedAt: string) => boolean;
};

export type Store = ReturnType<typeof openStore>;

/** Options of the holder-only transitions: a forced override (with its reason), or the fencing token the caller holds. */
export type Fence = { force?: string; token?: number };

/** A task that may not run beside another, and the file they both write. */
type Near = { id: string; path: string };

const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export function openStore(opts: StoreOptions) {
  const file = opts.backend ? null : fileBackend(opts.repoRoot, opts.key ?? planKey(opts.plan.source, opts.repoRoot));
  const backend: CoordBackend = opts.backend ?? file!;
  const paths: StorePaths | null = file?.paths ?? null;
  // Machines sharing a store judge staleness on the medium's clock, not each on its own.
  const nowMs = opts.nowMs ?? (backend.clockOffsetMs === 0 ? Date.now : () => Date.now() + backend.clockOffsetMs);
  const alive = opts.alive ?? isProcessAlive;
  const localHost = hostname();
  const byId = new Map<string, PlanTask>(opts.plan.tasks.map((t) => [t.id, t]));
  // Which tasks may not run beside which: the rule `squad run`'s scheduler follows, computed once per store.
  const conflicts = new Conflicts(opts.plan.tasks.map((t) => ({ id: t.id, writes: writtenPaths(t.files) })), opts.plan.exclusions, opts.plan.mutexes);
  const partnerCache = new Map<string, Near[]>();
  // Log entries never change once written, so records only ever move forward: read just the new entries.
  const cache = new Map<string, TaskRecord>();

  function planTask(id: string): PlanTask {
    const t = byId.get(id);
    if (!t) throw new UserError(`unknown task '${id}'; 'squad status' lists the plan's tasks`);
    return t;
  }

  /** What this store last saw of a task, without touching the disk (may be behind). */
  function known(id: string): TaskRecord {
    return cache.get(id) ?? emptyRecord(planTask(id).status === 'done');
  }

  /**
   * Set only while survey() reads: the tasks whose log could not be read, each with its one line. Such a task
   * counts as never touched (so not done for its dependents) instead of stopping the whole read.
   */
  let damage: Map<string, string> | null = null;

  /** The task's record as the disk has it now. */
  function record(id: string): TaskRecord {
    let rec = known(id);
    if (damage?.has(id)) return rec;
    try {
      for (const e of backend.entries({ task: id }, rec.seq)) rec = applyEntry(rec, e);
    } catch (err) {
      if (!damage || !(err instanceof UserError)) throw err;
      damage.set(id, err.format());
      return known(id);
    }
    cache.set(id, rec);
    return rec;
  }

  function isDone(id: string): boolean {
    return byId.has(id) && record(id).status === 'done';
  }

  function waitingOn(t: PlanTask): string[] {
    return t.deps.filter((d) => !isDone(d));
  }

  const withIds = (ps: Partner[]) => ps.map((p) => ({ id: opts.plan.tasks[p.index]!.id, path: p.path }));

  /** The tasks that may not run beside `id`, each with the file they share. */
  function partners(id: string): Near[] {
    let found = partnerCache.get(id);
    if (found === undefined) {
      planTask(id); // an unknown id is the caller's mistake: say so
      found = withIds(conflicts.partners(conflicts.indexOf.get(id)!));
      partnerCache.set(id, found);
    }
    return found;
  }

  /** Those of `near` (partners of a task) held by a live session: a stale holder keeps nothing out, its claim may be taken over. */
  function heldPartners(near: Near[], recOf: (id: string) => TaskRecord, beats?: Map<string, Beat>): HeldPartner[] {
    const out: HeldPartner[] = [];
    for (const p of near) {
      const rec = recOf(p.id);
      if (!rec.holder || holderStaleness(rec, beats)) continue;
      out.push({ task: p.id, path: p.path, holder: rec.holder, since: rec.claimedAt ?? rec.since ?? new Date(nowMs()).toISOString() });
    }
    return out;
  }

  function lastSeen(rec: TaskRecord, beats?: Map<string, Beat>): string {
    const h = rec.holder!;
    const beat = beats ? beats.get(sessionKey(h)) : backend.readBeat(h);
    return latest(rec.holderLastSeen, beat?.at) ?? rec.since ?? new Date(0).toISOString();
  }

  function holderStaleness(rec: TaskRecord, beats?: Map<string, Beat>): Staleness | null {
    if (!rec.holder) return null;
    return staleness(rec.holder, lastSeen(rec, beats), { nowMs: nowMs(), ttlMs: opts.ttlMs, localHost, alive });
  }

  function view(
    t: PlanTask,
    rec: TaskRecord,
    beats?: Map<string, Beat>,
    near: (id: string) => Near[] = partners,
    recOf: (id: string) => TaskRecord = record,
  ): TaskView {
    const waits = rec.status === 'done' ? [] : waitingOn(t);
    const state: TaskState =
      rec.status === 'open' ? (waits.length > 0 ? 'waiting' : 'available') : rec.status;
    const from = rec.startedAt ?? rec.claimedAt;
    const durationMs =
      rec.status === 'done' || rec.status === 'failed'
        ? rec.durationMs
        : from && rec.holder
          ? Math.max(0, nowMs() - Date.parse(from))
          : null;
    return {
      id: t.id,
      title: t.title,
      agent: t.agent,
      state,
      holder: rec.holder,
      since: rec.since,
      claimedAt: rec.claimedAt,
      startedAt: rec.startedAt,
      endedAt: rec.endedAt,
      durationMs,
      waitingOn: waits,
      excludedBy: rec.status === 'done' ? [] : heldPartners(near(t.id), recOf, beats),
      stale: holderStaleness(rec, beats),
      by: rec.by,
      note: rec.note,
      error: rec.error,
      notes: rec.notes,
      token: rec.token,
    };
  }

  function journal(entry: Entry): void {
    const ev: CoordEvent = { at: entry.at, event: entry.takeover ? 'takeover' : entry.kind, task: entry.task, by: entry.by };
    if (entry.takeover) Object.assign(ev, { from: entry.takeover.from, why: entry.takeover.why });
    if (entry.overrode) ev.from = entry.overrode;
    if (entry.force) ev.force = entry.force;
    if (entry.excluded) ev.excluded = entry.excluded;
    if (entry.durationMs !== undefined) ev.durationMs = entry.durationMs;
    if (entry.started) ev.started = true;
    if (entry.note) ev.note = entry.note;
    if (entry.error) ev.error = entry.error;
    backend.appendEvent(ev);
  }

  /** A success. The task's view (staleness, deps) costs reads, so it is built when first asked for, from the record as written. */
  function success(t: PlanTask, rec: TaskRecord, entry: Entry | null): Ok {
    let shown: TaskView | undefined;
    return {
      ok: true,
      get task() {
        return (shown ??= view(t, rec));
      },
      changed: entry !== null,
      entry,
    };
  }

  /**
   * Optimistic loop: decide on the record as this store last saw it and try to create entry seq+1. That create
   * is a compare-and-swap: it fails when anyone has written since, so a write decided on an out-of-date record
   * never lands; we re-read and decide again (the new state may now refuse us, e.g. `held`). An answer that
   * writes nothing (a refusal, "already so") is only given from a fresh read, since nothing else checks it.
   */
  function transact(id: string, decide: (rec: TaskRecord, now: string) => Decision): Result {
    const t = planTask(id);
    let rec = known(id);
    let fresh = false;
    for (;;) {
      const now = new Date(nowMs()).toISOString();
      const decision = decide(rec, now);
      if (!decision.ok || !decision.write) {
        if (!fresh) {
          rec = record(id);
          fresh = true;
          continue;
        }
        return decision.ok ? success(t, rec, null) : decision;
      }
      const entry: Entry = { v: 1, seq: rec.seq + 1, task: id, at: now, ...decision.write };
      if (backend.append({ task: id }, entry)) {
        rec = applyEntry(rec, entry);
        cache.set(id, rec);
        journal(entry);
        return success(t, rec, entry);
      }
      rec = record(id);
      fresh = true;
    }
  }

  function ctx(id: string, session: Session, now: string, rec: TaskRecord, o: { force?: string; token?: number; deps: boolean; exclusions: boolean; start?: boolean }) {
    // Staleness only matters for a holder other than the caller (takeover, or the refusal's message); for the
    // caller's own claim the probe (/proc and heartbeat reads) would be wasted.
    const other = rec.holder !== null && !sameSession(rec.holder, session);
    return {
      taskId: id,
      session,
      now,
      stale: other ? holderStaleness(rec) : null,
      waitingOn: o.deps ? waitingOn(planTask(id)) : [],
      // A session may hold tasks that may not run together: it runs them one after the other (as `squad run` does).
      excludedBy: o.exclusions ? (heldPartners(partners(id), record).find((x) => !sameSession(x.holder, session)) ?? null) : null,
      force: o.force,
      token: o.token,
      start: o.start,
    };
  }

  /**
   * A claim, checked against the plan's exclusions in the same atomic step. The check before the claim (in
   * decideClaim, from fresh reads of the partner tasks) refuses a task whose partner is already held. Two sessions
   * claiming two partner tasks at once can both pass it, so every claim of a task that has partners is also
   * numbered in one shared log (claim-order/, the same exclusive link as the task logs), and after landing, a claim
   * looks at the entries numbered between the moment it began and its own: an earlier partner claim whose holder
   * still holds it wins, and this claim is given back. Of two racing claims the later-numbered one always sees the
   * earlier one (the earlier one was numbered after its claim landed, and any entry numbered before this claim
   * began was a landed claim the check before already saw), so at most one of them stays; the earliest-numbered
   * one sees no earlier rival, so one stays.
   */
  function claim(id: string, session: Session, o: { force?: string; skipDepCheck?: boolean; start?: boolean } = {}): Result {
    const decide = (checkExclusions: boolean) => (rec: TaskRecord, now: string) =>
      decideClaim(rec, ctx(id, session, now, rec, { force: o.force, deps: !o.skipDepCheck, exclusions: checkExclusions, start: o.start }));
    if (partners(id).length === 0) return transact(id, decide(false));
    const began = backend.lastSeq('claim-order');
    const result = transact(id, decide(true));
    if (!result.ok || !result.entry) return result;
    const seq = number(result.entry);
    // A forced claim stays whatever raced it; it is numbered all the same, so a racing claim sees it and yields.
    if (result.entry.force) return result;
    const rival = earlierRival(id, session, began, seq);
    if (!rival) return result;
    holderOnly('release', id, session, { note: `gave the claim back: ${rival.task} (${rival.path}) was claimed first, by ${rival.holder.name}` });
    return excluded(id, rival);
  }

  /** Number a landed claim in the shared claim order; returns its number. */
  function number(entry: Entry): number {
    for (let seq = backend.lastSeq('claim-order') + 1; ; seq = Math.max(seq + 1, backend.lastSeq('claim-order') + 1)) {
      if (backend.append('claim-order', { ...entry, seq })) return seq;
    }
  }

  /** A partner claim numbered after `began` and before `seq`, by another session that still holds it. */
  function earlierRival(id: string, session: Session, began: number, seq: number): HeldPartner | null {
    const pathOf = new Map(partners(id).map((p) => [p.id, p.path]));
    for (const e of backend.entries('claim-order', began)) {
      if (e.seq >= seq) break;
      if ('lost' in e) continue;
      const path = pathOf.get(e.task);
      if (path === undefined || sameSession(e.by, session)) continue;
      const rec = record(e.task);
      if (rec.holder && sameSession(rec.holder, e.by) && !holderStaleness(rec)) return { task: e.task, path, holder: e.by, since: rec.claimedAt ?? e.at };
    }
    return null;
  }

  function holderOnly(kind: 'start' | 'done' | 'failed' | 'release', id: string, session: Session, extra: Fence & { note?: string; error?: string }): Result {
    return transact(id, (rec, now) => {
      const d = decideHolderOnly(kind, rec, ctx(id, session, now, rec, { force: extra.force, token: extra.token, deps: false, exclusions: false }));
      if (d.ok && d.write) {
        if (extra.note) d.write.note = extra.note;
        if (extra.error) d.write.error = extra.error;
      }
      return d;
    });
  }

  function sessions(): Array<Beat & { live: boolean }> {
    return backend.readAllBeats().map((b) => ({
      ...b,
      live: staleness(b.session, b.at, { nowMs: nowMs(), ttlMs: opts.ttlMs, localHost, alive }) === null,
    }));
  }

  function beat(session: Session): void {
    backend.writeBeat(session, new Date(nowMs()).toISOString());
  }

  /** Every task in plan order. Reads heartbeats once for the whole snapshot. */
  function snapshot(): TaskView[] {
    const beats = new Map(backend.readAllBeats().map((b) => [sessionKey(b.session), b]));
    const recs = opts.plan.tasks.map((t) => record(t.id));
    const recOf = (id: string) => recs[conflicts.indexOf.get(id)!]!;
    // Partners among the held tasks only: what a task's exclusions can show, at the cost of the held tasks' locks.
    const heldNear = conflicts.partnersAmong(recs.flatMap((r, i) => (r.holder ? [i] : [])));
    const near = (id: string) => withIds(heldNear(conflicts.indexOf.get(id)!));
    return opts.plan.tasks.map((t, i) => view(t, recs[i]!, beats, near, recOf));
  }

  return {
    /** The file store's folders; null for a store on Redis. */
    paths,
    backend,
    plan: opts.plan,

    /**
     * Claim a task atomically. Refusals: `done`; `held` (with holder and since) while the holder is alive;
     * `waiting` (with waitingOn) until its deps are done. A stale holder is taken over (logged with both
     * holders). `force` (a reason) overrides deps and a live holder; `skipDepCheck` is for callers that
     * checked deps themselves (`squad run`); `start` is for callers that start the task at once (`squad run`):
     * one entry then says both, instead of a claim and a start.
     */
    tryClaim: claim,

    /** Mark in progress. Claims first when the task is unclaimed (or its holder is stale), so the rules of claim apply. */
    start(id: string, session: Session, o: Fence = {}): Result {
      // A token names a claim the caller already holds: never a new claim.
      if (o.token !== undefined) return holderOnly('start', id, session, o);
      // The usual case, our own claim: write the start straight away (the write confirms we still hold it).
      const seen = known(id).holder;
      if (seen && sameSession(seen, session)) {
        const started = holderOnly('start', id, session, o);
        if (started.ok) return started;
      }
      const rec = record(id);
      if (!rec.holder || !sameSession(rec.holder, session)) {
        const got = claim(id, session, o);
        if (!got.ok) return got;
      }
      return holderOnly('start', id, session, o);
    },

    /** Finish a task: holder only (or `force` with a reason). Records the duration. Repeating it is a no-op. */
    markDone(id: string, session: Session, o: Fence & { note?: string } = {}): Result {
      return holderOnly('done', id, session, o);
    },

    /** Record a failure: holder only (or `force`). A failed task can be claimed again. */
    markFailed(id: string, session: Session, o: Fence & { error: string }): Result {
      return holderOnly('failed', id, session, o);
    },

    /**
     * Attach a handoff note (anyone, any state): a new entry in the task's log, so it is written atomically and
     * never lost to a concurrent transition. Agents of the tasks that depend on it see it in their prompts.
     */
    addNote(id: string, session: Session, text: string): Result {
      return transact(id, () => ({ ok: true, write: { kind: 'note', by: session, note: text } }));
    },

    /** Give a claim back: holder only (or `force`). */
    release(id: string, session: Session, o: Fence = {}): Result {
      return holderOnly('release', id, session, o);
    },

    /**
     * Refresh every claim of this session. Returns other live sessions that use the same name, so the caller can
     * warn: the name is how people tell sessions apart.
     */
    heartbeat(session: Session): { sameName: Session[] } {
      beat(session);
      const all = sessions();
      // Terminals come and go; drop records of sessions dead for a day so the folder does not grow forever.
      for (const b of all) if (!b.live && nowMs() - Date.parse(b.at) > FORGET_AFTER_MS) backend.removeBeat(b.session);
      return { sameName: all.filter((b) => b.session.name === session.name && !sameSession(b.session, session) && b.live).map((b) => b.session) };
    },

    /** Heartbeat every `intervalMs` (default a third of the TTL) until the returned function is called. For `squad run`. */
    keepAlive(session: Session, intervalMs = Math.max(1000, Math.floor(opts.ttlMs / 3))): () => void {
      beat(session);
      const timer = setInterval(() => {
        try {
          beat(session);
        } catch {
          /* a full disk or a removed .squad/: the next tick tries again; staleness is the fallback */
        }
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** Every session that ever heartbeat here, with whether it still counts as alive. */
    sessions,

    /** The current state of one task. */
    task(id: string): TaskView {
      return view(planTask(id), record(id));
    },

    snapshot,

    /**
     * Every task whose log reads, in plan order, and apart from them those whose log is damaged, each with the line
     * naming the file and what to do: `squad status` shows the rest of the plan around a damaged task.
     */
    survey(): { views: TaskView[]; damaged: { id: string; title: string; problem: string }[] } {
      backend.checkReadable();
      damage = new Map();
      try {
        const found = damage;
        const views = snapshot();
        return {
          views: views.filter((v) => !found.has(v.id)),
          damaged: views.filter((v) => found.has(v.id)).map((v) => ({ id: v.id, title: v.title, problem: found.get(v.id)! })),
        };
      } finally {
        damage = null;
      }
    },

    /** The journal: claims, takeovers (with both holders), forces, durations. */
    events(): CoordEvent[] {
      return backend.readEvents();
    },
  };

}
