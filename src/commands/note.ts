// squad note <task> "<text>": attach a handoff note to a task, for the agents and people who pick up what depends on it.
import { COMMON_OPTIONS, EXIT, openContext, parseFlags, report, str } from './context.js';
import { UsageError } from '../io/errors.js';

export const summary = 'attach a handoff note to a task; the prompts of the tasks that depend on it list it';

const usage = `usage: squad note <task> "<text>" [--as NAME] [--plan FILE] [--store URL] [--json]

Attaches a note (who, when) to <task>, whatever its state and whoever holds it. The prompt file of every task that
depends on <task> lists its notes ("T003 (alice): the API returns cents, not dollars"); 'squad status' shows them.
'squad done <task> --note "<text>"' does the same when finishing. Exit codes: 0 noted, 1 unknown task, 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('note', argv, { ...COMMON_OPTIONS });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`expected a task id and the note's text, got ${positionals.length} argument(s); usage: squad note <task> "<text>"`);
  const [id, text] = positionals as [string, string];
  if (text.trim() === '') throw new UsageError('the note has no text');
  const ctx = openContext({ plan: str(values, 'plan'), as: str(values, 'as'), config: str(values, 'config'), store: str(values, 'store'), json: values.json === true });
  return report(ctx, ctx.store.addNote(id, ctx.session, text.trim()), () => `noted on ${id} as ${ctx.session.name}`);
}
