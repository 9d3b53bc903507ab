// squad doctor: compare squad's state with reality; --fix repairs what is safe and names what it leaves for a person.
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../io/errors.js';
import { DEFAULT_PLAN_FILE } from '../plan/load.js';
import { doctor } from '../doctor/doctor.js';
import { findingLine } from '../doctor/finding.js';
import { parseFlags } from './args.js';

export const summary = 'find what crashes and kills left behind (stale claims, dead runs, worktrees, temp files, damaged state); --fix repairs it';

const USAGE = `usage: squad doctor [--fix] [--plan plans/plan.json] [--config FILE] [--json]

Compares squad's state with reality, one line per problem with what --fix would do: claims of dead sessions or
past the heartbeat TTL, run records that say running for a dead squad, tasks a run finished that the claim store
does not have done, tasks done in squad's state but open in the tracker (or the reverse), leftover worktrees and
squad/* branches of finished runs, temp files of interrupted writes, damaged claim-log entries, heartbeats and
journal lines, and plan.json older than its source document. --fix repairs what is safe and says what it left
for you.

exit codes: 0 healthy (or everything found was repaired); 1 problems remain; 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('doctor', argv, {
    fix: { type: 'boolean' },
    plan: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got '${positionals[0]}'`);
  const repoRoot = process.cwd();
  const { config } = loadConfig(values.config, repoRoot);
  const report = await doctor({ repoRoot, planFile: resolve(repoRoot, values.plan ?? DEFAULT_PLAN_FILE), config, fix: values.fix === true });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    for (const f of report.findings) process.stdout.write(`${findingLine(f)}\n`);
    const tail = report.findings.length === 0 ? 'healthy: nothing to repair' : report.healthy ? `repaired ${report.fixed} problem(s); healthy now` : `${report.left} problem(s) remain${report.fixed ? ` (${report.fixed} repaired)` : ''}${values.fix ? '' : "; 'squad doctor --fix' repairs those it can"}`;
    process.stdout.write(`doctor: ${tail}\n`);
  }
  return report.healthy ? 0 : 1;
}
