// A mermaid `gantt` chart: each bar is a task. `Name :done, db2, after db1, 2d` gives the status tags (done, active,
// crit, milestone), the id, when it starts (a date, or `after` the bars it waits for) and how long it takes (days
// and hours become the estimate); `section X` names the group of the bars under it. Without an id a bar is named by
// its title. The chart's settings (title, dateFormat, axisFormat, excludes, ...) are not bars.
import { newTask, traceFact, type RawTask } from './types.js';
import { slugId } from './ids.js';

const SETTING = /^(?:gantt|title|dateFormat|axisFormat|tickInterval|excludes|includes|todayMarker|weekday|inclusiveEndDates|topAxis|displayMode|accTitle|accDescr)\b/i;
const TAGS = new Set(['done', 'active', 'crit', 'milestone']);
const DATE = /^\d{4}-\d{2}-\d{2}/;
const DURATION = /^(\d+(?:\.\d+)?)\s*(d|h|w|m|min)$/i;
// A working day is what an agent or a person puts into a bar of one day: 8 hours.
const MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 8 * 60, w: 5 * 8 * 60 };

export function isGantt(lines: string[]): boolean {
  return /^gantt\b/.test(lines.find((l) => l.trim() !== '' && !/^\s*%%/.test(l))?.trim() ?? '');
}

export function readGantt(lines: string[], first: number): RawTask[] {
  const tasks: RawTask[] = [];
  let section: string | null = null;
  lines.forEach((raw, i) => {
    const l = raw.replace(/%%.*$/, '').trim();
    if (!l || SETTING.test(l)) return;
    const sec = /^section\s+(.+)$/i.exec(l);
    if (sec) {
      section = sec[1]!.trim();
      return;
    }
    const bar = /^(.+?)\s*:\s*(.*)$/.exec(l);
    if (!bar) return;
    const line = first + i;
    const title = bar[1]!.trim();
    const parts = bar[2]!.split(',').map((p) => p.trim()).filter(Boolean);
    const tags = new Set<string>();
    while (parts.length && TAGS.has(parts[0]!.toLowerCase())) tags.add(parts.shift()!.toLowerCase());
    // Mermaid's own reading: three values are id, start, end; two are start, end; one is the end.
    const id = parts.length >= 3 ? parts[0]! : null;
    const start = parts.length >= 3 ? parts[1] : parts.length === 2 ? parts[0] : undefined;
    const end = parts[parts.length - 1];
    const task = newTask({ id: id ?? slugId(title), authorId: id !== null, kind: 'chart', title, line, order: tasks.length });
    traceFact(task, 'id', task.id, line, id ? 'a gantt bar\'s id' : 'made from a gantt bar\'s name');
    if (tags.has('done')) {
      task.status = 'done';
      traceFact(task, 'status', 'done', line, "gantt tag 'done'");
    }
    if (section) {
      task.group = section;
      traceFact(task, 'group', section, line, 'gantt section');
    }
    const after = start && /^after\s+(.+)$/i.exec(start);
    task.depsDeclared = true;
    for (const ref of after ? after[1]!.split(/\s+/).filter(Boolean) : []) {
      task.deps.push({ ref, line, kind: 'after', text: false });
      traceFact(task, 'dep', ref, line, 'gantt `after`');
    }
    const d = end && !DATE.test(end) ? DURATION.exec(end) : null;
    if (d) task.estimateMinutes = Math.round(Number(d[1]) * MINUTES[d[2]!.toLowerCase()]!);
    tasks.push(task);
  });
  return tasks;
}
