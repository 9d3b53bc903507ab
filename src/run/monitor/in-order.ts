// A task's end line is a promise to the reader: `done  T1` means T1's end is on disk, in the run record and in
// the claim store, and a kill -9 a moment later cannot lose it. Those writes are deferred (batched so slots do not
// wait on fsyncs: launch/claims.ts, record/record-file.ts), so the line is held until they land. Every event
// after a held one waits behind it, so the lines keep the order things happened in (no dependent's `start`
// above its dependency's `done`).
import type { ReportEvent, Reporter } from './reporter.js';

export interface OrderedReporter extends Reporter {
  /** Show `e` once the returned function is called (once what it says is durable), and nothing after it before. */
  hold(e: ReportEvent): () => void;
}

export class InOrder implements OrderedReporter {
  private readonly queue: { e: ReportEvent; ready: boolean }[] = [];

  constructor(private readonly inner: Reporter) {}

  event(e: ReportEvent): void {
    if (this.queue.length === 0) this.inner.event(e);
    else this.queue.push({ e, ready: true });
  }

  hold(e: ReportEvent): () => void {
    const item = { e, ready: false };
    this.queue.push(item);
    return () => {
      item.ready = true;
      while (this.queue[0]?.ready) this.inner.event(this.queue.shift()!.e);
    };
  }

  /**
   * The run is over. A line still held is an end whose writes never landed (the disk failed the run): it is not
   * shown as an end, only named, since `--resume` will run that task again.
   */
  close(): void {
    const unsure = this.queue.filter((q) => !q.ready).map((q) => ('id' in q.e ? q.e.id : '?'));
    for (const q of this.queue) if (q.ready) this.inner.event(q.e);
    this.queue.length = 0;
    if (unsure.length > 0) this.inner.event({ kind: 'warn', text: `not recorded as ended (the write did not complete): ${unsure.join(', ')}; 'squad run --resume' runs them again` });
    this.inner.close();
  }
}
