// A plan written as a Makefile (a ```make block): each target is a task, the names after its colon the targets it
// waits for, and its recipe the work. Comment lines of a recipe that are fields (`# agent: codex`, `# files: a.go`,
// `# check: go test ./...`) are read by the same field reader as anywhere (extract-records.ts applyDataField); a
// comment closing the target line saying it is built or done marks it done. Variables, special targets (`.PHONY`)
// and a target with no recipe that only names others (`all: cleanup`) are not work.
import { applyDataField } from './extract-records.js';
import { newTask, traceFact, type RawTask } from './types.js';

const TARGET = /^([A-Za-z0-9_][\w./-]*(?:\s+[A-Za-z0-9_][\w./-]*)*)\s*:(?![=:])\s*([^#]*?)\s*(?:#\s*(.*))?$/;
const DONE = /^(?:built|done|finished|merged|complete[d]?|shipped)\b/i;

export function readMakefile(lines: string[], first: number): RawTask[] {
  const tasks: RawTask[] = [];
  let current: { task: RawTask; recipe: number } | null = null;
  let continued = false;
  const close = (): void => {
    if (current && current.recipe === 0 && current.task.deps.length) tasks.pop();
    current = null;
  };
  lines.forEach((raw, i) => {
    const line = first + i;
    const wasContinued = continued;
    continued = /\\\s*$/.test(raw);
    if (wasContinued) return; // the rest of a `\`-continued line (a long .PHONY list)
    if (/^[\t ]/.test(raw) && raw.trim() && current) {
      current.recipe++;
      const text = raw.trim();
      const comment = /^#\s*([\p{L}][\p{L} _-]{0,30}?)\s*:\s*(.+)$/u.exec(text);
      if (comment && applyDataField(current.task, comment[1]!, comment[2]!.trim(), line)) return;
      current.task.details.push(text.replace(/^#\s*/, ''));
      return;
    }
    if (!raw.trim() || /^\s*#/.test(raw)) return;
    const m = TARGET.exec(raw);
    if (!m || /^\./.test(m[1]!) || /(?:\?|:|\+)?=/.test(raw.split('#')[0]!.split(':')[0]!)) {
      close();
      return;
    }
    close();
    const name = m[1]!.split(/\s+/)[0]!;
    const task = newTask({ id: name, authorId: true, kind: 'chart', title: name, line, order: tasks.length });
    traceFact(task, 'id', name, line, 'a Makefile target');
    task.depsDeclared = true;
    for (const ref of m[2]!.split(/\s+/).filter(Boolean)) {
      task.deps.push({ ref, line, kind: 'after', text: false });
      traceFact(task, 'dep', ref, line, 'a prerequisite of the Makefile target');
    }
    if (m[3] && DONE.test(m[3].trim())) {
      task.status = 'done';
      traceFact(task, 'status', 'done', line, `the comment on its target line (# ${m[3].trim()})`);
    }
    tasks.push(task);
    current = { task, recipe: 0 };
  });
  close();
  // The recipe's first line of prose is the task's title: a target name says little.
  for (const t of tasks) {
    const prose = t.details.find((d) => /\s/.test(d));
    if (prose) t.title = `${t.id}: ${prose}`;
  }
  return tasks;
}
