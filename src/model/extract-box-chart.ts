// Plans drawn as pictures in a code block: boxes of box-drawing characters holding a task id (`│ T041 │`), joined by
// lines that end in arrowheads (▼ ► ◄ ▲), and Gantt lanes (`T041      ██████`). Read as a grid, not line by line:
// a box is a rectangle of corners and edges; a connector is every line cell touching it; where a connector ends in
// an arrowhead at a box, that box waits for every other box the connector touches. The bars of a Gantt lane are
// schedule, not order: a lane only names its task.
import { ID_TOKEN, leadingId } from './ids.js';
import { parseEstimate } from './estimate.js';
import { newTask, traceFact, type RawTask } from './types.js';

export interface BoxChart {
  tasks: RawTask[];
  /** `from` waits for `to`. */
  edges: { from: string; to: string; line: number; text: boolean }[];
}

const TOP_LEFT = new Set(['┌', '╭', '╔']);
const TOP_RIGHT = new Set(['┐', '╮', '╗']);
const BOTTOM_LEFT = new Set(['└', '╰', '╚']);
const BOTTOM_RIGHT = new Set(['┘', '╯', '╝']);
const HORIZONTAL = new Set(['─', '━', '═', '┬', '┴', '┼', '▼', '▲', '╤', '╧', '┯', '┷']);
const VERTICAL = new Set(['│', '┃', '║', '├', '┤', '┼', '►', '◄', '▶', '◀', '╟', '╢']);
const LINE = new Set(['│', '─', '┼', '┬', '┴', '├', '┤', '┌', '┐', '└', '┘', '╭', '╮', '╰', '╯', '▼', '▲', '►', '◄', '▶', '◀', '↓', '↑', '→', '←', '━', '┃']);
/** Arrowheads and the direction (row, column) they point. */
const HEAD: Record<string, [number, number]> = { '▼': [1, 0], '↓': [1, 0], '▲': [-1, 0], '↑': [-1, 0], '►': [0, 1], '▶': [0, 1], '→': [0, 1], '◄': [0, -1], '◀': [0, -1], '←': [0, -1] };
const BAR = /[█▓▒░■▇▆▅]{2,}/;
const ID_AT_START = new RegExp(String.raw`^\s*(${ID_TOKEN})\s+(?=[█▓▒░■▇▆▅])`);
const TITLED = new RegExp(String.raw`(?:^|[\s│])(${ID_TOKEN}):\s+([^()+│\n]+?)\s*\(\s*(\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|d|days?))\s*\)`, 'g');

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
  id: string | null;
}

/** Null when the block draws no box with an id and no lane: it is not a plan picture. */
export function readBoxChart(text: string, firstLine: number): BoxChart | null {
  if (!/[┌╭╔█▓]/.test(text)) return null;
  const grid = text.split('\n').map((l) => Array.from(l));
  const tasks = new Map<string, RawTask>();
  const take = (id: string, line: number, rule: string): RawTask => {
    let t = tasks.get(id);
    if (!t) {
      t = newTask({ id, authorId: true, kind: 'chart', title: id, line, order: 0 });
      traceFact(t, 'id', id, line, rule);
      tasks.set(id, t);
    }
    return t;
  };

  const boxes = findBoxes(grid);
  for (const b of boxes) {
    const content = grid.slice(b.top + 1, b.bottom).map((row) => row.slice(b.left + 1, b.right).join('').trim()).filter(Boolean);
    const lead = content.length ? leadingId(content[0]!) : null;
    if (!lead || lead.strength !== 'strong') continue;
    b.id = lead.id;
    const t = take(lead.id, firstLine + b.top + 1, 'a box in a drawn dependency chart');
    // The rest of the box: title words, then an estimate and an owner (`4h (BE2)`, `12h(BE1)`).
    const words: string[] = [];
    let owner = false; // inside an owner's parentheses wrapped over lines: `12h (BE2+` / `FE2)`
    for (const l of [lead.rest, ...content.slice(1)]) {
      if (owner) {
        owner = !l.includes(')');
        continue;
      }
      if (/\([^)]*$/.test(l)) owner = true;
      const est = /^(\d+(?:\.\d+)?\s*(?:h|hrs?|d|days?))\b/i.exec(l) ?? /\b(\d+(?:\.\d+)?\s*(?:h|hrs?|d|days?))\s*$/i.exec(l);
      if (est) {
        t.estimateMinutes ??= parseEstimate(est[1]!);
        const before = l.slice(0, est.index).trim();
        if (before && est.index > 0) words.push(before);
        continue;
      }
      if (/^\(.*\)$|^[A-Z]{4,}$/.test(l)) continue; // "(Start)", "CRITICAL"
      if (l) words.push(l);
    }
    if (t.title === t.id && words.length) t.title = words.join(' ').replace(/\s+/g, ' ');
  }

  const edges: BoxChart['edges'] = [];
  for (const { from, to, row } of connect(grid, boxes)) edges.push({ from, to, line: firstLine + row, text: false });

  grid.forEach((cells, r) => {
    const line = cells.join('');
    const lane = ID_AT_START.exec(line);
    if (lane && BAR.test(line)) {
      const l = leadingId(lane[1]!);
      if (l && l.strength === 'strong') take(l.id, firstLine + r, 'a lane of a drawn schedule');
    }
    for (const m of line.matchAll(TITLED)) {
      const l = leadingId(m[1]!);
      if (!l || l.strength !== 'strong') continue;
      const t = take(l.id, firstLine + r, 'an id with a title and an estimate in a drawn schedule');
      if (t.title === t.id) t.title = m[2]!.trim();
      t.estimateMinutes ??= parseEstimate(m[3]!);
    }
  });
  if (!tasks.size) return null;
  return { tasks: [...tasks.values()], edges };
}

