// squad allocate <file>: compile a document into plans/ (plan.json, agent plans, report, graph).
import { join, relative, resolve } from 'node:path';
import { compile } from '../compile.js';
import { compileOptions, readSource } from './source-input.js';
import { createInBeads } from '../trackers/beads/graph.js';
import { UsageError } from '../io/errors.js';
import { previousRevision, revise, writePlanFiles } from './plan-revision.js';
import { paint, terminalInfo } from '../io/terminal.js';
import { parseFlags } from './args.js';
import { learnedLine } from '../plan/estimates.js';
import { minutes } from '../emit/format.js';

export const summary = 'compile a PRD or task list into plans/ (plan.json, one plan per agent, report, graph)';

const USAGE = 'usage: squad allocate <file> [--out DIR] [--json] [--agents N] [--order auto|document|explicit] [--config squad.config.yaml] [--tag NAME] [--beads]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('allocate', argv, {
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    agents: { type: 'string' },
    order: { type: 'string' },
    config: { type: 'string' },
    tag: { type: 'string' },
    beads: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n\n${summary}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`name exactly one document (squad allocate <file>)`);
  const file = positionals[0]!;
  const outDir = values.out ?? 'plans';
  const { options, config } = compileOptions(file, values);
  const text = readSource(file);
  // Compiling again beside a plan of the same document: its `squad add` tasks stay, and running or done tasks keep
  // their place (plan-revision.ts).
  const previous = previousRevision(outDir, file, process.cwd(), config);
  const plan = revise(compile(text, { ...options, added: previous?.added ?? [], learned: previous?.learned ?? null }), previous, file, { agents: options.agents ?? null, tag: options.tag ?? null });

  // --beads: create the tasks and edges in beads (one transaction) and record their bd ids before plan.json is written.
  if (values.beads) for (const line of await createInBeads(plan, { cwd: process.cwd(), previousPlanFile: join(outDir, 'plan.json') })) process.stderr.write(`${line}\n`);
  const outputs = writePlanFiles(outDir, plan);

  if (values.json) {
    process.stdout.write(outputs.get('plan.json')!);
  } else {
    const term = terminalInfo();
    const rel = relative(process.cwd(), resolve(outDir)) || '.';
    process.stdout.write(
      `${paint(term, 'bold', plural(plan.tasks.length, 'task'))}, ${plural(plan.agents.length, 'agent')}, ${plan.order.mode} order; ` +
        `predicted ${plan.schedule.makespanMinutes}m against ${plan.schedule.soloMinutes}m alone -> ${rel}/${plan.revision ? ` (revision ${plan.revision})` : ''}\n`,
    );
    const learned = learnedLine(plan.schedule.learned, minutes);
    if (learned) process.stdout.write(`  ${learned}\n`);
    for (const a of plan.agents) process.stdout.write(`  ${a.id} ${a.type}: ${plural(a.tasks.length, 'task')}${a.owns.length ? `, owns ${a.owns.join(' ')}` : ''}\n`);
  }
  for (const w of plan.warnings) process.stderr.write(`${file}${w.line ? `:${w.line}` : ''}: warning: ${w.message}\n`);
  if (plan.warnings.length) process.stderr.write(`squad explain ${file} shows how each task and line was read\n`);
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
