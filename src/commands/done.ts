// squad done <task>: finish a task this session holds; records how long it took.
import { formatDuration, str, taskCommand } from '../state/cli-context.js';

export const summary = 'mark a task done (holder only); records its duration';

const usage = `usage: squad done <task> [--note TEXT] [--as NAME] [--plan FILE] [--force REASON] [--json]

Marks <task> done. Only the session holding it may; --force REASON overrides, recording REASON and the holder.
The duration (from start, or from claim when never started) is recorded. Repeating it is harmless.
Exit codes: 0 done, 4 already done by another session, 6 not the holder (or nobody holds it).`;

export async function run(argv: string[]): Promise<number> {
  return taskCommand({
    name: 'done',
    usage,
    argv,
    options: { force: { type: 'string' }, note: { type: 'string' } },
    act: (ctx, id, values) => ctx.store.markDone(id, ctx.session, { force: str(values, 'force'), note: str(values, 'note') }),
    okLine: (ctx, id, r) => (r.changed ? `done ${id} (${formatDuration(r.task.durationMs)})` : `${id}: already done`),
  });
}
