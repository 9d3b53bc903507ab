// squad release <task>: give a claim back so another session can take it.
import { str, taskCommand, TOKEN_OPTION, tokenFlag } from './context.js';

export const summary = 'give a claimed task back (holder only)';

const usage = `usage: squad release <task> [--as NAME] [--plan FILE] [--store URL] [--force REASON] [--token N] [--json]

Gives <task> back so another session can take it. Only the holder may; --force REASON overrides, recording it.
Exit codes: 0 released, 4 already done, 6 not the holder (or nobody holds it).`;

export async function run(argv: string[]): Promise<number> {
  return taskCommand({
    name: 'release',
    usage,
    argv,
    options: { ...TOKEN_OPTION, force: { type: 'string' } },
    act: (ctx, id, values) => ctx.store.release(id, ctx.session, { force: str(values, 'force'), token: tokenFlag(values) }),
    okLine: (_ctx, id) => `released ${id}`,
  });
}
