// squad claim <task>: take a task for this session, atomically across processes.
import { str, taskCommand } from './context.js';
import { describeSession } from '../state/session.js';

export const summary = 'claim a task for this session (atomic across terminals and squad run)';

const usage = `usage: squad claim <task> [--as NAME] [--plan FILE] [--store URL] [--force REASON] [--json]

Takes <task> for this session. Of several sessions claiming at once exactly one wins; the others are told who
holds it and since when. A stale claim (holder's process gone, or no heartbeat within claims.ttlMinutes) is taken
over and logged. A task the plan keeps apart from one another live session holds (both write one file: the
plan's exclusions and mutexes, as squad run keeps them) is refused, naming the file and the holder.
--force REASON claims despite unfinished dependencies, a live holder or such a task, recording REASON.
Exit codes: 0 claimed, 1 kept apart from a held task (or bad input), 3 held by another session, 4 already done,
5 waiting on dependencies.`;

export async function run(argv: string[]): Promise<number> {
  return taskCommand({
    name: 'claim',
    usage,
    argv,
    options: { force: { type: 'string' } },
    act: (ctx, id, values) => ctx.store.tryClaim(id, ctx.session, { force: str(values, 'force') }),
    okLine: (ctx, id, r) => {
      const take = r.entry?.takeover;
      if (!r.changed) return `${id}: already yours (${ctx.session.name})`;
      if (take) {
        const why = take.why === 'ttl' ? `no heartbeat since ${take.lastSeen}` : 'its process is gone';
        return `claimed ${id} as ${ctx.session.name}, taking it over from ${describeSession(take.from)} (${why})`;
      }
      return `claimed ${id} as ${ctx.session.name} (token ${r.task.token})${r.entry?.force ? ` (forced: ${r.entry.force})` : ''}`;
    },
  });
}
