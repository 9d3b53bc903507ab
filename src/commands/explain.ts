// squad explain <file>: how squad read the document. Every task with the lines and rules behind each fact, then
// every line that looked like a task or a dependency but was not taken, and why. Writes nothing.
import { compileWithReading } from '../compile.js';
import { explain, renderExplain } from '../emit/explain.js';
import { UsageError, UserError } from '../io/errors.js';
import { parseFlags } from './args.js';
import { compileOptions, readSource } from './source-input.js';

export const summary = 'show how a document was read: each task\'s facts with their lines and rules, and the lines not taken';

const USAGE = 'usage: squad explain <file> [--task ID] [--json] [--order auto|document|explicit] [--config squad.config.yaml] [--tag NAME]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('explain', argv, {
    task: { type: 'string' },
    json: { type: 'boolean' },
    order: { type: 'string' },
    config: { type: 'string' },
    tag: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n\n${summary}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one document (squad explain <file>)');
  const file = positionals[0]!;
  const { options } = compileOptions(file, values);
  const reading = compileWithReading(readSource(file), options);
  const only = values.task ?? null;
  if (only !== null && !reading.plan.tasks.some((t) => t.id === only)) {
    throw new UserError(`no task ${only} in this document; squad explain ${file} lists the ids it read`, file);
  }
  const e = explain(reading, only);
  process.stdout.write(values.json ? JSON.stringify(e, null, 2) + '\n' : renderExplain(e));
  return 0;
}
