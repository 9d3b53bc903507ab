// squad start <task>: mark a task in progress (claims it first when nobody holds it).
import { str, taskCommand, TOKEN_OPTION, tokenFlag } from './context.js';

export const summary = 'mark a task in progress (holder only; claims it first if unclaimed)';

const usage = `usage: squad start <task> [--as NAME] [--plan FILE] [--store URL] [--force REASON] [--token N] [--json]

Marks <task> in progress for this session, claiming it first when unclaimed (same rules as 'squad claim').
Only the holder may start a claimed task; --force REASON overrides, recording REASON and the holder overridden.
Exit codes: 0 started, 3 held by another session, 4 already done, 5 waiting on dependencies.`;

export async function run(argv: string[]): Promise<number> {
  return taskCommand({
    name: 'start',
    usage,
    argv,
    options: { ...TOKEN_OPTION, force: { type: 'string' } },
    act: (ctx, id, values) => ctx.store.start(id, ctx.session, { force: str(values, 'force'), token: tokenFlag(values) }),
    okLine: (ctx, id, r) => (r.changed ? `started ${id} as ${ctx.session.name}` : `${id}: already in progress (${ctx.session.name})`),
  });
}
