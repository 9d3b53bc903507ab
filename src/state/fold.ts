// Replay a task's log into its current record. Pure.
import type { Entry, LostEntry } from './log.js';
import type { Session } from './session.js';
import type { ClaimStatus } from '../plan/states.js';

/** A handoff note: who wrote it, when, and what it says (`squad note`, `squad done --note`). */
export type Note = { by: string; at: string; text: string };

/** The claim log's column of src/plan/states.ts. */
export type TaskStatus = ClaimStatus;

export type TaskRecord = {
  status: TaskStatus;
  /** Holder while claimed or in progress; null otherwise. */
  holder: Session | null;
  /** When the current status began (ISO); null for a task never touched. */
  since: string | null;
  claimedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Who finished or failed it. */
  by: Session | null;
  durationMs: number | null;
  note: string | null;
  error: string | null;
  /** Handoff notes in the order written; they outlive claims, releases and failures. */
  notes: Note[];
  /** Latest entry written by the current holder: a sign of life besides heartbeats. */
  holderLastSeen: string | null;
  /** seq of the last entry; the next transition writes seq + 1. */
  seq: number;
  /**
   * The fencing token of the current claim: the seq of its claim entry, so every later claim of the task has a
   * larger one. A holder whose claim was taken over (or given back and claimed again) holds an older token, and a
   * transition or merge that names it is refused. Null while nobody holds the task.
   */
  token: number | null;
};

export function emptyRecord(doneInPlan: boolean): TaskRecord {
  return {
    status: doneInPlan ? 'done' : 'open',
    holder: null,
    since: null,
    claimedAt: null,
    startedAt: null,
    endedAt: null,
    by: null,
    durationMs: null,
    note: null,
    error: null,
    notes: [],
    holderLastSeen: null,
    seq: 0,
    token: null,
  };
}

export function applyEntry(rec: TaskRecord, e: Entry | LostEntry): TaskRecord {
  // A transition a power cut erased: its number is used, the task stays as it was (see log.ts).
  if ('lost' in e) return { ...rec, seq: e.seq };
  // A note changes nothing but the notes: not the status, nor since when it holds.
  if (e.kind === 'note') return { ...rec, seq: e.seq, notes: [...rec.notes, { by: e.by.name, at: e.at, text: e.note ?? '' }] };
  const base = { ...rec, seq: e.seq, since: e.at };
  switch (e.kind) {
    case 'claim':
      return { ...base, status: e.started ? 'in_progress' : 'claimed', token: e.seq, holder: e.by, claimedAt: e.at, startedAt: e.started ? e.at : null, endedAt: null, by: null, durationMs: null, note: null, error: null, holderLastSeen: e.at };
    case 'start':
      return { ...base, status: 'in_progress', token: rec.token ?? e.seq, holder: e.by, startedAt: e.at, claimedAt: rec.claimedAt ?? e.at, holderLastSeen: e.at };
    case 'done':
    case 'failed':
      return {
        ...base,
        status: e.kind,
        holder: null,
        token: null,
        endedAt: e.at,
        by: e.by,
        durationMs: e.durationMs ?? null,
        note: e.note ?? null,
        error: e.error ?? null,
        holderLastSeen: null,
      };
    case 'release':
      return { ...base, status: 'open', holder: null, token: null, claimedAt: null, startedAt: null, holderLastSeen: null };
  }
}
