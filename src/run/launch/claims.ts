// This run's side of the claim store (src/state): the atomic claim that keeps two runs, or a run and a
// person using `squad claim`, from ever running one task at the same time.
//
// Only the claim has to happen before a task starts. So that slots are not kept waiting on disk writes:
// - the next few ready tasks are claimed ahead, while the running ones run (claimAhead);
// - the bookkeeping entries (start, done, failed, release) are written just after the next tasks have
//   been launched, in order, and always before the group's test phase (flush). A task's end line waits for
//   its done/failed entry (the `written` callback; monitor/in-order.ts).
// A crash in between leaves a claim whose holder is dead, which --resume (or anyone) takes over.
import type { Session, Store } from '../../state/index.js';
import { describeSession } from '../../state/index.js';
import type { Gate } from './process-executor.js';

export class RunClaims {
  /** Claimed by this run and not started yet. */
  private readonly ahead = new Set<string>();
  private readonly writes: (() => void)[] = [];
  private pending: NodeJS.Immediate | null = null;
  private wanted: string[] = [];

  constructor(
    /** The store now: the run reopens it when tasks are added to the plan. */
    private readonly currentStore: () => Store,
    private readonly session: Session,
    private readonly warn: (text: string) => void,
    /** A store write that threw: it ran from a timer, where nobody could catch it. */
    private readonly fail: (err: unknown) => void,
  ) {}

  private get store(): Store {
    return this.currentStore();
  }

  /** Claim and start the task now in one entry; for a task claimed ahead (or already ours), the 'start' entry follows later. */
  gate(id: string): Gate {
    if (!this.ahead.delete(id)) {
      const claimed = this.store.tryClaim(id, this.session, { skipDepCheck: true, start: true });
      if (!claimed.ok) {
        if (claimed.reason === 'done') return { go: false, doneBy: whoFinished(id, claimed.message) };
        if (!claimed.holder) return { go: false, heldBy: claimed.message };
        // Kept apart from a task another session holds (both write one file): held through that task.
        const through = claimed.blockedBy ? ` (through ${claimed.blockedBy.task}: both write ${claimed.blockedBy.path})` : '';
        return { go: false, heldBy: describeSession(claimed.holder) + through };
      }
      if (claimed.entry?.started) return { go: true };
    }
    this.later(() => this.check(id, 'start', this.store.start(id, this.session)));
    return { go: true };
  }

  /** When the loop next waits, claim these (the tasks most likely to start next). */
  claimAhead(ids: readonly string[]): void {
    this.wanted = [...ids];
    this.schedule();
  }

  /** `written` is called once the entry is on disk (markDone fsyncs it), never when the write threw. */
  done(id: string, written: () => void = () => {}): void {
    this.later(() => {
      this.check(id, 'done', this.store.markDone(id, this.session));
      written();
    });
  }

  failed(id: string, error: string, written: () => void = () => {}): void {
    this.later(() => {
      this.check(id, 'failed', this.store.markFailed(id, this.session, { error }));
      written();
    });
  }

  release(id: string): void {
    this.later(() => {
      const r = this.store.release(id, this.session);
      if (!r.ok && r.reason !== 'not-claimed') this.warn(`${id}: could not release its claim: ${r.message}`);
    });
  }

  /** Write everything pending, and give back claims taken ahead for tasks that never started. */
  flush(): void {
    this.wanted = [];
    for (const id of this.ahead) this.release(id);
    this.ahead.clear();
    this.drain();
  }

  private later(write: () => void): void {
    this.writes.push(write);
    this.schedule();
  }

  private schedule(): void {
    if (!this.pending) this.pending = setImmediate(() => this.step());
  }

  /**
   * One store write per turn of the event loop: each costs a millisecond or more (fsync), and a task that
   * ends meanwhile should not wait for a whole queue of them before its successor starts.
   */
  private step(): void {
    this.pending = null;
    try {
      const write = this.writes.shift();
      if (write) write();
      else this.claimNextAhead();
    } catch (err) {
      this.writes.length = 0;
      this.wanted = [];
      this.fail(err);
      return;
    }
    if (this.writes.length > 0 || this.wanted.length > 0) this.schedule();
  }

  private claimNextAhead(): void {
    const id = this.wanted.shift();
    if (id === undefined || this.ahead.has(id)) return;
    // A refusal (held elsewhere, done) is fine here: gate() asks again when the task's turn comes.
    if (this.store.tryClaim(id, this.session, { skipDepCheck: true }).ok) this.ahead.add(id);
  }

  private drain(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    while (this.writes.length > 0) this.writes.shift()!();
  }

  private check(id: string, what: string, r: { ok: boolean; message?: string }): void {
    if (!r.ok) this.warn(`${id}: the claim store refused '${what}': ${r.message}`);
  }
}

/** "T001 is already done by run-2" -> "finished by run-2": the id is said once, by whoever shows the line. */
export function whoFinished(id: string, refusal: string): string {
  const rest = refusal.startsWith(`${id} is already done`) ? refusal.slice(`${id} is already done`.length).trim() : refusal;
  if (rest.startsWith('by ')) return `finished ${rest}`;
  if (rest === '(in the plan)') return 'done in the plan';
  return rest;
}
