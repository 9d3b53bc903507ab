// `squad status --serve`: check the flags, start the dashboard, print its URL on one line, and stop cleanly on
// Ctrl-C (or SIGTERM): open event streams are ended and the port is freed before the command returns 0.
import { resolve } from 'node:path';
import { UsageError } from '../io/errors.js';
import { DEFAULT_PLAN_FILE } from '../plan/load.js';
import { openSource } from './source.js';
import { serveDashboard } from './server.js';
import { dashboardExtras } from './extras.js';

export const DEFAULT_HOST = '127.0.0.1';

export function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`status: --port must be a whole number from 0 to 65535 (0: a free port), got '${text}'`);
  return n;
}

export async function serve(o: { cwd: string; plan?: string; config?: string; store?: string; port?: string; host?: string }): Promise<number> {
  const port = parsePort(o.port);
  const host = o.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError(`status: --host needs an address, e.g. ${DEFAULT_HOST}`);
  const planFile = resolve(o.cwd, o.plan ?? DEFAULT_PLAN_FILE);
  const source = openSource({ cwd: o.cwd, planFile, config: o.config, store: o.store, extras: dashboardExtras({ repoRoot: o.cwd, planPath: planFile }) });
  const dashboard = await serveDashboard(source, { host, port });
  process.stdout.write(`${dashboard.url}\n`);
  process.stderr.write(`squad status: serving the dashboard read-only; Ctrl-C stops it\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await dashboard.close();
  return 0;
}
