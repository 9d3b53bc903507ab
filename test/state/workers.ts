// Spawn and talk to worker.mjs processes: send a message, await the next reply line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../../src/plan/schema.js';
import type { Session } from '../../src/state/index.js';
import { compileSrc } from './compiled-src.js';

export type Reply = Record<string, unknown> & { op: string };

export class Worker {
  private queue: Array<(r: Reply) => void> = [];
  session!: Session;
  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => this.queue.shift()?.(JSON.parse(line) as Reply));
    proc.stderr.on('data', (d: Buffer) => process.stderr.write(`[worker ${proc.pid}] ${d}`));
  }

  /** Send one message; resolves with the reply (replies come back in order). */
  ask(msg: object): Promise<Reply> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.proc.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  /** Fire without waiting: used to release a barrier to every worker at once. */
  send(msg: object): Promise<Reply> {
    return this.ask(msg);
  }

  async kill9(): Promise<void> {
    const exited = once(this.proc, 'exit');
    this.proc.kill('SIGKILL');
    await exited; // reaped: the pid is really gone, not a zombie
  }

  async close(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = once(this.proc, 'exit');
    this.proc.stdin.write(JSON.stringify({ op: 'exit' }) + '\n');
    await exited;
  }
}

const workerSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs'), 'utf8');

/** Transpiled src/ plus worker.mjs in one temp folder. */
export function workerBundle() {
  return compileSrc({ 'worker.mjs': workerSource });
}

export async function startWorkers(bundleRoot: string, n: number, init: { repoRoot: string; plan: Plan; ttlMs: number; name: (i: number) => string; storeUrl?: string }): Promise<Worker[]> {
  const workers = Array.from({ length: n }, () => new Worker(spawn(process.execPath, [join(bundleRoot, 'worker.mjs')], { stdio: 'pipe' })));
  await Promise.all(
    workers.map(async (w, i) => {
      const r = await w.ask({ op: 'init', repoRoot: init.repoRoot, plan: init.plan, ttlMs: init.ttlMs, name: init.name(i), storeUrl: init.storeUrl });
      w.session = r.session as Session;
    }),
  );
  return workers;
}