/** Does the line leave the box in the direction opposite to one of its arrowheads (it starts there)? */
function isOpposite(dir: string, heads: Set<string>): boolean {
  const [dr, dc] = dir.split(',').map(Number) as [number, number];
  return heads.has(`${-dr},${-dc}`);
}

function at(grid: string[][], r: number, c: number): string {
  return grid[r]?.[c] ?? ' ';
}

function findBoxes(grid: string[][]): Box[] {
  const boxes: Box[] = [];
  grid.forEach((cells, top) => {
    cells.forEach((ch, left) => {
      if (!TOP_LEFT.has(ch)) return;
      let right = left + 1;
      while (HORIZONTAL.has(at(grid, top, right))) right++;
      if (!TOP_RIGHT.has(at(grid, top, right)) || right === left + 1) return;
      let bottom = top + 1;
      while (VERTICAL.has(at(grid, bottom, left)) && VERTICAL.has(at(grid, bottom, right))) bottom++;
      if (bottom === top + 1 || !BOTTOM_LEFT.has(at(grid, bottom, left)) || !BOTTOM_RIGHT.has(at(grid, bottom, right))) return;
      boxes.push({ top, left, bottom, right, id: null });
    });
  });
  return boxes;
}

/** Edges drawn between boxes: per connected line, the boxes its arrowheads point into wait for the others. */
function connect(grid: string[][], boxes: Box[]): { from: string; to: string; row: number }[] {
  const owner = new Map<string, Box>(); // "r,c" of a box's border -> the box
  const inside = new Set<string>();
  for (const b of boxes) {
    for (let r = b.top; r <= b.bottom; r++) {
      for (let c = b.left; c <= b.right; c++) {
        const key = `${r},${c}`;
        if (r === b.top || r === b.bottom || c === b.left || c === b.right) owner.set(key, b);
        else inside.add(key);
      }
    }
  }
  const isLine = (r: number, c: number): boolean => {
    const key = `${r},${c}`;
    return !owner.has(key) && !inside.has(key) && LINE.has(at(grid, r, c));
  };
  const seen = new Set<string>();
  const out: { from: string; to: string; row: number }[] = [];
  const steps: [number, number][] = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  grid.forEach((cells, r0) => {
    cells.forEach((_ch, c0) => {
      if (seen.has(`${r0},${c0}`) || !isLine(r0, c0)) return;
      // One connected line: every cell reachable through line cells.
      const queue: [number, number][] = [[r0, c0]];
      seen.add(`${r0},${c0}`);
      const touched = new Map<Box, boolean>(); // box -> pointed into
      const sides = new Map<Box, Set<string>>(); // the directions a line would move to enter the box where it touches
      const heads = new Set<string>();
      let row = r0;
      while (queue.length) {
        const [r, c] = queue.pop()!;
        for (const [dr, dc] of steps) {
          const nr = r + dr;
          const nc = c + dc;
          const key = `${nr},${nc}`;
          const box = owner.get(key);
          if (box) {
            const head = HEAD[at(grid, r, c)];
            const border = HEAD[at(grid, nr, nc)];
            const into = (head && head[0] === dr && head[1] === dc) || (border && border[0] === dr && border[1] === dc);
            touched.set(box, Boolean(touched.get(box)) || Boolean(into));
            sides.set(box, (sides.get(box) ?? new Set()).add(`${dr},${dc}`));
            if (into) {
              row = nr;
              heads.add(`${dr},${dc}`);
            }
            continue;
          }
          const head = HEAD[at(grid, r, c)];
          if (head) heads.add(`${head[0]},${head[1]}`);
          if (seen.has(key) || !isLine(nr, nc)) continue;
          seen.add(key);
          queue.push([nr, nc]);
        }
      }
      // A line that meets a box from the side its arrows flow into enters it, even where the arrowhead is drawn a
      // column off (`│` above `┌▼────┐`): in a chart flowing down, a line at a box's top is an input of that box.
      for (const [box, dirs] of sides) if ([...dirs].some((d) => heads.has(d)) && ![...dirs].some((d) => !heads.has(d) && heads.size > 0 && isOpposite(d, heads))) touched.set(box, true);
      const targets = [...touched].filter(([b, into]) => into && b.id).map(([b]) => b.id!);
      const sources = [...touched].filter(([b, into]) => !into && b.id).map(([b]) => b.id!);
      for (const to of sources) for (const from of targets) if (from !== to) out.push({ from, to, row });
    });
  });
  return out;
}
