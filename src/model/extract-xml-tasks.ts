// XML-ish task blocks in a markdown plan (GSD's `<task type="auto"><name>Task 2: ...</name><files>...</files>
// <verify><automated>cmd</automated></verify></task>`). Markdown would split such a block at its blank lines and
// read the pieces as paragraphs and lists, so the blocks are cut out of the text (blanked line for line, so every
// other line keeps its number) and read here: name -> id and title, files -> files, automated verify -> gate,
// done -> acceptance, action -> details. Tasks of one plan run in the order written.
import { pathsInList } from './paths.js';
import { addFiles } from './file-access.js';
import { newTask, traceFact, type RawTask } from './types.js';
import { TASK_HEADING } from './sections.js';

export interface XmlTaskBlock {
  line: number;
  attrs: string;
  body: string;
}

const BLOCK = /^[ \t]*<task\b([^>]*)>([\s\S]*?)<\/task>[ \t]*$/gm;

/** The blocks, and the text with each block blanked out. */
export function cutXmlTasks(text: string): { text: string; blocks: XmlTaskBlock[] } {
  if (!/<task\b[^>]*>/.test(text) || !/<\/task>/.test(text)) return { text, blocks: [] };
  const blocks: XmlTaskBlock[] = [];
  const out = text.replace(BLOCK, (all, attrs: string, body: string, index: number) => {
    if (!/<name>/.test(body)) return all;
    blocks.push({ line: text.slice(0, index).split('\n').length, attrs, body });
    return all.replace(/[^\n]/g, '');
  });
  return { text: out, blocks };
}

function element(body: string, name: string): { value: string; line: number } | null {
  const m = new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(body);
  if (!m) return null;
  return { value: m[1]!.trim(), line: body.slice(0, m.index).split('\n').length - 1 };
}

export function readXmlTask(block: XmlTaskBlock): RawTask {
  const name = element(block.body, 'name')?.value ?? 'task';
  const heading = TASK_HEADING.exec(name);
  const id = heading ? heading[1]! : null;
  const title = (heading ? heading[2] ?? '' : name).trim() || name;
  const task = newTask({ id: id ?? '', authorId: id !== null, kind: 'heading', title, line: block.line, order: 0 });
  traceFact(task, 'id', task.id, block.line, id ? '<task> block: "Task N:" in its <name>' : '<task> block');
  const files = element(block.body, 'files');
  if (files) {
    addFiles(task, pathsInList(files.value.replace(/\n/g, ', ')), 'modify', block.line + files.line, true);
    for (const f of task.files) traceFact(task, 'file', f.path, f.line, '<files> of a <task> block');
  }
  const verify = element(block.body, 'verify');
  const automated = verify ? element(verify.value, 'automated') : null;
  if (automated) {
    // The command as written (it may span lines: `python3 -c "..."`); it is the author's own, like a `run:` line.
    task.gate = automated.value.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    traceFact(task, 'gate', task.gate, block.line + verify!.line, '<automated> in a <task> block\'s <verify>');
  } else if (verify) task.acceptance.push(verify.value.replace(/<[^>]+>/g, '').trim());
  const done = element(block.body, 'done');
  if (done) task.acceptance.push(done.value.replace(/\s+/g, ' '));
  const action = element(block.body, 'action');
  if (action) task.details.push(action.value);
  // A checkpoint (`type="checkpoint:human-verify"`) is a person's step, not an agent's.
  if (/type="checkpoint/.test(block.attrs)) {
    task.agent = { name: 'human', line: block.line };
    traceFact(task, 'agent', 'human', block.line, 'a checkpoint <task> is a person\'s step');
  }
  return task;
}

/** Put the blocks' tasks among the markdown's tasks by line, ids made unique, the author's order kept. */
export function mergeXmlTasks(tasks: RawTask[], blocks: XmlTaskBlock[]): RawTask[] {
  const read = blocks.map(readXmlTask);
  const taken = new Set(tasks.map((t) => t.id));
  for (const t of read) {
    if (!t.id || taken.has(t.id)) {
      const base = t.id ? `task-${t.id}` : t.title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').split('-').slice(0, 6).join('-') || 'task';
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      t.id = id;
      t.authorId = false;
    }
    taken.add(t.id);
  }
  const all = [...tasks, ...read].sort((a, b) => a.line - b.line || a.order - b.order);
  all.forEach((t, i) => (t.order = i));
  return all;
}
