// Facts inside fenced code blocks: task records in a YAML or JSON block (extract-records.ts), the bars of a mermaid
// gantt chart (extract-gantt.ts), the targets of a Makefile plan (extract-make.ts), Graphviz DOT edges (`6 -> 11 [label=...]`) and beads dependency trees
// drawn with box characters (`├── bd-1j2  KafkaEventPublisher ← also needs bd-3ga`). Other code is not read:
// a `#` line in a fence is not a heading and a `- [ ]` line in a fence is not a task.
import type { Code } from 'mdast';
import { readBoxChart } from './extract-box-chart.js';
import { readRecords } from './extract-records.js';
import { isGantt, readGantt } from './extract-gantt.js';
import { readMakefile } from './extract-make.js';
import { newTask, type RawTask } from './types.js';

export interface CodeResult {
  tasks: RawTask[];
  /** `from` waits for `to`. */
  edges: { from: string; to: string; line: number; text: boolean }[];
}

const BD_ID = /\bbd-[a-z0-9]{2,10}(?:\.\d+)*\b/g;
const TREE_LINE = /^([\s│├└┬┼─┌┐┘┤|`+\\-]*)(bd-[a-z0-9]{2,10}(?:\.\d+)*)\s{2,}(\S.*)$/;

export function readCodeBlock(node: Code, offset: number): CodeResult | null {
  const first = (node.position?.start.line ?? 1) + offset + 1;
  const lines = node.value.split('\n');
  if (/^(?:dot|graphviz|gv)$/i.test(node.lang ?? '') || /^\s*(?:strict\s+)?digraph\b/m.test(node.value)) {
    const edges: CodeResult['edges'] = [];
    lines.forEach((l, i) => {
      // Statements end at `;` or a line end; `digraph G {` and `}` may share a line with them.
      for (let stmt of l.split(';')) {
        stmt = stmt.replace(/^\s*(?:strict\s+)?(?:di)?graph\b[^{]*\{/i, '').replace(/[{}]/g, ' ');
        if (!stmt.includes('->')) continue;
        // A chain `a -> b -> c` is read pairwise; attribute lists `[label=...]` are dropped.
        const chain = stmt.replace(/\[[^\]]*\]/g, ' ').split('->').map((s) => s.replace(/["\s]/g, ''));
        for (let k = 1; k < chain.length; k++) {
          if (/^[\w.-]+$/.test(chain[k - 1]!) && /^[\w.-]+$/.test(chain[k]!)) edges.push({ from: chain[k]!, to: chain[k - 1]!, line: first + i, text: false });
        }
      }
    });
    return edges.length ? { tasks: [], edges } : null;
  }
  // A YAML or JSON block that is a list of task records (an RFC's work breakdown); other data blocks are examples.
  if (/^(?:ya?ml|json|jsonc|json5)$/i.test(node.lang ?? '')) {
    const tasks = readRecords(node.value, first, 0);
    return tasks ? { tasks, edges: [] } : null;
  }
  if (/^(?:make|makefile|mk|mak)$/i.test(node.lang ?? '')) {
    const tasks = readMakefile(lines, first);
    return tasks.length ? { tasks, edges: [] } : null;
  }
  if (/^mermaid$/i.test(node.lang ?? '') && isGantt(lines)) {
    const tasks = readGantt(lines, first);
    return tasks.length ? { tasks, edges: [] } : null;
  }
  if (/^mermaid$/i.test(node.lang ?? '') || /^\s*(?:flowchart|graph)\s+(?:TD|TB|BT|LR|RL)\b/m.test(node.value)) return readMermaid(lines, first);
  if (/\bbd-[a-z0-9]{2,10}/.test(node.value)) return readBeadsTree(lines, first);
  return readBoxChart(node.value, first);
}

function readBeadsTree(lines: string[], first: number): CodeResult | null {
  const tasks: RawTask[] = [];
  const edges: CodeResult['edges'] = [];
  const known = new Set<string>();
  // Stack of (column, id): a line's parent is the nearest line above it that starts further left.
  let stack: { col: number; id: string }[] = [];
  lines.forEach((raw, i) => {
    const line = first + i;
    const m = TREE_LINE.exec(raw);
    if (!m) {
      if (raw.trim() === '' || !/[│├└]/.test(raw)) stack = [];
      return;
    }
    const col = m[1]!.length;
    const id = m[2]!;
    const rest = m[3]!;
    while (stack.length && stack[stack.length - 1]!.col >= col) stack.pop();
    const parent = stack[stack.length - 1];
    const isReference = /──[►>→]|→|►/.test(m[1]!) || /^\(see above\)/.test(rest) || known.has(id);
    if (!isReference) {
      const [title, note = ''] = rest.split(/\s*[←⟵]\s*/);
      const task = newTask({ id, authorId: true, kind: 'tree', title: title!.replace(/[─┐┤┘│\s]+$/g, '').trim() || id, line, order: 0 });
      task.depsDeclared = true;
      tasks.push(task);
      known.add(id);
      for (const dep of note.match(BD_ID) ?? []) edges.push({ from: id, to: dep, line, text: false });
    }
    if (parent) edges.push({ from: id, to: parent.id, line, text: false });
    stack.push({ col, id });
  });
  return tasks.length >= 2 ? { tasks, edges } : null;
}

// Mermaid flowchart edges: `A --> B`, `A -->|blocks| B`, `A -.-> B`, `A ==> B`, chains `A --> B --> C`, node
// shapes `A[Title] --> B(Title)`, and `A & B --> C`. An arrow points from the earlier task to the later one; a
// label saying `blocks` or `before` means the same; `depends on` / `needs` / `after` reverses it.
const MERMAID_ARROW = /\s*(?:<?-{2,3}>|<?={2,3}>|<?-\.+->|-{2,3}|={3})\s*(?:\|([^|]*)\|\s*)?/;
const MERMAID_NODE = /^([A-Za-z0-9_.#-]+)\s*(?:\[\[?[^\]]*\]?\]|\(\(?[^)]*\)?\)|\{[^}]*\}|>[^\]]*\])?$/;

function readMermaid(lines: string[], first: number): CodeResult | null {
  const edges: CodeResult['edges'] = [];
  lines.forEach((raw, i) => {
    const l = raw.replace(/%%.*$/, '').trim();
    if (!l || /^(?:flowchart|graph|subgraph|end|classDef|class|style|linkStyle|click|direction)\b/.test(l)) return;
    const parts: { nodes: string[]; label: string }[] = [];
    let rest = l;
    let label = '';
    for (;;) {
      const m = MERMAID_ARROW.exec(rest);
      const head = m ? rest.slice(0, m.index) : rest;
      const nodes = head.split(/\s*&\s*/).map((n) => MERMAID_NODE.exec(n.trim())?.[1] ?? '').filter(Boolean);
      parts.push({ nodes, label });
      if (!m) break;
      label = (m[1] ?? '').trim();
      rest = rest.slice(m.index + m[0].length);
    }
    for (let k = 1; k < parts.length; k++) {
      const reverse = /depend|needs|after|requires|blocked by/i.test(parts[k]!.label);
      for (const a of parts[k - 1]!.nodes) {
        for (const b of parts[k]!.nodes) {
          edges.push(reverse ? { from: a, to: b, line: first + i, text: false } : { from: b, to: a, line: first + i, text: false });
        }
      }
    }
  });
  return edges.length ? { tasks: [], edges } : null;
}
