// Markdown text -> mdast roots (one per chunk), with GFM tables and task list items.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfmSubset from './gfm-subset.js';
import type { Root } from 'mdast';
import { splitIntoChunks } from './chunks.js';

export interface ParsedChunk {
  root: Root;
  lineOffset: number;
}

const processor = unified().use(remarkParse).use(remarkGfmSubset);

/**
 * YAML front matter is metadata, not content: without this, its closing `---` turns the line above into a
 * setext heading. Blank it out line for line so every later line keeps its number.
 */
export function blankFrontMatter(text: string): string {
  if (!text.startsWith('---\n') && !text.startsWith('---\r\n')) return text;
  const end = text.search(/\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  if (end < 0) return text;
  const close = text.indexOf('\n', end + 1);
  const head = text.slice(0, close < 0 ? text.length : close);
  return head.replace(/[^\n]/g, '') + (close < 0 ? '' : text.slice(close));
}

/**
 * Lazily, one piece at a time: the extractor reads each tree and drops it before the next is built, so a long
 * document never holds every tree at once (less memory, much less garbage collection).
 */
export function* parseMarkdown(text: string): Generator<ParsedChunk> {
  for (const c of splitIntoChunks(blankFrontMatter(text))) yield { root: processor.parse(c.text) as Root, lineOffset: c.lineOffset };
}

/** The whole document in one parse: used by tests to prove chunking changes nothing. */
export function parseMarkdownWhole(text: string): ParsedChunk[] {
  return [{ root: processor.parse(blankFrontMatter(text)) as Root, lineOffset: 0 }];
}
