// The terminal view: finished events scroll above, and below them a block that is redrawn in place,
// one line per running task with its elapsed time, then the counts.
import type { TerminalInfo } from '../../io/terminal.js';
import { paint } from '../../io/terminal.js';
import { formatEvent, type ReportEvent, type Reporter, type StatusView } from './reporter.js';

const SPIN = ['|', '/', '-', '\\'];

/** The redrawn block. Pure, so it can be tested without a terminal. */
export function renderStatus(view: StatusView, now: number, width: number, term: TerminalInfo, frame = 0): string[] {
  const lines = view.running
    .slice()
    .sort((a, b) => a.slot - b.slot)
    .map((r) => {
      const secs = Math.max(0, Math.floor((now - r.startedAt) / 1000));
      const elapsed = secs >= 60 ? `${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, '0')}s` : `${secs}s`;
      return clip(`${SPIN[frame % SPIN.length]} ${r.id.padEnd(8)} ${elapsed.padStart(6)}  ${r.title}${r.where ? ` (${r.where})` : ''}`, width);
    });
  const c = view.counts;
  const parts = [`${c.done} done`, `${c.running} running`, `${c.waiting} waiting`, `${c.failed} failed`];
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  lines.push(paint(term, c.failed ? 'red' : 'dim', clip(parts.join(' · '), width)));
  return lines;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

export class LiveReporter implements Reporter {
  private drawn = 0;
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly term: TerminalInfo,
    private readonly status: () => StatusView | null,
  ) {
    this.timer = setInterval(() => this.redraw([]), 1000);
    this.timer.unref();
  }

  event(e: ReportEvent): void {
    // A start shows in the block below; only ends (and everything else) stay in the scrollback.
    this.redraw(e.kind === 'start' ? [] : formatEvent(e, this.term));
  }

  close(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.drawn > 0) this.out.write(`\u001b[${this.drawn}A\u001b[J`);
    this.drawn = 0;
  }

  private redraw(above: string[]): void {
    const view = this.status();
    const block = view ? renderStatus(view, Date.now(), (this.out.columns || 80) - 1, this.term, this.frame++) : [];
    this.clear();
    const text = [...above, ...block];
    if (text.length) this.out.write(text.join('\n') + '\n');
    this.drawn = block.length;
  }
}
