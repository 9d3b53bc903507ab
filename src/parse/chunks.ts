// Split a long markdown text into pieces at top-level list item boundaries, so remark never sees one huge list.
// Why: micromark's cost on one long list of nested items grows faster than the list (1,000 tasks 0.47 s,
// 10,000 about 25 s); pieces of a few hundred items keep the whole parse linear. A piece boundary is only placed
// where CommonMark would start a new top-level list item anyway, outside code fences and HTML comments, and where
// the line before cannot continue a paragraph lazily, so each piece parses to the same list items as the whole.

export interface Chunk {
  text: string;
  /** Lines before this chunk in the original text (add to a node's line to get the source line). */
  lineOffset: number;
}

const ITEM_START = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Cut only documents with more top-level items than this; small documents parse whole. */
export const CHUNK_ITEMS = 25;

export function splitIntoChunks(text: string, itemsPerChunk = CHUNK_ITEMS): Chunk[] {
  const lines = text.split('\n');
  const cuts: number[] = [];
  let fence: string | null = null;
  let inComment = false;
  let itemsSinceCut = 0;
  let prevBlankOrItemBody = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (/^ {0,3}<!--/.test(line) && !line.includes('-->')) {
      inComment = true;
      continue;
    }
    if (ITEM_START.test(line)) {
      if (prevBlankOrItemBody && itemsSinceCut >= itemsPerChunk) {
        cuts.push(i);
        itemsSinceCut = 0;
      }
      itemsSinceCut++;
      prevBlankOrItemBody = true;
      continue;
    }
    // A blank line, or an indented line (item body), may be followed by a new item without lazy continuation.
    // A flush-left text line may not: `2. foo` after it would continue that paragraph.
    prevBlankOrItemBody = line.trim() === '' || /^[ \t]/.test(line);
  }
  if (cuts.length === 0) return [{ text, lineOffset: 0 }];
  const chunks: Chunk[] = [];
  let start = 0;
  for (const cut of [...cuts, lines.length]) {
    chunks.push({ text: lines.slice(start, cut).join('\n'), lineOffset: start });
    start = cut;
  }
  return chunks;
}
