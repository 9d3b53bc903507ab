// A task's gate: the author's check (`Gate:` / `Verify:` / `Test:` in the document, `gate` in plan.json), run
// with `sh -c` after the task exits 0 and before it counts as done. It is a second process group in the task's
// working directory with the task's environment, so Ctrl-C, the timeouts and --resume treat it as the task
// itself; its output goes to the end of the task's log, so one log tells the whole story.
import type { PlanTask } from '../../plan/schema.js';
import { logTail } from '../../process/log-tail.js';
import type { GroupSpec } from '../../process/process-group.js';

export interface GateRun {
  command: string;
  spec: GroupSpec;
}

/** What the gate runs, or null when the task has none. `ran` is the spec the task itself ran with. */
export function gateSpec(task: Pick<PlanTask, 'id' | 'gate'>, ran: GroupSpec): GateRun | null {
  if (!task.gate) return null;
  const spec = { argv: ['sh', '-c', task.gate], cwd: ran.cwd, env: ran.env, logPath: ran.logPath, stdinPath: null, header: `# ${task.id} gate: sh -c ${JSON.stringify(task.gate)}`, marker: ran.marker ?? null };
  return { command: task.gate, spec };
}

/**
 * Why a gate that did not pass fails its task, with the last line the gate printed (the full tail follows in
 * the failure report): `gate failed (exit code 1): npm test -- auth: 2 tests failed`.
 */
export function gateFailure(gate: string, ended: string, logPath: string): string {
  const last = logTail(logPath, 1)[0]?.trim();
  const said = last && !last.startsWith('# ') ? `: ${last}` : '';
  return `gate failed (${ended}): ${gate}${said}`;
}
