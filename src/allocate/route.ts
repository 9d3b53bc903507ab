// Route each task to an agent type: an explicit assignment wins; otherwise keyword scoring over the title
// (counted twice), the details, and the file paths (extensions and directory names are evidence too).
import type { Routing } from '../plan/schema.js';
import type { RawTask } from '../model/types.js';

export interface RoutingTable {
  keywords: Record<string, string[]>;
  defaultAgent: string;
}

interface Compiled {
  agent: string;
  words: Set<string>;
  exts: Set<string>;
  dirs: Set<string>;
}

export function compileTable(table: RoutingTable): Compiled[] {
  return Object.entries(table.keywords).map(([agent, list]) => {
    const words = new Set<string>();
    const exts = new Set<string>();
    const dirs = new Set<string>();
    for (const k of list.map((w) => w.toLowerCase())) {
      if (k.startsWith('.') && !k.includes('/')) exts.add(k);
      else if (k.endsWith('/')) dirs.add(k.slice(0, -1));
      else words.add(k);
    }
    return { agent, words, exts, dirs };
  });
}

/** Whole words: letters, digits and inner hyphens ("front-end" is one word, "build" never contains "ui"). */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:[-+#][a-z0-9]+)*/g) ?? [];
}

export function routeTask(task: RawTask, table: Compiled[], defaultAgent: string): { agent: string; routing: Routing } {
  if (task.agent) {
    return { agent: task.agent.name, routing: { source: 'explicit', score: 0, runnerUp: null, matched: [`line ${task.agent.line}`] } };
  }
  const scores = new Map<string, { score: number; matched: Set<string> }>();
  const hit = (agent: string, what: string, points: number): void => {
    const s = scores.get(agent) ?? { score: 0, matched: new Set<string>() };
    s.score += points;
    s.matched.add(what);
    scores.set(agent, s);
  };
  const count = (text: string, points: number): void => {
    for (const tok of tokens(text)) for (const c of table) if (c.words.has(tok)) hit(c.agent, tok, points);
  };
  count(task.title, 2);
  count(task.details.join(' ').slice(0, 4000), 1);
  count(task.steps.join(' ').slice(0, 2000), 1);
  for (const f of task.files) {
    if (f.access === 'read') continue;
    const segments = f.path.toLowerCase().split('/');
    const original = f.path.split('/').pop()!;
    const base = segments[segments.length - 1]!;
    const ext = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
    for (const c of table) {
      if (ext && c.exts.has(ext)) hit(c.agent, ext, 2);
      for (const seg of segments.slice(0, -1)) if (c.dirs.has(seg)) hit(c.agent, `${seg}/`, 2);
      // userService.py and user_service.py both say "service" (split camelCase before lowercasing).
      for (const tok of tokens(original.replace(/\.[^.]+$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' '))) if (c.words.has(tok)) hit(c.agent, tok, 1);
    }
  }
  const ranked = table
    .map((c) => ({ agent: c.agent, score: scores.get(c.agent)?.score ?? 0 }))
    .sort((a, b) => b.score - a.score);
  const top = ranked[0];
  const second = ranked[1];
  if (!top || top.score === 0) {
    return { agent: defaultAgent, routing: { source: 'default', score: 0, runnerUp: null, matched: [] } };
  }
  let winner = top;
  if (second && second.score === top.score) {
    // A tie: the default type if it is among the tied, else the type listed first in the table.
    const tied = ranked.filter((r) => r.score === top.score);
    winner = tied.find((r) => r.agent === defaultAgent) ?? tied[0]!;
  }
  const runnerUp = ranked.find((r) => r.agent !== winner.agent && r.score > 0) ?? null;
  return {
    agent: winner.agent,
    routing: {
      source: 'keywords',
      score: winner.score,
      runnerUp: runnerUp ? { agent: runnerUp.agent, score: runnerUp.score } : null,
      matched: [...(scores.get(winner.agent)?.matched ?? [])].sort(),
    },
  };
}
