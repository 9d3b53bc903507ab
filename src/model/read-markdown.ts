// Markdown sources: GSD `<task>` blocks are cut out before the parse and merged back, front matter adds its fields,
// and a document whose only task list is an example inside a code block (a format description, a template) is
// read from that example, with a warning, rather than refused.
import type { Code } from 'mdast';
import { parseMarkdown, type ParsedChunk } from '../parse/markdown.js';
import { extractMarkdown } from './extract-markdown.js';
import { cutXmlTasks, mergeXmlTasks } from './extract-xml-tasks.js';
import { applyFrontMatter } from './front-matter.js';
import type { RawDoc } from './types.js';

export function readMarkdown(text: string): RawDoc {
  const cut = cutXmlTasks(text);
  const doc = extractMarkdown(parseMarkdown(cut.text));
  if (cut.blocks.length) doc.tasks = mergeXmlTasks(doc.tasks, cut.blocks);
  applyFrontMatter(doc, text);
  if (doc.tasks.length === 0) return fromFencedExample(cut.text) ?? doc;
  return doc;
}

/** The markdown-ish code block with the most tasks in it, read as the document (its lines keep their numbers). */
function fromFencedExample(text: string): RawDoc | null {
  const blocks: Code[] = [];
  for (const chunk of parseMarkdown(text)) {
    for (const node of chunk.root.children) {
      if (node.type === 'code' && (!node.lang || /^(?:markdown|md|gfm)$/i.test(node.lang)) && /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]/m.test(node.value)) {
        const at = (node.position?.start.line ?? 1) + chunk.lineOffset;
        blocks.push({ ...node, position: { start: { line: at, column: 1 }, end: { line: at, column: 1 } } });
      }
    }
  }
  let best: RawDoc | null = null;
  let bestLine = 0;
  for (const block of blocks) {
    const offset = block.position!.start.line; // the fence line: the block's first line is offset + 1
    const chunks: ParsedChunk[] = [...parseMarkdown(block.value)].map((c) => ({ ...c, lineOffset: c.lineOffset + offset }));
    const doc = extractMarkdown(chunks);
    if (doc.tasks.length > (best?.tasks.length ?? 0)) {
      best = doc;
      bestLine = offset;
    }
  }
  if (!best) return null;
  best.warnings.unshift({
    message: `no task outside code blocks: read the ${best.tasks.length} task(s) of the example task list in the code block here (a format description or template?)`,
    line: bestLine,
  });
  return best;
}
