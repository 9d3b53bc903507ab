// Where a line of text names an id as a whole token: `T001` is not in `T0011`, `1` is not in `1.2`. Pure.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Index of the first whole-token mention of `id` in `text`, or -1. */
export function mentionAt(text: string, id: string): number {
  const m = new RegExp(`(^|[^\\w.-])${escape(id)}(?![\\w-]|\\.\\w)`).exec(text);
  return m ? m.index + m[1]!.length : -1;
}

export function mentionsId(text: string, id: string): boolean {
  return mentionAt(text, id) >= 0;
}
