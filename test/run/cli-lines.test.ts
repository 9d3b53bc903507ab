// What squad prints when things go wrong around it: a closed pipe, bad flags. One line, never a stack trace.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { onlyRecord } from './helpers/record.js';
import { builtCli, squad, tempDir } from './helpers/cli.js';

function bash(script: string, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile('bash', ['-c', script], { cwd, env: { ...process.env, CI: 'true', NO_COLOR: '1' } }, (_err, stdout, stderr) => res({ stdout, stderr }));
  });
}

describe('squad run | head', () => {
  it('stops writing when the reader goes away, stops its tasks like SIGPIPE would, and finishes the record (exit 141)', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'sleep 0.3' },
        { id: 'B', deps: ['A'], run: 'sleep 0.3' },
        { id: 'C', deps: ['B'], run: 'sleep 0.3' },
      ]),
    );
    const r = await bash(`node ${JSON.stringify(builtCli())} run --isolation shared | head -n 1; echo "exit \${PIPESTATUS[0]}" >&2`, dir);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.stderr.trim()).toBe('exit 141');
    const rec = onlyRecord(dir);
    expect(rec).toMatchObject({ status: 'interrupted', exitCode: 141 });
  });
});

describe('usage errors', () => {
  it('are one line naming the command and its --help, for run, verify and init', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]));
    const cases: [string[], string][] = [
      [['run', '--nope'], "squad run: unknown option '--nope'; see 'squad run --help'"],
      [['run', '--concurrency', '0'], "squad run: --concurrency takes a whole number from 1 to 64, not '0'; see 'squad run --help'"],
      [['run', 'plan.json'], "squad run: unexpected argument 'plan.json'; the plan is given with --plan; see 'squad run --help'"],
      [['verify', 'x'], "squad verify: takes no arguments, got 'x'; see 'squad verify --help'"],
      [['verify', '--plan'], "squad verify: option '--plan <value>' argument missing; see 'squad verify --help'"],
      [['init', 'x'], "squad init: unexpected argument 'x'; see 'squad init --help'"],
    ];
    for (const [args, line] of cases) {
      const r = await squad(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`${line}\n`);
    }
  });
});

describe('an error in a deferred write', () => {
  it('of the run record ends the run with one line, no stack trace, and no task left running', async () => {
    // Once the writes of the start are done, A turns state.json into a non-empty folder: the record's next
    // (deferred) write, of A's end, cannot replace it. B would run for 30 s unless the failure stops it.
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'sleep 0.5; rm "$SQUAD_RUN_DIR/state.json" && mkdir -p "$SQUAD_RUN_DIR/state.json/x"' },
        { id: 'B', run: 'sleep 30' },
      ]),
    );
    const t0 = Date.now();
    const r = await squad(['run', '--concurrency', '2'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/^squad: the run stopped: .*state\.json.*; every task was stopped, fix this and run 'squad run --resume'\n$/);
  });
});
