// Phase 1b: the context file every agent of a group is pointed at: where the repository stands, what
// changed since the plan was compiled, and what the other groups have finished. Pure text.
import type { GitFacts } from './git-facts.js';

export interface GroupProgress {
  name: string;
  done: string[];
  open: string[];
}

export interface ContextInput {
  group: string;
  planPath: string;
  compiledAt: string;
  git: GitFacts;
  others: GroupProgress[];
}

const MAX_FILES = 200;

export function contextText(c: ContextInput): string {
  const files = c.git.changedSince ?? [];
  const shown = files.slice(0, MAX_FILES).map((f) => `- ${f}`);
  if (files.length > MAX_FILES) shown.push(`- ... and ${files.length - MAX_FILES} more (git status / git log)`);
  if (c.git.changedSince === null) shown.push('- unknown: git cannot tell here (not a repository)');
  const others = c.others.map((g) => {
    const state = g.open.length === 0 ? 'finished' : g.done.length === 0 ? 'not started' : `${g.done.length} of ${g.done.length + g.open.length} done`;
    return `- ${g.name}: ${state}${g.done.length ? ` (done: ${g.done.join(', ')})` : ''}`;
  });
  return [
    `# Context for group ${c.group}`,
    `Plan: ${c.planPath} (compiled ${c.compiledAt})`,
    `Git: ${c.git.head ? `HEAD ${c.git.head}${c.git.branch ? ` on ${c.git.branch}` : ''}` : 'not a git repository'}`,
    `## Files changed since the plan was compiled\n\n${shown.length ? shown.join('\n') : '- none'}`,
    `## Other groups\n\n${others.length ? others.join('\n') : '- none'}`,
  ].join('\n\n') + '\n';
}
