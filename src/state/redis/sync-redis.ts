// A synchronous Redis client: one worker thread holds an ioredis connection, and each call blocks the caller on a
// shared flag until the worker answers.
//
// Why synchronous: the coordination store's API is synchronous by design (its file store decides with link(2)
// and reads in the same turn, and `squad run`'s scheduler calls it between events without awaiting). A Redis
// store behind the same interface keeps every caller, and every rule in transitions.ts, unchanged. A local Redis
// answers in well under a millisecond, so blocking costs about what the file store's own syscalls do.
//
// The worker is CommonJS text evaluated in the thread (ioredis is CommonJS), so it runs the same from dist/, from
// the TypeScript sources under vitest and from a transpiled copy: nothing depends on where this file is built to.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { UserError } from '../../io/errors.js';

export type RedisReply = string | number | null | RedisReply[];

type Request =
  | { op: 'call' | 'ping'; cmd: string; args: (string | number)[] }
  | { op: 'eval'; script: string; keys: string[]; args: (string | number)[] }
  | { op: 'multi'; cmds: [string, ...(string | number)[]][] };

type Reply = { ok: true; value: RedisReply } | { ok: false; message: string };

const WORKER = String.raw`
const { workerData } = require('node:worker_threads');
const { Redis } = require(workerData.ioredis);
const flag = new Int32Array(workerData.flag);
const port = workerData.port;
// Reconnect for about half a minute (a Redis restart), then give up: calls then fail with the reason.
const redis = new Redis(workerData.url, {
  connectTimeout: 5000,
  maxRetriesPerRequest: null,
  retryStrategy: (n) => (n > 60 ? null : Math.min(100 * n, 1000)),
});
let lastError = null;
let everReady = false;
redis.on('error', (e) => { lastError = e; });
redis.on('ready', () => { everReady = true; });
port.on('message', async (req) => {
  let reply;
  try {
    let value;
    // The first PING fails at the first refused connection instead of waiting out the reconnects.
    if (req.op === 'ping' && !everReady) await new Promise((ok, fail) => { redis.once('ready', ok); redis.once('error', fail); });
    if (req.op === 'call' || req.op === 'ping') value = await redis.call(req.cmd, ...req.args);
    else if (req.op === 'eval') value = await redis.eval(req.script, req.keys.length, ...req.keys, ...req.args);
    else value = (await redis.multi(req.cmds).exec()).map(([err, v]) => { if (err) throw err; return v; });
    reply = { ok: true, value };
  } catch (e) {
    reply = { ok: false, message: String((e && e.message) || e) + (lastError && lastError !== e ? ' (' + lastError.message + ')' : '') };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export class SyncRedis {
  private readonly worker: Worker;
  private readonly port;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private broken: string | null = null;

  /** `url`: redis://host:port/db. `timeoutMs`: how long one call may wait (a Redis restart fits in it). */
  constructor(
    readonly url: string,
    private readonly timeoutMs = 30_000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const ioredis = createRequire(import.meta.url).resolve('ioredis');
    this.worker = new Worker(WORKER, { eval: true, workerData: { url, flag: this.flag.buffer, port: port2, ioredis }, transferList: [port2] });
    // Neither keeps a finished command alive; the connection dies with the process.
    this.worker.unref();
    port1.unref();
  }

  private ask(req: Request, timeoutMs = this.timeoutMs): RedisReply {
    if (this.broken) throw new UserError(this.broken);
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    if (Atomics.wait(this.flag, 0, 0, timeoutMs) === 'timed-out') {
      // A late answer would be taken for the next call's: this client is done.
      this.broken = `Redis at ${this.url} did not answer within ${Math.round(timeoutMs / 1000)} s; check that redis-server runs there (squad --store ${this.url})`;
      void this.worker.terminate();
      throw new UserError(this.broken);
    }
    // The flag can be seen before the reply reaches this end of the channel: wait for it a little (1 ms at a time).
    let got = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    for (let waited = 0; !got && waited < timeoutMs; waited++) {
      Atomics.wait(PAUSE, 0, 0, 1);
      got = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    }
    if (!got) throw new Error('sync-redis: woken without a reply');
    if (!got.ok) throw new UserError(`Redis at ${this.url}: ${got.message}`);
    return got.value;
  }

  call(cmd: string, ...args: (string | number)[]): RedisReply {
    return this.ask({ op: 'call', cmd, args });
  }

  /** One Lua script, run atomically by the server. */
  eval(script: string, keys: string[], args: (string | number)[]): RedisReply {
    return this.ask({ op: 'eval', script, keys, args });
  }

  /** Several commands in one MULTI/EXEC: applied together, answered together. */
  multi(cmds: [string, ...(string | number)[]][]): RedisReply[] {
    return this.ask({ op: 'multi', cmds }) as RedisReply[];
  }

  /** PING with a short limit, so a wrong URL is one clear line at once rather than a long wait. */
  ping(timeoutMs = 8000): void {
    try {
      this.ask({ op: 'ping', cmd: 'PING', args: [] }, timeoutMs);
    } catch (err) {
      throw new UserError(`cannot reach Redis at ${this.url} (${(err as Error).message.replace(/^Redis at \S+: /, '')}); start redis-server there or fix --store / SQUAD_STORE / store: in squad.config.yaml`);
    }
  }

  close(): void {
    void this.worker.terminate();
  }
}
