// The test phase of `squad run` (phase 4, once a group's tasks are done) and of `squad verify`. Only a pass
// closes the tasks; "no tests found" is a pass only when the config says `test.allowNoTests: true`.
import type { Config } from '../config/schema.js';
import { detectTestCommand, displayCommand, judgeTestRun, type TestCommand } from './test-command.js';
import { startGroup } from '../process/process-group.js';
import { Watchdog } from '../process/watchdog.js';
import { logSince, logSize } from '../process/log-tail.js';
import type { TestOutcome } from './test-outcome.js';

export interface TestPhaseResult {
  outcome: TestOutcome;
  /** The command as the user would type it (`npm test`), without where it came from; null without one. */
  commandLine: string | null;
  passed: boolean;
  /** One line for the user: which command, from where, and what came of it. */
  summary: string;
  tail: string[];
}

export async function runTestPhase(
  config: Config,
  o: { cwd: string; logPath: string; env: NodeJS.ProcessEnv; graceMs: number; timeoutMs: number; onCommand?(cmd: TestCommand | null): void },
): Promise<TestPhaseResult> {
  const cmd = detectTestCommand(o.cwd, config.test.command);
  o.onCommand?.(cmd);
  const allow = config.test.allowNoTests;
  if (!cmd) {
    const outcome: TestOutcome = { command: null, source: 'none', exitCode: null, verdict: 'no-tests', log: null };
    return {
      outcome,
      commandLine: null,
      passed: allow,
      summary: allow
        ? 'no test command found; passing because test.allowNoTests is true'
        : 'no test command found (no test.command in squad.config.yaml, no package.json test script, pytest, Cargo.toml or go.mod); set test.command, or test.allowNoTests: true to close without tests',
      tail: [],
    };
  }
  // The log keeps earlier attempts (a --resume, an earlier squad verify): judge only what this one printed.
  const offset = logSize(o.logPath);
  const watchdog = new Watchdog({ taskMs: o.timeoutMs, inactivityMs: null });
  const group = startGroup({ argv: cmd.argv, cwd: o.cwd, env: o.env, logPath: o.logPath, header: `# ${cmd.display}` }, o.graceMs);
  if (group.pid !== null) watchdog.watch(group);
  const r = await group.done;
  // Without the header line squad wrote itself; no log at all is judged on the exit code alone.
  const output = logSince(o.logPath, offset).split('\n').slice(1).join('\n');
  const verdict = r.reason === 'exit' ? judgeTestRun(r.exitCode, output, cmd.runner) : 'fail';
  const outcome: TestOutcome = { command: cmd.display, source: cmd.source, exitCode: r.exitCode, verdict, log: o.logPath };
  const passed = verdict === 'pass' || (verdict === 'no-tests' && allow);
  const what =
    r.reason === 'spawn-error'
      ? `could not start: ${r.error}`
      : r.reason !== 'exit'
        ? `stopped (${r.reason})`
        : verdict === 'pass'
          ? 'passed'
          : verdict === 'no-tests'
            ? allow
              ? 'found no tests; passing because test.allowNoTests is true'
              : 'found no tests, which is not a pass (set test.allowNoTests: true to allow it)'
            : `failed (exit code ${r.exitCode})`;
  return { outcome, commandLine: displayCommand(cmd.argv), passed, summary: `tests ${what}: ${cmd.display}; log ${o.logPath}`, tail: passed ? [] : lastLines(output, 20) };
}

function lastLines(text: string, n: number): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n);
}
