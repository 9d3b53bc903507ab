// What the user sees while a run goes. Events come from the pipeline; a reporter turns them into a live
// view (terminal) or one plain line per event (CI, pipes, --json where they go to stderr).
import type { TerminalInfo } from '../../io/terminal.js';
import { paint } from '../../io/terminal.js';

export interface RunningView {
  id: string;
  title: string;
  slot: number;
  startedAt: number;
  /** Worktree isolation: where it works (`in .squad/worktrees/<run>/<task>`), or `merging`. */
  where?: string;
}

export interface StatusView {
  running: RunningView[];
  counts: { done: number; running: number; waiting: number; failed: number; skipped: number };
}

export type ReportEvent =
  | { kind: 'info'; text: string }
  | { kind: 'warn'; text: string }
  | { kind: 'phase'; group: string; phase: string; text: string }
  | { kind: 'start'; id: string; title: string; slot: number; attempt: number }
  | { kind: 'done'; id: string; ms: number; note?: string }
  | { kind: 'fail'; id: string; ms: number; why: string; log: string; tail: string[] }
  | { kind: 'skip'; ids: string[]; why: string }
  | { kind: 'result'; ok: boolean; text: string; tail?: string[] };

export interface Reporter {
  event(e: ReportEvent): void;
  /** Stop redrawing; called once at the end. */
  close(): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

/** The permanent line(s) for an event, shared by both reporters. */
export function formatEvent(e: ReportEvent, term: TerminalInfo): string[] {
  switch (e.kind) {
    case 'info':
      return [e.text];
    case 'warn':
      return [paint(term, 'yellow', `warning: ${e.text}`)];
    case 'phase':
      return [paint(term, 'bold', `[${e.group}] ${e.phase}: ${e.text}`)];
    case 'start':
      return [`start ${e.id} (slot ${e.slot + 1}${e.attempt > 1 ? `, attempt ${e.attempt}` : ''}) ${e.title}`];
    case 'done':
      // A note means someone else finished it: no duration of ours to show.
      return [paint(term, 'green', `done  ${e.id} ${e.note ?? seconds(e.ms)}`)];
    case 'fail':
      return [paint(term, 'red', `FAIL  ${e.id} ${seconds(e.ms)}: ${e.why}; log ${e.log}`), ...e.tail.map((l) => paint(term, 'dim', `  | ${l}`))];
    case 'skip':
      return [paint(term, 'yellow', `skip  ${e.ids.join(', ')}: ${e.why}`)];
    case 'result':
      return [paint(term, e.ok ? 'green' : 'red', e.text), ...(e.tail ?? []).map((l) => paint(term, 'dim', `  | ${l}`))];
  }
}

/** One line per event, nothing redrawn: for CI, pipes and logs. */
export class PlainReporter implements Reporter {
  private readonly t0 = Date.now();
  constructor(private readonly out: NodeJS.WritableStream, private readonly term: TerminalInfo) {}

  event(e: ReportEvent): void {
    const stamp = `[${seconds(Date.now() - this.t0).padStart(6)}]`;
    this.out.write(formatEvent(e, this.term).map((l, i) => (i === 0 ? `${stamp} ${l}` : `${' '.repeat(stamp.length)} ${l}`)).join('\n') + '\n');
  }

  close(): void {}
}
