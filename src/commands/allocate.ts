// squad allocate <file>: compile a document into plans/ (plan.json, agent plans, report, graph).
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compile } from '../compile.js';
import { compileOptions, readSource } from './source-input.js';
import { emitPlanFiles } from '../emit/index.js';
import { createInBeads } from '../trackers/beads/graph.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { UsageError } from '../io/errors.js';
import { paint, terminalInfo } from '../io/terminal.js';
import { parseFlags } from './args.js';

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
  const { options } = compileOptions(file, values);
  const text = readSource(file);
  const plan = compile(text, options);

  // --beads: create the tasks and edges in beads (one transaction) and record their bd ids before plan.json is written.
  if (values.beads) for (const line of await createInBeads(plan, { cwd: process.cwd(), previousPlanFile: join(outDir, 'plan.json') })) process.stderr.write(`${line}\n`);
  const outputs = emitPlanFiles(plan);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir} is a file; name a directory (default plans/)`);
  for (const [name, content] of outputs) writeFileAtomic(join(outDir, name), content);
  // Agent plans of an earlier compile with more agents would mislead: remove them.
  if (existsSync(outDir)) {
    for (const name of readdirSync(outDir)) if (/^agent-\d+\.md$/.test(name) && !outputs.has(name)) unlinkSync(join(outDir, name));
  }

  if (values.json) {
    process.stdout.write(outputs.get('plan.json')!);
  } else {
    const term = terminalInfo();
    const rel = relative(process.cwd(), resolve(outDir)) || '.';
    process.stdout.write(
      `${paint(term, 'bold', plural(plan.tasks.length, 'task'))}, ${plural(plan.agents.length, 'agent')}, ${plan.order.mode} order; ` +
        `predicted ${plan.schedule.makespanMinutes}m against ${plan.schedule.soloMinutes}m alone -> ${rel}/\n`,
    );
    for (const a of plan.agents) process.stdout.write(`  ${a.id} ${a.type}: ${plural(a.tasks.length, 'task')}${a.owns.length ? `, owns ${a.owns.join(' ')}` : ''}\n`);
  }
  for (const w of plan.warnings) process.stderr.write(`${file}${w.line ? `:${w.line}` : ''}: warning: ${w.message}\n`);
  if (plan.warnings.length) process.stderr.write(`squad explain ${file} shows how each task and line was read\n`);
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
