// Input limits (README "Limits"). Real plans are far below them; past them the markdown libraries squad stands on
// stop being linear (mdast's list preparation is cubic in nesting depth: 400 levels take seconds, 5,000 a gigabyte),
// so squad refuses the document with one line instead of running for minutes.
import { UserError } from '../io/errors.js';

/** Bytes of one source document: 16 MiB is about 90,000 tasks of a spec-kit list. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;
/** Nesting of lists and block quotes: real plans use fewer than ten levels. */
export const MAX_NESTING = 32;

const LIST_MARKER = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

export function checkSourceLimits(text: string, file: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SOURCE_BYTES) {
    throw new UserError(`${(bytes / 1048576).toFixed(1)} MiB is over squad's limit of ${MAX_SOURCE_BYTES / 1048576} MiB for one document; split the plan into several files and compile each`, file);
  }
  // Nesting by indentation: a stack of the indents of open list items, one pass over the lines.
  const stack: number[] = [];
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const l = text.slice(start, Math.min(end, start + 400));
    start = end + 1;
    const quotes = /^(?:[ \t]{0,3}>)+/.exec(l)?.[0].split('>').length ?? 1;
    if (quotes - 1 > MAX_NESTING) throw tooDeep(file, line, quotes - 1);
    const m = LIST_MARKER.exec(l);
    if (!m) continue;
    const indent = m[1]!.replace(/\t/g, '    ').length;
    while (stack.length && stack[stack.length - 1]! >= indent) stack.pop();
    stack.push(indent);
    if (stack.length > MAX_NESTING) throw tooDeep(file, line, stack.length);
  }
}

function tooDeep(file: string, line: number, depth: number): UserError {
  return new UserError(`lists or quotes nested ${depth} levels deep, over squad's limit of ${MAX_NESTING}; flatten them (a sub-task needs one level under its parent)`, file, line);
}
