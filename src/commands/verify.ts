// squad verify: run the tests; only when they pass, close in the tracker the tasks done in squad's state.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../io/errors.js';
import { DEFAULT_PLAN_FILE, loadPlanFile } from '../plan/load.js';
import { installInterruptHandlers, signalExitCode } from '../run/monitor/signals.js';
import { TRACKER_CHOICES } from '../trackers/select.js';
import { verify } from '../close/verify.js';
import { plainLines, stepSummary } from '../close/verify-render.js';
import { VERIFY_EXIT } from '../close/verify-exit-codes.js';
import { choiceFlag, parseFlags } from './args.js';

export const summary = 'run the tests; when they pass, close the done tasks in beads, Task Master or the source markdown';

const USAGE = `usage: squad verify [--plan plans/plan.json] [--tracker auto|beads|taskmaster|markdown|none] [--reason TEXT] [--config FILE] [--store URL] [--json]

Runs the test command (test.command in squad.config.yaml, else the package.json test script, pytest, cargo or
go) and, only when it passes, closes in the tracker the tasks that are done in squad's state and still open
there. "No tests found" is a failure unless test.allowNoTests is true. With GITHUB_STEP_SUMMARY set, a markdown
summary is appended to it.

exit codes: 0 tests passed and every done task is closed; 1 bad input or tracker unavailable; 2 usage;
3 tests passed but some done tasks could not be closed; 4 tests failed or found no tests, nothing closed;
130/143 interrupted; 141 output closed (squad verify | head).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('verify', argv, {
    plan: { type: 'string' },
    tracker: { type: 'string' },
    reason: { type: 'string' },
    config: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return VERIFY_EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got '${positionals[0]}'`);
  const tracker = choiceFlag(values.tracker, 'tracker', TRACKER_CHOICES, 'auto');
  if (values.reason !== undefined && values.reason.trim() === '') throw new UsageError('--reason needs some text');
  const repoRoot = process.cwd();
  const planFile = values.plan ?? DEFAULT_PLAN_FILE;
  const plan = loadPlanFile(resolve(repoRoot, planFile), repoRoot);
  const { config } = loadConfig(values.config, repoRoot);
  const json = values.json === true;

  const signals = installInterruptHandlers(() => {});
  let report;
  try {
    report = await verify({
      repoRoot,
      planFile,
      plan,
      config,
      tracker,
      reason: values.reason ?? null,
      env: process.env,
      store: values.store,
      warn: (line) => process.stderr.write(`squad: warning: ${line}\n`),
      progress: json ? undefined : (line) => process.stdout.write(`${line}\n`),
      interrupted: () => signals.signal,
    });
  } finally {
    signals.uninstall();
  }
  const exitCode = report.interrupted ? signalExitCode(report.interrupted) : report.exitCode;
  report.exitCode = exitCode;

  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, stepSummary(report));
    } catch (err) {
      process.stderr.write(`squad: warning: could not append to GITHUB_STEP_SUMMARY (${(err as Error).message})\n`);
    }
  }
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : plainLines(report).map((l) => `${l}\n`).join(''));
  return exitCode;
}
