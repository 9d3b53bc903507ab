// squad done <task>: finish a task this session holds; records how long it took.
import { formatDuration, str, taskCommand, TOKEN_OPTION, tokenFlag } from './context.js';

export const summary = 'mark a task done (holder only); records its duration';

const usage = `usage: squad done <task> [--note TEXT] [--as NAME] [--plan FILE] [--store URL] [--force REASON] [--token N] [--json]

Marks <task> done. Only the session holding it may; --force REASON overrides, recording REASON and the holder.
The duration (from start, or from claim when never started) is recorded. Repeating it is harmless.
--note TEXT also attaches TEXT as a handoff note (as 'squad note' does): the prompts of dependent tasks list it.
Exit codes: 0 done, 4 already done by another session, 6 not the holder (or nobody holds it).`;

export async function run(argv: string[]): Promise<number> {
  return taskCommand({
    name: 'done',
    usage,
    argv,
    options: { ...TOKEN_OPTION, force: { type: 'string' }, note: { type: 'string' } },
    act: (ctx, id, values) => {
      const note = str(values, 'note')?.trim() || undefined;
      const done = ctx.store.markDone(id, ctx.session, { force: str(values, 'force'), token: tokenFlag(values), note });
      // The handoff note is its own entry, after the done is durable: a crash between the two loses the note, never the done.
      if (done.ok && done.changed && note) {
        const noted = ctx.store.addNote(id, ctx.session, note);
        if (!noted.ok) return noted;
        return { ...done, task: noted.task }; // the task as it stands now, its new note included
      }
      return done;
    },
    okLine: (ctx, id, r) => (r.changed ? `done ${id} (${formatDuration(r.task.durationMs)})` : `${id}: already done`),
  });
}
