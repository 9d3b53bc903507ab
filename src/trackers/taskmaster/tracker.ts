// Task Master tracker: a task is closed when its `status` in tasks.json is done. Closing sets
// `"status": "done"` in place, in one atomic rewrite that keeps every other byte of the file.
import type { Plan } from '../../plan/schema.js';
import { UserError } from '../../io/errors.js';
import { readSource, rewriteSource, sourceFile, type SourceFile } from '../source-file.js';
import type { CloseResult, Tracker, TrackerStatus } from '../types.js';
import { applyEdits, parseJsonSpans, setStringMember, type JsonNode, type TextEdit } from './json-spans.js';
import { findTask, isClosed } from './locate.js';

function load(src: SourceFile): { text: string; root: JsonNode } {
  const bytes = readSource(src);
  const text = bytes.toString('utf8');
  // Edits work on the decoded text; a file that does not survive decoding would not be kept byte for byte.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new UserError('is not valid UTF-8; squad will not rewrite it', src.display);
  try {
    JSON.parse(text);
  } catch (err) {
    throw new UserError(`is no longer valid JSON (${(err as Error).message}); fix it before 'squad verify' writes to it`, src.display);
  }
  return { text, root: parseJsonSpans(text) };
}

export function taskmasterTracker(plan: Plan, repoRoot: string): Tracker {
  const src = sourceFile(plan, repoRoot);
  return {
    name: 'taskmaster',
    async status(tasks) {
      const { root } = load(src);
      const out = new Map<string, TrackerStatus>();
      for (const t of tasks) {
        const f = findTask(root, t);
        out.set(
          t.id,
          f.ok
            ? { state: isClosed(f.task) ? 'closed' : 'open', where: `${src.display} ${f.where}`, why: null }
            : { state: f.untracked ? 'untracked' : 'missing', where: src.display, why: f.why },
        );
      }
      return out;
    },
    async close(tasks) {
      const { text, root } = load(src);
      const edits: TextEdit[] = [];
      const results = new Map<string, CloseResult>();
      for (const t of tasks) {
        const f = findTask(root, t);
        if (!f.ok) {
          results.set(t.id, { closed: false, where: src.display, why: f.why });
          continue;
        }
        if (!isClosed(f.task)) edits.push(setStringMember(text, f.task, 'status', 'done'));
        results.set(t.id, { closed: true, where: `${src.display} ${f.where}`, why: null });
      }
      if (edits.length > 0) rewriteSource(src, Buffer.from(applyEdits(text, edits), 'utf8'));
      return results;
    },
  };
}
