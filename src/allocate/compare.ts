// Locale-independent string order: localeCompare depends on the machine's locale, and squad's output must be
// byte-identical everywhere.
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
