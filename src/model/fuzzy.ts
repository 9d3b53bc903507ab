// Free-text references ("Shared types completed", "Backend API structure") -> the task they name, by shared words.

const STOP = new Set(('a an the of for and or to in on with by at from into is are be been being this that these ' +
  'those it its as completed complete done defined created exists exist finished ready available implemented ' +
  'built written set up setup work all any first must should can will task tasks phase step').split(' '));

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/`[^`]*`/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

export interface Candidate {
  id: string;
  title: string;
  order: number;
}

/**
 * The candidate whose title covers most of the reference's words (at least half of them).
 * Ties are broken by the nearest candidate before `beforeOrder` (dependencies point back in a document);
 * a tie that remains is ambiguous and returns null.
 */
export function matchTitle(ref: string, candidates: Candidate[], beforeOrder = Infinity): Candidate | null {
  const want = new Set(words(ref));
  if (want.size === 0) return null;
  let best: Candidate[] = [];
  let bestScore = 0;
  for (const c of candidates) {
    const have = new Set(words(c.title));
    let hit = 0;
    for (const w of want) if (have.has(w)) hit++;
    const score = hit / want.size;
    if (score > bestScore) {
      bestScore = score;
      best = [c];
    } else if (score === bestScore && score > 0) best.push(c);
  }
  if (bestScore < 0.5 || best.length === 0) return null;
  if (best.length === 1) return best[0]!;
  const before = best.filter((c) => c.order < beforeOrder).sort((a, b) => b.order - a.order);
  if (before.length === 1 || (before.length > 1 && before[0]!.order !== before[1]!.order)) return before[0]!;
  return null;
}
