// Small formatting helpers shared by the markdown emitters.

export function minutes(m: number | null): string {
  if (m === null) return 'no estimate';
  if (m < 1) return `${Math.round(m * 60 * 1000) / 1000}s`;
  if (m < 60) return `${round1(m)}m`;
  return `${Math.floor(m / 60)}h${m % 60 ? `${String(Math.round(m % 60)).padStart(2, '0')}m` : ''}`;
}

export function clock(m: number): string {
  const h = Math.floor(m / 60);
  const mm = Math.round(m % 60);
  return `${String(h).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function where(line: number | null): string {
  return line ? `line ${line}` : 'whole document';
}
