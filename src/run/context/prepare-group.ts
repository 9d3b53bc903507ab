// Phase 1 of a group: refresh, check what the group needs from outside, write the context file.
import { join } from 'node:path';
import type { PlanTask } from '../../plan/schema.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { taskDirName } from '../../state/paths.js';
import { describeBlocked, groupsInDagOrder, groupWork, type RunGroup } from '../../plan/groups.js';
import { baseEnv, doneNow, shown, type RunContext } from '../run-context.js';
import { RUN_EXIT } from '../exit-codes.js';
import { runRefresh } from './refresh.js';
import { gitFacts } from './git-facts.js';
import { contextText } from './context-file.js';
import { closedInBeadsIfUsed } from '../../trackers/beads/tracker.js';

export type Prepared =
  | { ok: true; tasks: PlanTask[]; contextPath: string }
  | { ok: false; exitCode: number; message: string };

export async function prepareGroup(ctx: RunContext, group: RunGroup): Promise<Prepared> {
  const { reporter } = ctx;
  if (ctx.config.refresh.length > 0) {
    reporter.event({ kind: 'phase', group: group.name, phase: 'refresh', text: `${ctx.config.refresh.length} command(s)` });
    const results = await runRefresh(ctx.config, {
      cwd: ctx.repoRoot,
      logDir: join(ctx.runDir, 'logs', `group-${taskDirName(group.name)}`),
      env: baseEnv(ctx),
      graceMs: ctx.limits.graceMs,
      timeoutMs: ctx.limits.taskMs,
      stopped: () => ctx.interrupted() !== null,
      onResult: (r) => {
        if (r.ok) return reporter.event({ kind: 'info', text: `refresh ok: ${r.command}` });
        const text = `refresh failed: ${r.command}: ${r.why}; log ${shown(ctx, r.log)}`;
        if (r.fatal) reporter.event({ kind: 'result', ok: false, text: `${text} (fatal)` });
        else reporter.event({ kind: 'warn', text: `${text} (not fatal, continuing)` });
      },
    });
    const fatal = results.find((r) => !r.ok && r.fatal);
    if (fatal) return { ok: false, exitCode: RUN_EXIT.refreshFailed, message: `refresh command failed and is marked fatal: ${fatal.command}` };
  }

  const done = await withBeads(ctx, doneNow(ctx));
  const work = groupWork(ctx.plan, group, done, ctx.withDeps);
  if (work.blocked.length > 0) {
    const why = describeBlocked(work.blocked, ctx.plan);
    if (!ctx.withDeps) {
      return {
        ok: false,
        exitCode: RUN_EXIT.blocked,
        message: `group ${group.name} is blocked: ${why}. Run those groups first, or add --with-deps to run them as part of this one`,
      };
    }
    reporter.event({ kind: 'info', text: `--with-deps: running ${work.extra.map((t) => t.id).join(', ')} first (${why})` });
  }
  const tasks = work.tasks;

  const contextPath = join(ctx.runDir, 'context', `${taskDirName(group.name)}.md`);
  const others = groupsInDagOrder(ctx.plan)
    .filter((g) => g.name !== group.name)
    .map((g) => ({ name: g.name, done: g.tasks.filter((t) => done(t.id)).map((t) => t.id), open: g.tasks.filter((t) => !done(t.id)).map((t) => t.id) }));
  writeFileAtomic(
    contextPath,
    contextText({
      group: group.name,
      planPath: ctx.planPath,
      compiledAt: new Date(ctx.planWrittenMs).toISOString(),
      git: gitFacts(ctx.repoRoot, ctx.planWrittenMs),
      others,
    }),
  );
  reporter.event({ kind: 'phase', group: group.name, phase: 'context', text: shown(ctx, contextPath) });
  return { ok: true, tasks, contextPath };
}

/**
 * Tasks that live in beads are done when bd says they are closed, whoever closed them. Asked only when the plan
 * has bd ids and the repository has a `.beads/` folder; if bd cannot answer, squad's own state decides (warned).
 */
async function withBeads(ctx: RunContext, done: (id: string) => boolean): Promise<(id: string) => boolean> {
  try {
    const closed = await closedInBeadsIfUsed(ctx.plan, ctx.repoRoot, baseEnv(ctx));
    return closed.size ? (id) => done(id) || closed.has(id) : done;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    ctx.reporter.event({ kind: 'warn', text: `could not read task status from beads (${why}); using squad's own state` });
    return done;
  }
}
