// squad heartbeat: "still here" for this session, keeping its claims from going stale.
import { COMMON_OPTIONS, EXIT, openContext, parseFlags } from './context.js';
import { sameSession } from '../state/session.js';
import { UsageError } from '../io/errors.js';

export const summary = "refresh this session's claims (any squad command also does)";

const usage = `usage: squad heartbeat [--as NAME] [--plan FILE] [--store URL] [--json]

Refreshes every claim this session holds, so none goes stale (claims.ttlMinutes without a heartbeat, default 5).
Every other squad command run by the session does the same. Exit code: 0.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('heartbeat', argv, COMMON_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`heartbeat: takes no task id; usage: squad heartbeat [--as NAME]`);
  if (values.help) {
    process.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  const ctx = openContext(values);
  const held = ctx.store
    .snapshot()
    .filter((v) => v.holder !== null && sameSession(v.holder, ctx.session))
    .map((v) => v.id);
  if (ctx.json) process.stdout.write(JSON.stringify({ session: ctx.session, holds: held }, null, 2) + '\n');
  else process.stdout.write(`heartbeat: ${ctx.session.name} holds ${held.length ? held.join(', ') : 'nothing'}\n`);
  return EXIT.ok;
}
