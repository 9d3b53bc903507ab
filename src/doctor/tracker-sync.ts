// The claim store against the tracker (the source markdown's checkboxes, Task Master, beads): a task done in
// squad's state but open in the tracker, or closed in the tracker but not done in squad's state. --fix closes the
// first in the tracker (the checkbox squad run and squad verify tick) and records the second as done in the store,
// unless a live session holds it (then it is theirs to finish).
import type { Plan } from '../plan/schema.js';
import type { Session, Store, TaskView } from '../state/index.js';
import { openTracker, selectTracker } from '../trackers/select.js';
import type { Tracker } from '../trackers/types.js';
import type { Finding } from './finding.js';

export async function trackerFindings(plan: Plan, repoRoot: string, store: Store, views: readonly TaskView[], doctor: Session): Promise<Finding[]> {
  let tracker: Tracker;
  try {
    const selected = selectTracker('auto', plan, repoRoot);
    if (selected.name === 'none') return [];
    tracker = openTracker(selected.name, plan, repoRoot);
  } catch (err) {
    return [{ check: 'tracker', where: plan.source, problem: (err as Error).message.split(';')[0]!, action: "restore the document, or re-run 'squad allocate' on where the tasks live now", fix: null }];
  }
  let statuses;
  try {
    statuses = await tracker.status(plan.tasks);
  } catch (err) {
    return [{ check: 'tracker', where: tracker.name, problem: `could not read the tracker (${(err as Error).message.split('\n')[0]})`, action: 'make it readable, then run squad doctor again', fix: null }];
  }
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const out: Finding[] = [];
  for (const v of views) {
    const s = statuses.get(v.id);
    const where = s?.where ?? v.id;
    if (v.state === 'done' && s?.state === 'open') {
      if (!v.by) {
        out.push({ check: 'tracker', where, problem: `${v.id} was closed when the plan was compiled, and is open in ${tracker.name} now`, action: "re-run 'squad allocate' so the plan says what the tracker says", fix: null });
        continue;
      }
      out.push({
        check: 'tracker',
        where,
        problem: `${v.id} is done in squad's state (by ${v.by.name}) but open in ${tracker.name}`,
        action: `close it in ${tracker.name}`,
        fix: async () => {
          const r = (await tracker.close([byId.get(v.id)!], `squad doctor: done in squad's state (by ${v.by!.name})`)).get(v.id);
          if (!r?.closed) throw new Error(r?.why ?? 'the tracker did not close it');
        },
      });
    } else if (v.state !== 'done' && s?.state === 'closed') {
      if (v.holder && !v.stale) {
        out.push({ check: 'tracker', where, problem: `${v.id} is closed in ${tracker.name} but ${v.holder.name} holds it in squad's state`, action: `let ${v.holder.name} finish it ('squad done ${v.id}'), or reopen it in ${tracker.name}`, fix: null });
        continue;
      }
      out.push({
        check: 'tracker',
        where,
        problem: `${v.id} is closed in ${tracker.name} but not done in squad's state`,
        action: "record it done in squad's state, so nobody is handed it again",
        fix: () => {
          // A forced done needs no claim first; it records the stale holder it overrode, if any.
          const note = `closed in ${tracker.name}; recorded by squad doctor`;
          const r = store.markDone(v.id, doctor, { force: note, note });
          if (!r.ok) throw new Error(r.message);
        },
      });
    }
  }
  return out;
}
