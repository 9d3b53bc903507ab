// Coordination store: one shared, safe state for many terminals, agent sessions and `squad run` on one repo.
//
// Layout (per plan, so two plans never mix): `.squad/coord/<plan key>/`, key from plan.source (see paths.ts)
//   tasks/<task>/000001.json ...  each task's transition log: claim, start, done, failed, release (a claim by a
//                                 caller that starts at once says so, `started`: one entry instead of two)
//   sessions/<session>.json      heartbeat of each session (rewritten atomically)
//   events.jsonl                 journal, one JSON line per transition (takeovers name both holders)
//   claim-order/000001.json ...  claims of tasks the plan keeps apart from others, numbered in one sequence
//
// Why a log per task: a transition is "create entry n+1", done with link(2) from a complete temp file, which
// fails when the name exists. So of N processes acting on one task at once exactly one wins, nothing is ever
// read-then-overwritten or deleted (no ABA on stale takeover or release), and a crash at any moment leaves only
// complete entries. The current state of a task is the fold of its log (fold.ts); rules are pure (transitions.ts).
//
// Sessions (session.ts): { name, pid, host, startedAt }. All four must match to act as the holder. `squad run`
// uses `currentSession(name, { pid: process.pid })` and `store.keepAlive(session)` while it runs.
// A claim is stale when its holder's pid is dead on the same host, or its last sign of life (heartbeat or its
// own latest entry on that task) is older than ttlMs (config `claims.ttlMinutes`, default 5). The next claimer
// takes a stale claim over; the entry and the journal record both holders.
//
// File exclusions: two tasks the plan keeps apart (they write one file, an exclusion or a mutex in plan.json; the
// rule is src/plan/conflicts.ts, which `squad run`'s scheduler follows too) are never held by two live sessions at
// once. A claim checks the partner tasks before it lands, and numbers itself in claim-order/ after: of racing claims
// of two partner tasks the earlier-numbered one stays and the later one is given back (see claim() in store.ts).
// One session may hold both: it runs them one after the other. --force overrides, recorded with the task overridden.
//
// API (all synchronous; a store object may live as long as `squad run`: a write is decided on the task's record
// as last seen and lands only if nobody wrote since (else it re-reads and decides again), and an answer that
// writes nothing is given from a fresh read, so no call acts on an out-of-date view):
//   const store = openStore({ repoRoot, plan, ttlMs })
//   store.tryClaim(id, session, { force?: reason, skipDepCheck?, start? })
//       -> { ok: true, task, changed, entry }
//        | { ok: false, reason: 'held'|'done'|'waiting'|'excluded', holder?, since?, waitingOn?, blockedBy?, message }
//   store.start(id, session, { force? })            claims first if unclaimed
//   store.markDone(id, session, { note?, force? })  holder only; records durationMs
//   store.markFailed(id, session, { error, force? })
//   store.release(id, session, { force? })          holder-only refusals: 'not-holder' | 'not-claimed' | 'done'
//   store.heartbeat(session) -> { sameName }        other live sessions using this name
//   store.keepAlive(session, intervalMs?) -> stop
//   store.snapshot() -> TaskView[]                  state: available|waiting|claimed|in_progress|done|failed,
//                                                   holder, since, durationMs, waitingOn, excludedBy, stale
//   store.task(id), store.sessions(), store.events()
// Unknown task ids throw UserError. Priority for "what next" is in priority.ts (b-level, pure).
export { openStore, doneIds, type Store, type StoreOptions, type TaskView, type TaskState, type Result, type Ok } from './store.js';
export type { Refusal, RefusalReason, HeldPartner } from './transitions.js';
export { currentSession, sameSession, describeSession, isProcessAlive, type Session } from './session.js';
export { remainingPath, criticalPathLeft, rankByRemainingPath, taskWeight, type PriorityTask } from '../graph/priority.js';
export type { CoordEvent } from './events.js';
export type { Entry } from './log.js';
export type { Staleness } from './liveness.js';
