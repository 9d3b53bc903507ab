// Per-task limits: a wall-clock timeout and an inactivity timeout (no new output for N ms). One timer
// checks every watched group; a group over a limit is stopped whole (SIGTERM, SIGKILL after grace).
// The same tick scans /proc (at most every TRACK_MS) so each group remembers its processes while they run:
// one that leaves the group and loses its parent can still be found when the task ends (escapees.ts).
import type { GroupProcess } from './process-group.js';
import { scanProcesses } from './proc.js';

/** Least time between two /proc scans for descendants: a scan reads one small file per process. */
const TRACK_MS = 250;

export interface Limits {
  /** Wall-clock limit per task, ms; null for none. */
  taskMs: number | null;
  /** Longest silence allowed, ms; null for none. */
  inactivityMs: number | null;
}

interface Watched {
  group: GroupProcess;
  startedAt: number;
  lastSize: number;
  lastOutputAt: number;
}

export class Watchdog {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;
  private readonly periodMs: number;
  private lastScan = 0;

  constructor(private readonly limits: Limits, private readonly now: () => number = Date.now) {
    // Check often enough that a limit is overrun by at most a quarter, but not more than once per 20 ms.
    const shortest = Math.min(limits.taskMs ?? Infinity, limits.inactivityMs ?? Infinity);
    this.periodMs = Number.isFinite(shortest) ? Math.max(20, Math.min(1000, Math.floor(shortest / 4))) : 1000;
  }

  watch(group: GroupProcess): void {
    const t = this.now();
    const w: Watched = { group, startedAt: t, lastSize: group.outputSize(), lastOutputAt: t };
    this.watched.add(w);
    void group.done.then(() => {
      this.watched.delete(w);
      if (this.watched.size === 0) this.pause();
    });
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.periodMs);
      this.timer.unref();
    }
  }

  check(): void {
    this.track();
    const t = this.now();
    for (const w of this.watched) {
      if (w.group.stopping) continue;
      const size = w.group.outputSize();
      if (size !== w.lastSize) {
        w.lastSize = size;
        w.lastOutputAt = t;
      }
      if (this.limits.taskMs !== null && t - w.startedAt >= this.limits.taskMs) w.group.stop('timeout');
      else if (this.limits.inactivityMs !== null && t - w.lastOutputAt >= this.limits.inactivityMs) w.group.stop('inactivity');
    }
  }

  /** One /proc scan for every watched group (real time, not the injectable clock: it paces real reads). */
  private track(): void {
    if (process.platform !== 'linux' || Date.now() - this.lastScan < TRACK_MS) return;
    this.lastScan = Date.now();
    const snapshot = scanProcesses();
    for (const w of this.watched) w.group.observe(snapshot);
  }

  private pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
