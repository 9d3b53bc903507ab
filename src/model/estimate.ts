// Estimates as authors write them: `~30m`, `estimate: 300ms`, `Time: 10 minutes`, `(2h)`, sizes S/M/L.
import { BOLD_OR_CODE } from './inline-text.js';

/** T-shirt sizes in minutes (documented in README). */
export const SIZE_MINUTES: Record<string, number> = { XS: 15, S: 30, M: 60, L: 120, XL: 240 };

const UNIT_MINUTES: [RegExp, number][] = [
  [/^(?:ms|msecs?|milliseconds?)$/i, 1 / 60000],
  [/^(?:s|secs?|seconds?)$/i, 1 / 60],
  [/^(?:m|mins?|minutes?)$/i, 1],
  [/^(?:h|hrs?|hours?|小时|時間|시간|stunden?|horas?|heures?)$/i, 60],
  [/^(?:d|days?|天|日|工作日|人日|일|tage?|días?|jours?)$/i, 60 * 8],
  [/^(?:w|wks?|weeks?|周|週|週間|주|wochen?|semanas?|semaines?)$/i, 60 * 40],
];

// Units in other languages (0.5 天, 2 時間, 1 Tag) have no word boundary after them in CJK text: matched as written.
const AMOUNT = /(\d+(?:\.\d+)?)(?:\s*[-–~]\s*(\d+(?:\.\d+)?))?\s*(?:(ms|msecs?|milliseconds?|secs?|seconds?|s|mins?|minutes?|m|hrs?|hours?|h|days?|d|wks?|weeks?|w|stunden?|horas?|heures?|tage?|días?|jours?|wochen?|semanas?|semaines?)\b|(小时|時間|시간|工作日|人日|天|日|일|周|週間|週|주))/i;

/** Minutes in an estimate value, or null. A range (`1-2 hours`) counts as its upper end: plan for the slow case. */
export function parseEstimate(value: string): number | null {
  const v = value.replace(BOLD_OR_CODE, '').trim();
  const size = /^(XS|S|M|L|XL)\b/.exec(v) ?? /^(?:size\s*)?(small|medium|large)\b/i.exec(v);
  if (size) {
    const s = size[1]!.toUpperCase();
    return SIZE_MINUTES[s === 'SMALL' ? 'S' : s === 'MEDIUM' ? 'M' : s === 'LARGE' ? 'L' : s] ?? null;
  }
  const m = AMOUNT.exec(v);
  if (!m) return null;
  const amount = Number(m[2] ?? m[1]);
  const word = m[3] ?? m[4]!;
  const unit = UNIT_MINUTES.find(([re]) => re.test(word));
  return unit ? round(amount * unit[1]) : null;
}

/** A label that carries the unit (`Estimated Hours: 5`, `Effort (days): 2`, `工时(小时): 3`): its unit word, or null. */
export function unitOfLabel(label: string): string | null {
  const m = /(?:^|[\s(（])(ms|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|w|小时|時間|시간|天|日|周|週|stunden|tage|horas|días|heures|jours)\)?\s*$/i.exec(label);
  return m ? m[1]! : null;
}

/** An estimate field's value read with its label: a bare number takes the label's unit. */
export function parseEstimateField(value: string, label: string): number | null {
  const unit = unitOfLabel(label);
  if (unit && /^\s*\d+(?:\.\d+)?(?:\s*[-–~]\s*\d+(?:\.\d+)?)?\s*$/.test(value)) return parseEstimate(`${value.trim()} ${unit}`);
  return parseEstimate(value);
}

/** Inline estimates in a title: `~30m`, `(2h)`, `estimate: 45 min`. Returns minutes and the title without it. */
export function takeInlineEstimate(title: string): { minutes: number | null; rest: string } {
  const patterns = [
    /\s*~\s*(\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|m|min|mins|minutes|h|hr|hrs|hours|d|days))\b/i,
    /\s*\((\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|m|min|mins|minutes|h|hr|hrs|hours|d|days))\)/i,
    /\s*\(?\b(?:estimate|est|time)\s*:\s*(\d+(?:\.\d+)?\s*(?:ms|s|sec|secs|m|min|mins|minutes|h|hr|hrs|hours|d|days))\b\)?/i,
  ];
  for (const re of patterns) {
    const m = re.exec(title);
    if (m) return { minutes: parseEstimate(m[1]!), rest: (title.slice(0, m.index) + title.slice(m.index + m[0].length)).trim() };
  }
  return { minutes: null, rest: title };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
