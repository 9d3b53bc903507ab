// Reading bd's JSON output, in every shape it comes in. Pure.
// - `bd show --json` prints an array (cmd/bd/show.go) although the docs say one object: accept both.
// - With BD_JSON_ENVELOPE=1 every output is `{"schema_version":1,"data":...}`.
// - `bd close --json` prints the closed issues (or `{closed, unblocked}` with --suggest-next); refusals go to
//   stderr, as text lines or as one JSON line `{"error", "failed":[{"id","error"}]}`.

import { mentionAt } from '../mentions.js';

export interface BdIssue {
  id: string;
  status: string;
  title?: string;
}

/** Parse stdout as JSON; null when it is not JSON (an empty output, a text error). */
export function parseJson(text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strip the envelope when there is one. */
export function unwrap(v: unknown): unknown {
  return isRecord(v) && 'schema_version' in v && 'data' in v ? v.data : v;
}

function asIssue(v: unknown): BdIssue | null {
  return isRecord(v) && typeof v.id === 'string' ? { id: v.id, status: typeof v.status === 'string' ? v.status : 'unknown', title: typeof v.title === 'string' ? v.title : undefined } : null;
}

/** Issues in a show/close/list output: an array, one object, `{closed: [...]}`, or any of those in an envelope. */
export function issuesOf(output: unknown): BdIssue[] {
  const v = unwrap(output);
  const list = Array.isArray(v) ? v : isRecord(v) && Array.isArray(v.closed) ? v.closed : isRecord(v) && Array.isArray(v.issues) ? v.issues : [v];
  return list.map(asIssue).filter((i): i is BdIssue => i !== null);
}

/** `bd create --graph --json`: key -> bd id. */
export function graphIds(output: unknown): Record<string, string> | null {
  const v = unwrap(output);
  if (!isRecord(v) || !isRecord(v.ids)) return null;
  const out: Record<string, string> = {};
  for (const [k, id] of Object.entries(v.ids)) if (typeof id === 'string') out[k] = id;
  return out;
}

/** Per-id refusals from stderr: bd's JSON failure report when present, else the text lines that name the id. */
export function refusals(stderr: string, ids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const line of lines) {
    const v = unwrap(parseJson(line));
    if (isRecord(v) && Array.isArray(v.failed)) {
      for (const f of v.failed) if (isRecord(f) && typeof f.id === 'string' && typeof f.error === 'string') out.set(f.id, f.error);
    }
  }
  // A text refusal is about the first asked id it names: 'bd-2 is blocked by [bd-1]' is bd-2's line.
  for (const line of lines) {
    if (line.startsWith('{')) continue;
    const named = ids.map((id) => ({ id, at: mentionAt(line, id) })).filter((x) => x.at >= 0).sort((a, b) => a.at - b.at)[0];
    if (named && !out.has(named.id)) out.set(named.id, line);
  }
  return out;
}

/** The error bd printed, for one-line messages: its JSON `error` field, else the first stderr line. */
export function errorText(stderr: string): string {
  for (const line of stderr.split('\n')) {
    const v = unwrap(parseJson(line));
    if (isRecord(v) && typeof v.error === 'string') return v.error;
  }
  return stderr.split('\n').map((l) => l.trim()).find(Boolean) ?? 'no message';
}
