// Dependency chains written as arrows: `T005–T007 [P] → T008 → T009–T012 [P] + T013`, `#50 → (#51 → #52) and
// (#53 → #54)`, `F → (A.R1 ‖ B ‖ C) → E.demo`. A small expression grammar, read the same wherever the line sits
// (a paragraph, a list item, a table cell, a plain code block):
//   chain    := parallel (ARROW parallel)*
//   parallel := item ((‖ | `|` | , | + | & | and) item)*
//   item     := '(' chain ')' | ref [ '(' note ')' ] [ '[P]' ]
// Each step waits for every task that ends the step before it. A line is a chain only when every item is an id or
// a short code name and at least one is an id with a digit: "Setup → Build → Ship" alone is prose.
import { ID_TOKEN } from './ids.js';
import { MARKUP } from './inline-text.js';

export interface ChainEdge {
  /** `from` waits for `to`; either may be a range `a..b`. */
  from: string;
  to: string;
}

const ARROW = /^(?:→|->|⟶|=>|─+►|─+>|➔|➜|⇒)/;
const ID_RE = new RegExp(`^#?(?:${ID_TOKEN})$`);
const RANGE_RE = new RegExp(`^#?(${ID_TOKEN})\\s*[–—-]\\s*#?(${ID_TOKEN})$`);
const CODE = /^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*$/;

interface Node {
  first: string[];
  last: string[];
}

class Parser {
  private i = 0;
  readonly edges: ChainEdge[] = [];
  readonly refs: string[] = [];
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private arrow(): boolean {
    this.ws();
    const m = ARROW.exec(this.s.slice(this.i));
    if (!m) return false;
    this.i += m[0].length;
    return true;
  }

  private joiner(): boolean {
    this.ws();
    const m = /^(?:‖|\|\||\||,|\+|&|and\b|und\b|和|与)/i.exec(this.s.slice(this.i));
    if (!m) return false;
    this.i += m[0].length;
    return true;
  }

  chain(): Node | null {
    let prev = this.parallel();
    if (!prev) return null;
    const first = prev.first;
    while (this.arrow()) {
      const next = this.parallel();
      if (!next) return null;
      for (const from of next.first) for (const to of prev.last) this.edges.push({ from, to });
      prev = next;
    }
    return { first, last: prev.last };
  }

  private parallel(): Node | null {
    const items: Node[] = [];
    do {
      const item = this.item();
      if (!item) return null;
      items.push(item);
    } while (this.joiner());
    return { first: items.flatMap((n) => n.first), last: items.flatMap((n) => n.last) };
  }

  private item(): Node | null {
    this.ws();
    if (this.s[this.i] === '(') {
      this.i++;
      const inner = this.chain();
      this.ws();
      if (!inner || this.s[this.i] !== ')') return null;
      this.i++;
      this.marker();
      return inner;
    }
    const m = /^[#\w.][\w.#–—-]*(?:\s*[–—]\s*#?[\w.-]+)?/.exec(this.s.slice(this.i));
    if (!m) return null;
    let token = m[0].replace(/[.-]+$/, '');
    this.i += token.length;
    const range = RANGE_RE.exec(token);
    let ref: string;
    if (range) ref = `${range[1]}..${range[2]}`;
    else if (ID_RE.test(token) || (CODE.test(token) && token.length <= 12)) ref = token.replace(/^#/, '');
    else return null;
    token = ref;
    this.refs.push(token);
    this.marker();
    // A note after a name, `(resolver)`, `(manual)`, `(20 min)`; a chain in it, `D (DF1→DF2)`, is read as well.
    this.ws();
    if (this.s[this.i] === '(') {
      const close = this.s.indexOf(')', this.i);
      if (close < 0) return null;
      const note = this.s.slice(this.i + 1, close);
      this.i = close + 1;
      if (/→|->|⟶/.test(note)) {
        const sub = readArrowChain(note);
        if (sub) {
          this.edges.push(...sub.edges);
          this.refs.push(...sub.refs);
        }
      }
      this.marker();
    }
    return { first: [token], last: [token] };
  }

  private marker(): void {
    this.ws();
    const m = /^\[(?:P|P:[\w-]+|parallel)\]/i.exec(this.s.slice(this.i));
    if (m) this.i += m[0].length;
  }

  done(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }
}

/** The edges of a chain, or null when the text is not one (prose with an arrow in it). */
export function readArrowChain(text: string): { edges: ChainEdge[]; refs: string[] } | null {
  if (!/→|->|⟶|=>|─►|➔|➜|⇒/.test(text)) return null;
  const p = new Parser(text.replace(MARKUP, '').trim());
  const node = p.chain();
  if (!node || !p.done() || p.edges.length === 0) return null;
  if (!p.refs.some((r) => /\d/.test(r) && (ID_RE.test(r) || r.includes('..')))) return null;
  return { edges: p.edges, refs: p.refs };
}

/**
 * The chain in a line of prose: after a label (`Dependency order: ...`, `**Plans**: ...`) and up to the end of the
 * sentence. Null when there is none.
 */
export function chainInLine(line: string): { edges: ChainEdge[]; refs: string[] } | null {
  if (!/→|->|⟶|=>|─►|➔|➜|⇒/.test(line)) return null;
  const plain = line.replace(MARKUP, '').trim();
  const whole = readArrowChain(plain);
  if (whole) return whole;
  const afterLabel = plain.replace(/^[^:→]*:\s*/, '');
  const sentence = afterLabel.split(/\.\s+(?=[A-Z#])|;\s+/)[0]!.replace(/\.$/, '');
  return readArrowChain(sentence);
}
