// Markdown tracker: a task is closed when its checkbox in the source document is ticked. Closing ticks the
// boxes in one atomic rewrite that changes nothing else in the file.
import type { Plan, PlanTask } from '../../plan/schema.js';
import { readSource, rewriteSource, sameAsCompiled, sourceFile } from '../source-file.js';
import type { CloseResult, Tracker, TrackerStatus } from '../types.js';
import { locateCheckbox, markdownDoc, tick, type Checkbox } from './checkbox.js';

export function markdownTracker(plan: Plan, repoRoot: string): Tracker {
  const src = sourceFile(plan, repoRoot);

  function locate(bytes: Buffer, tasks: readonly PlanTask[]): Map<string, { status: TrackerStatus; box: Checkbox | null }> {
    const doc = markdownDoc(bytes, sameAsCompiled(plan, bytes));
    const out = new Map<string, { status: TrackerStatus; box: Checkbox | null }>();
    for (const t of tasks) {
      const found = locateCheckbox(doc, t);
      if (found.ok) {
        const where = `${src.display}:${found.box.line}`;
        out.set(t.id, { status: { state: found.box.checked ? 'closed' : 'open', where, why: null }, box: found.box });
      } else {
        const state = t.origin.checkboxLine === null ? 'untracked' : 'missing';
        out.set(t.id, { status: { state, where: `${src.display}:${t.line}`, why: found.why }, box: null });
      }
    }
    return out;
  }

  return {
    name: 'markdown',
    async status(tasks) {
      const found = locate(readSource(src), tasks);
      return new Map([...found].map(([id, f]) => [id, f.status]));
    },
    async close(tasks) {
      // Read again right before writing: the file may have moved on since status() looked.
      const bytes = readSource(src);
      const found = locate(bytes, tasks);
      const results = new Map<string, CloseResult>();
      const boxes: Checkbox[] = [];
      for (const t of tasks) {
        const f = found.get(t.id)!;
        if (f.box) boxes.push(f.box);
        results.set(t.id, { closed: f.box !== null, where: f.status.where, why: f.box ? null : f.status.why });
      }
      if (boxes.some((b) => !b.checked)) rewriteSource(src, tick(bytes, boxes));
      return results;
    },
  };
}
