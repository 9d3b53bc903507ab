// What `squad status` says about each task of a worktree run (issue: running in which worktree, merging, merged,
// conflict, ownership violation), from the plan's last run record. Pure.
import type { RunRecord } from '../record/schema.js';

export function worktreeNotes(record: RunRecord | null): Map<string, string> {
  const notes = new Map<string, string>();
  for (const t of record?.tasks ?? []) {
    const w = t.worktree;
    if (!w) continue;
    let note: string;
    if (t.status === 'conflict' || w.conflicts.length) note = `conflict in ${w.conflicts.join(', ') || 'its merge'}; branch ${w.branch} kept`;
    else if (w.violations.length) note = `ownership: ${w.violations.join('; ')}; branch ${w.branch} kept`;
    else if (w.stage === 'merged') note = `merged ${(w.merge ?? w.tip ?? '').slice(0, 7)} from ${w.branch}`;
    else if (w.stage === 'finished') note = `merging ${w.branch}`;
    else if (w.stage === 'kept') note = `branch ${w.branch} kept in ${w.path}`;
    else note = `working in ${w.path}`;
    if (w.undeclared.length) note += `; undeclared writes: ${w.undeclared.join(', ')}`;
    notes.set(t.id, note);
  }
  return notes;
}
