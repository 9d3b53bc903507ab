// squad next: the best task for this session now, optionally claimed atomically.
import { COMMON_OPTIONS, EXIT, openContext, parseFlags, type Context } from './context.js';
import { claimBest, keptOutBy, rankNext, type NextChoice } from '../state/next-task.js';
import type { Session } from '../state/session.js';
import type { TaskView } from '../state/store.js';
import { UsageError } from '../io/errors.js';

export const summary = 'show (or --claim) the best ready task for this session';

const usage = `usage: squad next [--agent TYPE] [--claim] [--as NAME] [--plan FILE] [--store URL] [--json]

Prints the best task to do now: ready (dependencies done), unclaimed (or its claim is stale), not kept apart by
the plan from a task another session holds (both write one file), of agent type TYPE when given; longest
remaining critical path first. --claim takes it atomically; if another session got it first,
the next best is tried. Output starts with the task id, so 'squad next --claim | cut -d" " -f1' gives the id.
Exit codes: 0 a task, 7 nothing ready now (tasks remain, waiting or held), 8 every task is done.`;

function whyNothing(views: readonly TaskView[], agent: string | undefined, session: Session): string {
  const left = views.filter((v) => v.state !== 'done' && (agent === undefined || v.agent === agent));
  const held = left.filter((v) => v.state === 'claimed' || v.state === 'in_progress');
  const waiting = left.filter((v) => v.state === 'waiting');
  const apart = left.flatMap((v) => {
    const by = v.state === 'available' ? keptOutBy(v, session) : undefined;
    return by ? [`${v.id}: ${by.task} holds ${by.path}`] : [];
  });
  const failed = left.filter((v) => v.state === 'failed');
  const parts = [
    held.length > 0 ? `${held.length} held (${held.map((v) => `${v.id}: ${v.holder?.name}`).join(', ')})` : '',
    waiting.length > 0 ? `${waiting.length} waiting on dependencies` : '',
    apart.length > 0 ? `${apart.length} may not run beside a held task (${apart.join(', ')})` : '',
    failed.length > 0 ? `${failed.length} failed (claim one to retry it)` : '',
  ].filter(Boolean);
  const scope = agent ? ` for agent type '${agent}'` : '';
  return `nothing ready${scope} now${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function emit(ctx: Context, out: { task: TaskView | null; choice: NextChoice | null; claimed: boolean; message: string }): void {
  if (ctx.json) {
    process.stdout.write(JSON.stringify({ ...out, session: ctx.session }, null, 2) + '\n');
  } else if (out.task && out.choice) {
    const what = out.claimed ? `claimed as ${ctx.session.name}` : 'not claimed';
    process.stdout.write(`${out.task.id} ${out.task.title} (agent ${out.task.agent}, remaining path ${out.choice.remainingPath}; ${what})\n`);
  } else {
    process.stderr.write(`squad: ${out.message}\n`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('next', argv, {
    ...COMMON_OPTIONS,
    agent: { type: 'string' },
    claim: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`next: takes no task id (got '${positionals[0]}'); to take a given task use 'squad claim <task>'`);
  if (values.help) {
    process.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  const ctx = openContext(values);
  const views = ctx.store.snapshot();
  if (views.every((v) => v.state === 'done')) {
    emit(ctx, { task: null, choice: null, claimed: false, message: `all ${views.length} tasks are done` });
    return EXIT.allDone;
  }
  const choices = rankNext(ctx.store.plan, views, values.agent, ctx.session);
  if (!values.claim && choices[0]) {
    emit(ctx, { task: views.find((v) => v.id === choices[0]!.id)!, choice: choices[0], claimed: false, message: '' });
    return EXIT.ok;
  }
  const got = values.claim ? claimBest(ctx.store, ctx.session, choices) : null;
  if (got) {
    emit(ctx, { task: got.result.task, choice: got.choice, claimed: true, message: '' });
    return EXIT.ok;
  }
  emit(ctx, { task: null, choice: null, claimed: false, message: whyNothing(ctx.store.snapshot(), values.agent, ctx.session) });
  return EXIT.nothingReady;
}
