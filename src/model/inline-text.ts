// Text of one node, keeping what the extractors need: inline code stays `backticked` (paths are told apart by it),
// hard breaks and soft line ends stay line ends (field lines like "Owner: @x" live on their own lines).
import type { Nodes, ListItem, Paragraph } from 'mdast';

/**
 * Marks bold text (`**Title**`, `__Label:__`) with a control character no document contains, so code spans like
 * `__init__.py` or a `**` glob are never mistaken for bold markers. Code strips it with `.replaceAll(BOLD, '')`,
 * MARKUP or BOLD_OR_CODE; only patterns that read where bold starts and ends (ids.ts, fields.ts, paths.ts,
 * extract-markdown.ts) write it inside a regular expression, as \u0002.
 */
export const BOLD = '\u0002';

/** The bold marker, emphasis stars and code backticks: what a value loses before it is compared or parsed. */
export const MARKUP = /[\u0002*`]/g;
/** The bold marker and code backticks only (a value whose stars mean something, like a glob). */
export const BOLD_OR_CODE = /[\u0002`]/g;

export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'inlineCode':
      return '`' + node.value + '`';
    case 'break':
      return '\n';
    case 'html': {
      // `<!-- depends: T1, agent: qa -->` after a task's title: a field in parentheses, read like `(depends on T1)`.
      const comment = /^<!--\s*([\s\S]*?)\s*-->$/.exec(node.value);
      return comment && /^[\p{L}][\p{L}\s_-]{0,30}:/u.test(comment[1]!) ? ` (${comment[1]!.replace(/\s+/g, ' ')})` : '';
    }
    case 'strong':
      // Kept (as BOLD): `**Short title** — description` and `**Label:** value` are told apart by it.
      return BOLD + node.children.map(inlineText).join('') + BOLD;
    case 'image':
      return node.alt ?? '';
    case 'footnoteReference':
      return '';
    default:
      if ('children' in node) return (node.children as Nodes[]).map(inlineText).join('');
      if ('value' in node && typeof node.value === 'string') return node.value;
      return '';
  }
}

/** A list item's own paragraph: the first child when it is a paragraph (nested lists are not glued on). */
export function ownParagraph(item: ListItem): Paragraph | null {
  const first = item.children[0];
  return first && first.type === 'paragraph' ? first : null;
}

export function lineOf(node: { position?: { start: { line: number } } | undefined }, offset: number): number {
  return (node.position?.start.line ?? 1) + offset;
}

/** Collapse runs of spaces and trim: titles read the same whatever the source wrapping. */
export function squash(text: string): string {
  return text.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').trim();
}

/**
 * Latin letters without their accents (`Prérequis` -> `Prerequis`, `Quién` -> `Quien`), for matching labels and headers
 * against the synonym tables. Only marks on Latin letters go: a Japanese dakuten changes the word.
 */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/([A-Za-z])\p{M}+/gu, '$1').normalize('NFC');
}
