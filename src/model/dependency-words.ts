// The words that say "this waits for that", in one place. Every shape that reads a dependency (a field label, a
// sentence of its own, a parenthetical, a clause closing a title, a mention inside a sentence, a prose line between
// tasks) builds its pattern from these lists, so a phrase added here is read in all of them, not in the one shape
// whose document first used it.

/** A verb phrase: the subject waits for what follows ("depends on T3", "blocked by #12", "dipende da 2"). */
export const WAIT_VERBS = [
  'depends on', 'depends upon', 'depend on', 'blocked by', 'blocked on', 'waits for', 'waits on', 'wait for', 'wait on',
  'requires', 'require', 'needs', 'need',
  'dépend de', 'depend de', 'depende de', 'dipende da', 'abhängig von', 'afhankelijk van', 'zależy od',
];

/** An ordering word without a verb: "after T3", "once 2 lands", "nach AP-2", "après E3", "quando BE-5 e BE-6 ...". */
export const AFTER_WORDS = [
  'after', 'once', 'following', 'nach', 'sobald', 'après', 'apres', 'dès que', 'des que', 'después de', 'despues de', 'cuando',
  'depois de', 'quando', 'dopo', 'zodra',
];

/** Every dependency phrase: verbs and ordering words. */
export const DEPENDENCY_PHRASES = [...WAIT_VERBS, ...AFTER_WORDS];

/**
 * A regex alternation of phrases: longest first (so "depends upon" is not read as "depends" and a stray "upon"),
 * each space matching any run of white space, no capture.
 */
export function phraseAlternation(phrases: readonly string[]): string {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, String.raw`\s+`)).join('|')})`;
}
