// A throwaway redis-server for tests: 127.0.0.1 only, a free port, its own folder, AOF with fsync always (what
// squad asks of a Redis it relies on), stopped by the test. `redisInstalled` lets a suite skip, saying why, on a
// machine without redis-server (.ci/run installs it, so CI always runs these tests).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll } from 'vitest';

export const redisInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
if (!redisInstalled) console.warn('redis-server is not installed: the Redis store tests are skipped (apt-get install redis-server)');

export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

export type RedisServer = { url: string; port: number; dir: string; stop(): Promise<void>; restart(): Promise<void>; cleanup(): Promise<void> };

/** Start redis-server and resolve once it says it accepts connections. `extra`: more config flags. */
export async function startRedis(extra: string[] = []): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'squad-redis-'));
  const port = await freePort();
  let proc: ChildProcess | null = null;
  async function start(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no', '--loglevel', 'notice', ...extra];
    const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) {
          p.stdout!.off('data', onData);
          p.stdout!.resume();
          resolve();
        }
      };
      p.stdout!.on('data', onData);
      p.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${out}`)));
    });
  }
  async function stop(): Promise<void> {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = once(p, 'exit');
    p.kill('SIGKILL'); // a crash, not a clean shutdown: what AOF must survive
    await exited;
  }
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    dir,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async cleanup() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One redis-server for the describe block that calls this: started before its tests (and before hooks registered
 * after this call), removed after them. The returned handle reads the live server.
 */
export function useRedis(): RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await server?.cleanup();
  });
  const live = (): RedisServer => {
    if (!server) throw new Error('redis-server is not started yet: use it inside a test or a later hook');
    return server;
  };
  return {
    get url() {
      return live().url;
    },
    get port() {
      return live().port;
    },
    get dir() {
      return live().dir;
    },
    stop: () => live().stop(),
    restart: () => live().restart(),
    cleanup: () => live().cleanup(),
  };
}
