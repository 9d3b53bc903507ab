// --resume makes the claim store agree with the run record before anything runs. A task's end reaches state.json
// at once but its 'done' entry in the store only with the next batch of bookkeeping writes (claims.ts); a kill -9
// in between left the store saying "claimed by a dead run" while the record said "done": the resumed run trusted
// the record, never wrote the entry, and `squad next --claim` handed the finished task to someone else.
import type { Session, Store } from '../../state/index.js';
import type { RunRecord } from './schema.js';

/** Write the missing 'done' entries. Returns the ids mended, and one line per task it could not mend. */
export function reconcileStore(rec: RunRecord, store: Store, session: Session): { mended: string[]; left: string[] } {
  const mended: string[] = [];
  const left: string[] = [];
  for (const t of rec.tasks) {
    if (t.status !== 'done' && t.status !== 'closed') continue;
    let view;
    try {
      view = store.task(t.id);
    } catch {
      continue; // no longer in the plan
    }
    if (view.state === 'done') continue;
    // Someone alive holds it now: their claim stands, and the record is what is out of date.
    if (view.holder && !view.stale && view.holder.name !== session.name) {
      left.push(`${t.id}: the run record says it finished, but ${view.holder.name} holds it now; left to them`);
      continue;
    }
    if (!view.holder) {
      const c = store.tryClaim(t.id, session, { skipDepCheck: true });
      if (!c.ok) {
        left.push(`${t.id}: the run record says it finished, but the claim store would not take it (${c.message})`);
        continue;
      }
    }
    const mine = !view.holder || view.holder.name === session.name;
    const r = store.markDone(t.id, session, mine && !view.holder ? { note: 'recorded by --resume' } : { force: 'the run record says it finished; the crashed run did not write its done entry', note: 'recorded by --resume' });
    if (r.ok) mended.push(t.id);
    else left.push(`${t.id}: the run record says it finished, but the claim store refused to mark it done (${r.message})`);
  }
  return { mended, left };
}
