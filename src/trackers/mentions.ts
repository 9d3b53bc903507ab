// Does a line of text name an id as a whole token? `T001` is not in `T0011`, `1` is not in `1.2`. Pure.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function mentionsId(text: string, id: string): boolean {
  return new RegExp(`(^|[^\\w.-])${escape(id)}(?![\\w-]|\\.\\w)`).test(text);
}
