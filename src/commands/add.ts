// squad add "<title>": add a task to the compiled plan while work goes on. The plan is compiled again from its
// source with every added task (graph/added-tasks.ts), checked like any plan, and written as a new revision;
// a running `squad run` picks the task up, and `squad next` offers it at once.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compile } from '../compile.js';
import { compileOptions, readSource } from './source-input.js';
import { parseFlags } from './args.js';
import { revise, revisionOf, writePlanFiles } from './plan-revision.js';
import { DEFAULT_PLAN_FILE, loadPlanFile } from '../plan/load.js';
import { currentSession } from '../state/index.js';
import { parseEstimate } from '../model/estimate.js';
import { checkRepoPath } from '../model/paths.js';
import { UserError, UsageError } from '../io/errors.js';
import type { AddedTask } from '../graph/added-tasks.js';

export const summary = 'add a task to the compiled plan (a new revision; a running squad run picks it up)';

const USAGE = `usage: squad add "<title>" [--id ID] [--after ID,...] [--group G] [--agent TYPE] [--files a,b] [--run CMD]
                 [--estimate 30m] [--as NAME] [--plan FILE] [--config FILE] [--json]

Adds a task to plans/plan.json, compiled again from its source document with every task added so far, and checked
like a compiled task: unknown ids, paths outside the repository, ownership conflicts (an exclusion, as allocate
records). It waits only for the tasks named with --after. Without --id it gets the next free id of the plan's style.
Re-running 'squad allocate' on the document keeps added tasks. Exit codes: 0 added, 1 bad input, 2 bad flags.`;

/** Ids a user may give: they become folder names and reach trackers, so plain words only. */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('add', argv, {
    id: { type: 'string' },
    after: { type: 'string' },
    group: { type: 'string' },
    agent: { type: 'string' },
    files: { type: 'string' },
    run: { type: 'string' },
    estimate: { type: 'string' },
    as: { type: 'string' },
    plan: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || !positionals[0]!.trim()) throw new UsageError('give the task\'s title, in quotes: squad add "<title>"');
  const cwd = process.cwd();
  const planFile = values.plan ?? DEFAULT_PLAN_FILE;
  const outDir = dirname(resolve(cwd, planFile));

  const { config } = compileOptions(planFile, { config: values.config });
  // Loaded and checked as every command loads a plan; it names the source and the tasks added so far.
  const plan = loadPlanFile(resolve(cwd, planFile), cwd);
  const probe = revisionOf(plan, cwd, config);
  const ids = new Set(plan.tasks.map((t) => t.id));

  const id = values.id ?? nextId([...ids]);
  if (!TASK_ID.test(id)) throw new UsageError(`--id ${JSON.stringify(id)} is not a task id: letters, digits, '.', '_' and '-', starting with a letter or digit`);
  if (ids.has(id)) throw new UserError(`task ${id} is already in the plan; pick another --id`, planFile);
  const after = list(values.after);
  for (const d of after) if (!ids.has(d)) throw new UserError(`--after ${d}: no such task in the plan; 'squad status' lists them`, planFile);
  const estimate = values.estimate === undefined ? null : parseEstimate(values.estimate);
  if (values.estimate !== undefined && estimate === null) throw new UsageError(`--estimate ${JSON.stringify(values.estimate)} is not a duration (30m, 2h, 1d)`);
  const files = list(values.files).map((path) => {
    const check = checkRepoPath(path, cwd);
    if (!check.ok) throw new UserError(`--files ${path} ${check.reason}; squad only plans files inside the repository`, planFile);
    return { path: check.path, access: existsSync(resolve(cwd, check.path)) ? ('modify' as const) : ('create' as const) };
  });
  const task: AddedTask = {
    id,
    title: positionals[0]!.trim(),
    after,
    group: values.group ?? null,
    agent: values.agent ?? null,
    files,
    run: values.run ?? null,
    estimateMinutes: estimate,
    by: currentSession(values.as).name,
    at: new Date().toISOString(),
  };

  const source = plan.source;
  const text = readSource(resolve(cwd, source));
  // Compiled as allocate compiled it: its order, lane count and Task Master tag.
  const tag = plan.compiledWith?.tag ?? plan.tasks.find((t) => t.origin.kind === 'taskmaster')?.origin.tag ?? null;
  const { options } = compileOptions(source, { config: values.config, order: plan.order.requested, tag: tag ?? undefined });
  const compiledWith = { agents: plan.compiledWith?.agents ?? null, tag: plan.compiledWith?.tag ?? null };
  const compiled = compile(text, { ...options, agents: compiledWith.agents, added: [...probe.added, task], learned: probe.learned });
  const next = revise(compiled, probe, source, compiledWith);
  writePlanFiles(outDir, next);

  const added = next.tasks.find((t) => t.id === id)!;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ task: added, revision: next.revision, plan: planFile }, null, 2)}\n`);
  } else {
    const waits = added.deps.length ? `after ${added.deps.join(', ')}` : 'ready at once';
    process.stdout.write(`added ${id}: ${added.title} (${added.agent} on ${added.agentId}, ${waits}); ${planFile} revision ${next.revision}\n`);
    if (next.sourceHash !== plan.sourceHash) process.stderr.write(`${source}: note: the document changed since the plan was compiled; this revision reads it as it is now\n`);
  }
  const mine = next.warnings.filter((w) => w.message.includes(id));
  for (const w of mine) process.stderr.write(`${source}: warning: ${w.message}\n`);
  return 0;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The next id in the plan's own style: the most common prefix followed by digits (`T001` -> `T012`, zero-padded as
 * the plan pads), or `A1`, `A2` ... when the plan's ids have no such style.
 */
export function nextId(ids: string[]): string {
  const styles = new Map<string, { count: number; max: number; width: number }>();
  for (const id of ids) {
    const m = /^([A-Za-z][A-Za-z_-]*)(\d+)$/.exec(id);
    if (!m) continue;
    const s = styles.get(m[1]!) ?? { count: 0, max: 0, width: 0 };
    styles.set(m[1]!, { count: s.count + 1, max: Math.max(s.max, Number(m[2])), width: Math.max(s.width, m[2]!.length) });
  }
  const best = [...styles].sort((a, b) => b[1].count - a[1].count)[0];
  const taken = new Set(ids);
  const [prefix, from, width] = best ? [best[0], best[1].max + 1, best[1].width] : ['A', 1, 1];
  for (let n = from; ; n++) {
    const id = `${prefix}${String(n).padStart(width, '0')}`;
    if (!taken.has(id)) return id;
  }
}
