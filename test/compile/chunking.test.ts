// Long documents are handed to remark in pieces (src/parse/chunks.ts). The pieces must read exactly like the whole.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../src/parse/chunks.js';
import { parseMarkdown, parseMarkdownWhole } from '../../src/parse/markdown.js';
import { extractMarkdown } from '../../src/model/extract-markdown.js';
import { generateDocument } from '../../bench/generate.js';

// Committed copies of the real documents (test/fixtures/corpus), so the test runs in any clone.
const CORPUS = 'test/fixtures/corpus';

function tasksOf(chunks: ReturnType<typeof parseMarkdown>) {
  return extractMarkdown(chunks).tasks;
}

describe('chunked parsing', () => {
  it('cuts only at top-level list items, and the pieces join back to the text', () => {
    const text = generateDocument(1200);
    const chunks = splitIntoChunks(text, 100);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.map((c) => c.text).join('\n')).toBe(text);
    for (const c of chunks.slice(1)) expect(c.text).toMatch(/^- /);
    for (const c of chunks) expect(text.split('\n').slice(c.lineOffset).join('\n').startsWith(c.text)).toBe(true);
  });

  it('gives the same tasks as a whole-document parse on a generated 1,500-task document', () => {
    const text = generateDocument(1500);
    expect(splitIntoChunks(text).length).toBeGreaterThan(1);
    const pieces = tasksOf(parseMarkdown(text));
    const whole = tasksOf(parseMarkdownWhole(text));
    expect(pieces.length).toBe(1500);
    expect(pieces).toEqual(whole);
  });

  it('gives the same tasks as a whole-document parse on every corpus document, cut into small pieces', () => {
    for (const name of readdirSync(CORPUS).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(`${CORPUS}/${name}`, 'utf8');
      const small = splitIntoChunks(text, 3);
      const pieces = tasksOf(small.map((c) => ({ root: parseMarkdownWhole(c.text)[0]!.root, lineOffset: c.lineOffset })));
      expect(pieces, name).toEqual(tasksOf(parseMarkdownWhole(text)));
    }
  });

  it('never cuts inside a code fence, an HTML comment, or where a line would continue a paragraph', () => {
    const text = ['- [ ] T001 a', '```', ...Array.from({ length: 5 }, (_, i) => `- [ ] T10${i} not a task`), '```', '- [ ] T002 b', '<!--', '- [ ] T200 hidden', '-->', '- [ ] T003 c', 'text', '2. lazy', '- [ ] T004 d'].join('\n');
    const cuts = splitIntoChunks(text, 1).map((c) => c.text.split('\n')[0]);
    expect(cuts).toEqual(['- [ ] T001 a', '- [ ] T002 b', '- [ ] T003 c', '- [ ] T004 d']);
    const tasks = tasksOf(parseMarkdown(text)).map((t) => t.id);
    expect(tasks).toEqual(['T001', 'T002', 'T003', 'T004']);
  });
});
