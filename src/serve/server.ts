// The dashboard's HTTP server (node:http, no framework): the page's three static files, the data as JSON, and a
// server-sent-events stream that sends the data again whenever the store's journal or the plan changes. Read-only:
// GET and HEAD only. Bound to 127.0.0.1 unless told otherwise, and it answers only requests addressed to the host it
// was bound to (or localhost), so a web page elsewhere cannot reach it through DNS rebinding.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { UserError } from '../io/errors.js';
import type { Source } from './source.js';

/** The page's files, by URL path: a fixed list, so no request path ever reaches the file system. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

// The page loads nothing from anywhere else, and the browser is told so.
const SECURITY = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const POLL_MS = 200;
/** Heartbeats age without any journal line (a holder going stale): refresh now and then all the same. */
const REFRESH_MS = 10_000;
/** An SSE comment line keeps idle connections from being closed by proxies or the browser. */
const KEEPALIVE_MS = 15_000;

export type Dashboard = { url: string; close(): Promise<void> };

/** The page's files as they ship: next to this module (src/serve/page in the repo, dist/serve/page once built). */
function readAsset(name: string): Buffer {
  return readFileSync(new URL(`./page/${name}`, import.meta.url));
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Host header names this server answers to: the bound host, and localhost when bound to loopback. */
function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host, host.includes(':') ? `[${host}]` : host]);
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') for (const n of ['localhost', '127.0.0.1', '[::1]']) names.add(n);
  return new Set([...names].flatMap((n) => [n, `${n}:${port}`]));
}

/** Why the server could not listen, and what to do, in one line. */
function listenProblem(err: NodeJS.ErrnoException, o: { host: string; port: number }): string {
  switch (err.code) {
    case 'EADDRINUSE':
      return `--port ${o.port} on ${o.host} is in use; pass another --port, or --port 0 for a free one`;
    case 'EACCES':
      return `--port ${o.port} needs more privileges than squad has; pass a port above 1023, or --port 0 for a free one`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `--host ${o.host} is not an address of this machine; leave it out for 127.0.0.1, or pass one of this machine's addresses`;
    default:
      return `cannot listen on ${o.host} port ${o.port} (${err.message}); try --port 0 and the default --host`;
  }
}

export async function serveDashboard(source: Source, o: { host: string; port: number }): Promise<Dashboard> {
  const clients = new Set<ServerResponse>();
  let hosts = new Set<string>();
  const anyHost = o.host === '0.0.0.0' || o.host === '::';

  function send(res: ServerResponse, body: string): void {
    res.write(`event: state\ndata: ${body}\n\n`);
  }

  function broadcast(): void {
    if (clients.size === 0) return;
    let body: string;
    try {
      body = JSON.stringify(source.data());
    } catch {
      return; // a state file mid-repair: the next change or refresh tries again
    }
    for (const res of clients) send(res, body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (!anyHost && !hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('read-only\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const asset = ASSETS[path];
    if (asset) {
      res.writeHead(200, { 'content-type': asset.type, ...SECURITY }).end(req.method === 'HEAD' ? undefined : readAsset(asset.file));
      return;
    }
    if (path === '/api/state') {
      let body: string;
      try {
        body = JSON.stringify(source.data());
      } catch (err) {
        res.writeHead(503, { 'content-type': 'text/plain', ...SECURITY }).end(`${(err as Error).message}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...SECURITY }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', ...SECURITY });
      res.write('retry: 1000\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      try {
        send(res, JSON.stringify(source.data()));
      } catch {
        /* sent on the next change */
      }
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain', ...SECURITY }).end('not found\n');
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UserError(listenProblem(err, o))));
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(o.host, port);

  const poll = setInterval(() => {
    try {
      if (source.changed()) broadcast();
    } catch {
      /* a state folder being removed under us: the next poll tries again */
    }
  }, POLL_MS);
  const refresh = setInterval(broadcast, REFRESH_MS);
  const keepalive = setInterval(() => {
    for (const res of clients) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);

  return {
    url: urlOf(o.host, port),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(poll);
        clearInterval(refresh);
        clearInterval(keepalive);
        for (const res of clients) res.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
