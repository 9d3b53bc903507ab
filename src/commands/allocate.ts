// squad allocate <file>: compile a document into plans/ (plan.json, agent plans, report, graph).
import { existsSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compile, defaultRouting } from '../compile.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_KEYWORDS } from '../allocate/keywords.js';
import { emitPlanFiles } from '../emit/index.js';
import { createInBeads } from '../trackers/beads/graph.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { UserError, UsageError } from '../io/errors.js';
import { paint, terminalInfo } from '../io/terminal.js';
import { choiceFlag, intFlag, parseFlags } from './args.js';
import type { Config } from '../config/schema.js';
import type { RoutingTable } from '../allocate/route.js';

export const summary = 'compile a PRD or task list into plans/ (plan.json, one plan per agent, report, graph)';

const USAGE = 'usage: squad allocate <file> [--out DIR] [--json] [--agents N] [--order auto|document|explicit] [--config squad.config.yaml] [--tag NAME] [--beads]';

export function routingFromConfig(config: Config): RoutingTable {
  const base = defaultRouting();
  const keywords = config.routing.mode === 'replace' ? {} : { ...DEFAULT_KEYWORDS };
  for (const [agent, words] of Object.entries(config.routing.keywords)) {
    keywords[agent] = config.routing.mode === 'replace' ? words : [...(keywords[agent] ?? []), ...words];
  }
  return { keywords: Object.keys(keywords).length ? keywords : base.keywords, defaultAgent: config.routing.default };
}

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
  const order = choiceFlag(values.order, 'order', ['auto', 'document', 'explicit'] as const, 'auto');
  const agents = intFlag(values.agents, 'agents', 1, 64);
  const outDir = values.out ?? 'plans';
  const { config } = loadConfig(values.config);

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory; name a markdown or tasks.json file' : `cannot read (${code})`, file);
  }
  const plan = compile(text, {
    file,
    order,
    agents,
    routing: routingFromConfig(config),
    redZones: config.redZones,
    repoRoot: process.cwd(),
    tag: values.tag ?? null,
  });

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
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
