// Task identifiers as authors write them. Order matters: the first pattern that matches wins.

/** spec-kit T001, TASK-101, beads bd-a1b2 / dotfiles-246.1, hierarchical 1.1 / 2.2.1 / 1.0, plain numbers. */
const ID_PATTERNS: RegExp[] = [
  /^T\d{2,}\b/, // spec-kit
  /^[A-Z][A-Z0-9]{1,15}-\d+(?:\.\d+)*\b/, // TASK-101, PROJ-12
  /^bd-[a-z0-9]{2,10}(?:\.\d+)*\b/, // beads
  /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+(?:\.\d+)+\b/, // beads with project prefix and child: dotfiles-246.1
  /^\d+(?:\.\d+)+\b\.?/, // 1.0, 2.2.1 (a trailing dot of "1.1." is numbering punctuation)
];

/** Does `text` start with a task id? Returns the id and the rest. */
export function leadingId(text: string): { id: string; rest: string } | null {
  const t = text.replace(/^\u0002/, '');
  for (const re of ID_PATTERNS) {
    const m = re.exec(t);
    if (m) {
      const id = m[0].replace(/\.$/, '');
      let rest = t.slice(m[0].length);
      // "**T001**" or "T001:" or "T001 -" separators
      rest = rest.replace(/^\u0002/, '').replace(/^\s*[:.)\]—–-]?\s*/, '');
      return { id, rest };
    }
  }
  return null;
}

/** A slug for tasks without an author id: readable on the command line (`squad claim build-dashboard-layout`). */
export function slugId(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/`[^`]*`/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
  // A slug that looks like an author id ("2", "1.1") could collide with one: keep it a word.
  return !slug ? 'task' : /^[\d.-]+$/.test(slug) ? `task-${slug}` : slug;
}
