// A section per person or agent (`## Alice`, `## Bongani`, `## codex (agent)`): whoever the heading names does the
// tasks under it that name nobody else. A heading of one capitalised name alone cannot be told from an area
// (`## Server`, `## App`) by its words, so the sections are read together, as a careful reader does: sibling headings
// are people when one of them plainly names a worker (`@alice`, `codex (agent)`, a coding agent's name) and every
// sibling that holds tasks is a name.

// Coding agents people name as the one doing a task.
const AGENT_NAMES = /^(?:claude(?:[- ]code)?|codex|gemini(?:[- ]cli)?|copilot|cursor|aider|amp|opencode|devin|jules|qwen(?:[- ]code)?)$/i;
// `codex (agent)`, `Dana (human)`, `@maria`: a heading that says it names a worker.
const MARKED = /^@?([\p{L}][\p{L}\p{N}_.-]{0,30})\s*\((?:agent|ai agent|bot|human|person|dev|owner)\)$/iu;
const HANDLE = /^@([\p{L}][\p{L}\p{N}_.-]{0,30})$/u;
// `Alice`, `Priya Nair`, `codex`: one or two words of letters.
const NAME = /^[\p{L}][\p{L}'.-]{1,30}(?: [\p{Lu}][\p{L}'.-]{1,30})?$/u;

export interface HeadingSection {
  text: string;
  /** It holds tasks (directly or in its sub-sections). */
  hasTasks: boolean;
}

/** For sibling sections (same level, same parent), the worker each names, or null: index for index. */
export function ownersOfSiblings(siblings: HeadingSection[]): (string | null)[] {
  const plain = (t: string): string | null => {
    const marked = MARKED.exec(t) ?? HANDLE.exec(t);
    if (marked) return marked[1]!;
    return AGENT_NAMES.test(t) ? t : null;
  };
  const withTasks = siblings.filter((s) => s.hasTasks);
  if (withTasks.length === 0 || !withTasks.some((s) => plain(s.text) !== null)) return siblings.map(() => null);
  if (!withTasks.every((s) => plain(s.text) !== null || NAME.test(s.text))) return siblings.map(() => null);
  return siblings.map((s) => (s.hasTasks ? plain(s.text) ?? s.text : null));
}
