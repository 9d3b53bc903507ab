// The dashboard server without a browser: what it serves, that it only reads, whom it answers, how it reports a
// busy port or a bad flag, and that its event stream carries a claim and a rewritten plan.
import { request } from 'node:http';
import { createServer } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan, tempRepo } from '../state/plan-fixture.js';
import { openStore, type Session } from '../../src/state/index.js';
import { openSource } from '../../src/serve/source.js';
import { serveDashboard, type Dashboard } from '../../src/serve/server.js';
import { storeExtras } from '../../src/serve/extras.js';
import type { DashboardData } from '../../src/serve/model.js';

const CLI = resolve('dist/cli.js'); // `npm test` builds first (pretest)
const built = buildPlan([{ id: 'a', estimateMinutes: 10 }, { id: 'b', deps: ['a'], estimateMinutes: 20 }], 'docs/PRD.md', {
  groups: [{ name: 'api', tasks: ['a', 'b'] }],
});
const plan = { ...built, tasks: built.tasks.map((t) => ({ ...t, group: 'api' })) };
const alice: Session = { name: 'alice', pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(url: string, o: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((done, fail) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: o.method ?? 'GET', headers: o.host ? { host: o.host } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Reads the event stream; `next(pred)` waits (bounded) for a state event the predicate accepts. */
function subscribe(url: string) {
  const states: DashboardData[] = [];
  let buf = '';
  const req = request(new URL('events', url), (res) => {
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      buf += c;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = /^event: state\ndata: (.*)$/m.exec(block);
        if (data) states.push(JSON.parse(data[1]!) as DashboardData);
      }
    });
  });
  req.end();
  return {
    async next(pred: (d: DashboardData) => boolean, ms = 10_000): Promise<{ data: DashboardData; waitedMs: number }> {
      const start = Date.now();
      for (let i = 0; i < 10_000 && Date.now() - start < ms; i++) {
        const hit = states.find(pred);
        if (hit) return { data: hit, waitedMs: Date.now() - start };
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching state event within ${ms} ms (${states.length} seen)`);
    },
    close: () => req.destroy(),
  };
}

describe('the dashboard server', () => {
  let repo: ReturnType<typeof tempRepo>;
  let dash: Dashboard;
  beforeEach(async () => {
    repo = tempRepo(plan);
    dash = await serveDashboard(openSource({ cwd: repo.root, planFile: repo.planFile, extras: storeExtras }), { host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await dash.close();
    repo.cleanup();
  });

  it('serves the page, its script and style, and the data, with a policy that forbids anything from elsewhere', async () => {
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(dash.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/app.js" defer></script>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await get(dash.url + 'app.js')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await get(dash.url + 'style.css')).status).toBe(200);
    const data = JSON.parse((await get(dash.url + 'api/state')).body) as DashboardData;
    expect(data.tasks.map((t) => [t.id, t.state, t.box])).toEqual([['a', 'available', 'api'], ['b', 'waiting', 'api']]);
    expect(data.layout.groups.map((g) => g.name)).toEqual(['api']);
    expect((await get(dash.url + '../package.json')).status).toBe(404);
    expect((await get(dash.url + 'nope')).status).toBe(404);
  });

  it('is read-only (405 for anything but GET and HEAD) and answers only requests addressed to localhost', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await get(dash.url, { method })).status).toBe(405);
    // Serving and reading the state wrote nothing: no coordination folder, not even a heartbeat.
    expect((await get(dash.url + 'api/state')).status).toBe(200);
    expect(existsSync(join(repo.root, '.squad'))).toBe(false);
    expect((await get(dash.url, { host: 'attacker.example' })).status).toBe(421);
    const port = new URL(dash.url).port;
    expect((await get(dash.url, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('pushes a claim over the event stream within two seconds, and a plan rewritten by `squad add` with its new task', async () => {
    const stream = subscribe(dash.url);
    try {
      await stream.next((d) => d.tasks[0]!.state === 'available');
      const store = openStore({ repoRoot: repo.root, plan, ttlMs: 60 * 60_000 });
      expect(store.tryClaim('a', alice).ok).toBe(true);
      const seen = await stream.next((d) => d.tasks[0]!.state === 'claimed');
      expect(seen.data.tasks[0]!.holder).toBe('alice');
      expect(seen.waitedMs).toBeLessThan(2000);
      const grown = buildPlan([{ id: 'a', estimateMinutes: 10 }, { id: 'b', deps: ['a'], estimateMinutes: 20 }, { id: 'c', deps: ['a'] }], 'docs/PRD.md');
      writeFileSync(repo.planFile, JSON.stringify(grown));
      const added = await stream.next((d) => d.tasks.some((t) => t.id === 'c'));
      expect(added.data.layout.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
      expect(added.data.tasks.find((t) => t.id === 'a')!.state).toBe('claimed');
    } finally {
      stream.close();
    }
  });
});

describe('squad status --serve flags', () => {
  let repo: ReturnType<typeof tempRepo>;
  beforeEach(() => (repo = tempRepo(plan)));
  afterEach(() => repo.cleanup());
  const squad = (...args: string[]) => execa('node', [CLI, ...args], { cwd: repo.root, reject: false, timeout: 60_000 });

  it('says in one line, exit 2, when --port is not a port or --port/--host come without --serve', async () => {
    const bad = await squad('status', '--serve', '--port', 'eighty');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe("squad status: --port must be a whole number from 0 to 65535 (0: a free port), got 'eighty'; see 'squad status --help'");
    const alone = await squad('status', '--port', '8080');
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toBe("squad status: --port and --host go with --serve; see 'squad status --help'");
  });

  it('says in one line, exit 1, when the port is taken or the host is not this machine', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await squad('status', '--serve', '--port', String(port));
      expect(busy.exitCode).toBe(1);
      expect(busy.stderr).toBe(`squad: --port ${port} on 127.0.0.1 is in use; pass another --port, or --port 0 for a free one`);
    } finally {
      taken.close();
    }
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): never an address of this machine.
    const foreign = await squad('status', '--serve', '--host', '192.0.2.7');
    expect(foreign.exitCode).toBe(1);
    expect(foreign.stderr).toBe("squad: --host 192.0.2.7 is not an address of this machine; leave it out for 127.0.0.1, or pass one of this machine's addresses");
  });
});
