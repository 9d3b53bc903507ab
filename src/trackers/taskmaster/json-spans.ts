// A JSON reader that remembers where every value sits in the text, so a write-back can replace one value's
// characters and leave every other byte (key order, spacing, indentation, number spelling, the missing final
// newline) exactly as it was. Pure. Only called on text JSON.parse has accepted, so it need not diagnose.

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number; value: string | number | boolean | null };

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export function parseJsonSpans(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      ws();
      if (text[i] === '}') return { kind: 'object', start, end: ++i, members };
      for (;;) {
        ws();
        const keyStart = i;
        i = stringEnd(i);
        const key = JSON.parse(text.slice(keyStart, i)) as string;
        ws();
        i++; // ':'
        members.push({ key, keyStart, value: value() });
        ws();
        if (text[i++] === '}') return { kind: 'object', start, end: i, members };
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return { kind: 'array', start, end: i, items };
      }
    }
    if (c === '"') {
      i = stringEnd(i);
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
    return { kind: 'scalar', start, end: i, value: JSON.parse(text.slice(start, i)) as string | number | boolean | null };
  };
  return value();
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key)?.value : undefined;
}

/** One change to the text: replace [start, end) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Set `key` to a string value in an object: replace the value when present, else add the member after the last one. */
export function setStringMember(text: string, obj: Extract<JsonNode, { kind: 'object' }>, key: string, value: string): TextEdit {
  const encoded = JSON.stringify(value);
  const existing = obj.members.find((m) => m.key === key);
  if (existing) return { start: existing.value.start, end: existing.value.end, text: encoded };
  const entry = `${JSON.stringify(key)}: ${encoded}`;
  const last = obj.members[obj.members.length - 1];
  if (!last) return { start: obj.start + 1, end: obj.start + 1, text: entry };
  // Same layout as the member before it: on its own line with its indentation, or inline.
  const lineStart = text.lastIndexOf('\n', last.keyStart) + 1;
  const lead = text.slice(lineStart, last.keyStart);
  const sep = /^[ \t]*$/.test(lead) && lineStart > obj.start ? `,\n${lead}` : ', ';
  return { start: last.value.end, end: last.value.end, text: `${sep}${entry}` };
}

/** Apply edits that do not overlap, last first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
