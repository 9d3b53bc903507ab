// JSON sources (Task Master, Ralph, a beads export line by line): parse with an error that names the line, and
// find the line each object starts on (JSON.parse keeps no positions).
import { UserError } from '../../io/errors.js';

/** Parse JSON; a syntax error is one line at `file:line` (`lineOffset`: the text's first line in the file). */
export function parseJsonText(text: string, file: string, fix: string, lineOffset = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineOffset - 1 + text.slice(0, Number(pos[1])).split('\n').length : lineOffset;
    throw new UserError(`not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '')}); ${fix}`, file, line);
  }
}

/** Line numbers of every `"<key>": value` in the text, in order, per value (`"id": "US-001"` -> US-001). */
export function keyLines(text: string, key: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const re = new RegExp(`"${key}"\\s*:\\s*"?([^",\\s}]+)"?`, 'g');
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    const list = out.get(m[1]!) ?? [];
    list.push(line);
    out.set(m[1]!, list);
  }
  return out;
}
