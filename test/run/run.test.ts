// squad run end to end, with real processes: phases, env, prompt files, agent commands, test-and-close,
// refusals and exit codes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRecord } from './helpers/record.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';

const TASKS_MD = `# Demo\n\n- [ ] T001 Build the thing\n  - run: \`echo built > thing.txt\`\n- [ ] T002 Package it (depends on T001)\n  - run: \`cp thing.txt pkg.txt\`\n`;

describe('squad run', () => {
  it('runs every task in dependency order, then tests, then closes them', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'A', run: 'echo A >> order.txt' },
        { id: 'B', deps: ['A'], run: 'echo B >> order.txt' },
        { id: 'C', deps: ['B'], run: 'echo "$SQUAD_TASK_ID $SQUAD_AGENT $SQUAD_RUN_DIR $SQUAD_PLAN" > env.txt; echo C >> order.txt' },
      ]),
    );
    const r = await squad(['run'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(readFileSync(join(dir, 'order.txt'), 'utf8')).toBe('A\nB\nC\n');
    const rec = onlyRecord(dir);
    expect(rec.status).toBe('succeeded');
    expect(rec.tasks.map((t) => [t.id, t.status, t.attempts, t.exitCode])).toEqual([
      ['A', 'closed', 1, 0],
      ['B', 'closed', 1, 0],
      ['C', 'closed', 1, 0],
    ]);
    const [id, agent, runDir, plan] = readFileSync(join(dir, 'env.txt'), 'utf8').trim().split(' ');
    expect([id, agent]).toEqual(['C', 'agent-1']);
    expect(runDir).toBe(join(dir, '.squad', 'runs', rec.runId));
    expect(plan).toBe(join(dir, 'plans', 'plan.json'));
    expect(readFileSync(rec.tasks[0]!.log!, 'utf8')).toContain('# A attempt 1: sh -c');
    expect(r.stdout).toMatch(/test: echo 1 passed \(from squad\.config\.yaml\)/);
    // Plain mode (CI=true): one line per event, no escape codes.
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('launches the configured agent command as an argument array, with the prompt file and no task text in argv', async () => {
    const dir = tempDir();
    // The title would run a command if it were ever spliced into a shell line.
    const plan = makePlan([
      { id: 'T1', title: 'Build $(touch pwned) `touch pwned2`', agent: 'backend-architect', writes: ['src/api.ts'], acceptance: ['returns 200'] },
      { id: 'T2', title: 'Other', agent: 'backend-architect', writes: ['src/ui.ts'] },
    ]);
    const config = [
      'agents:',
      // argv: $0 = prompt file, $1 = task id, $2 = agent plan; the script is the config author's, not the task's.
      `  default: [sh, -c, 'cp "$0" "prompt-$1.md"; printf "%s" "$2" > "plan-$1.txt"; cat > "stdin-$1.md"', '{prompt}', '{task}', '{plan}']`,
      'test:',
      '  command: "echo 1 passed"',
    ].join('\n');
    repoWith(dir, plan, config);
    const r = await squad(['run'], dir);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
    const prompt = readFileSync(join(dir, 'prompt-T1.md'), 'utf8');
    expect(prompt).toContain('# Task T1: Build $(touch pwned) `touch pwned2`');
    expect(prompt).toMatch(/Files you own[\s\S]*src\/api\.ts \(modify\)/);
    expect(prompt).toMatch(/must not touch[\s\S]*src\/ui\.ts/);
    expect(prompt).toMatch(/Acceptance criteria\n\n- returns 200/);
    expect(readFileSync(join(dir, 'stdin-T1.md'), 'utf8')).toBe(prompt);
    expect(readFileSync(join(dir, 'plan-T1.txt'), 'utf8')).toBe(join(dir, 'plans', 'agent-1.md'));
  });

  it('refuses before starting anything when the agent command does not exist, and says how to configure one', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'S', run: 'touch ran' },
        { id: 'T1', agent: 'frontend-developer' },
      ]),
      'agents:\n  frontend-developer: [no-such-agent-cli-xyz, "{prompt}"]\n',
    );
    const r = await squad(['run'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/agent command 'no-such-agent-cli-xyz' for type 'frontend-developer'.*not installed or not on PATH/);
    // One line; it says where the examples are instead of printing one.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/configure one per agent type \(or 'default'\) under 'agents:' in squad\.config\.yaml \(examples: 'squad init', README "Agent commands"\)/);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    const none = repoWith(tempDir(), makePlan([{ id: 'T1', agent: 'writer' }]), '');
    const r2 = await squad(['run'], none);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/no agent command for type 'writer' \(tasks T1\)/);
  });

  it('leaves the tasks open, marks the group failed and exits 4 when the tests fail', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }, { id: 'B', run: 'true' }]), 'test:\n  command: "echo boom; exit 1"\n');
    const r = await squad(['run'], dir);
    expect(r.code).toBe(4);
    const rec = onlyRecord(dir);
    expect(rec.tasks.map((t) => t.status)).toEqual(['done', 'done']);
    expect(rec.groups[0]!.status).toBe('failed');
    expect(rec.groups[0]!.test!.verdict).toBe('fail');
    expect(r.stdout).toMatch(/tests failed \(exit code 1\)[\s\S]*\| boom/);
  });

  it('does not count "no tests found" as a pass unless the config allows it', async () => {
    const plan = makePlan([{ id: 'A', run: 'true' }]);
    const strict = repoWith(tempDir(), plan, 'test:\n  command: "echo no tests found"\n');
    const r = await squad(['run'], strict);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/found no tests, which is not a pass/);
    expect(onlyRecord(strict).tasks[0]!.status).toBe('done');
    const lenient = repoWith(tempDir(), plan, 'test:\n  command: "echo no tests found"\n  allowNoTests: true\n');
    const r2 = await squad(['run'], lenient);
    expect(r2.code).toBe(0);
    expect(onlyRecord(lenient).tasks[0]!.status).toBe('closed');
  });

  it('detects the test command from the repository and says which', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]), '');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'echo "Tests  2 passed (2)"' } }));
    const r = await squad(['run'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test: npm test \(from package\.json "test" script\)/);
  });

  it('refuses a group whose dependencies outside it are not done, naming them; --with-deps runs them first', async () => {
    const plan = makePlan([
      { id: 'D1', group: 'db', run: 'echo D1 >> order.txt' },
      { id: 'A1', group: 'api', deps: ['D1'], run: 'echo A1 >> order.txt' },
      { id: 'A2', group: 'api', run: 'echo A2 >> order.txt' },
    ]);
    const dir = repoWith(tempDir(), plan);
    const r = await squad(['run', '--group', 'api'], dir);
    expect(r.code).toBe(5);
    expect(r.stdout).toMatch(/group api is blocked: A1 waits for D1 \(group db\)/);
    expect(existsSync(join(dir, 'order.txt'))).toBe(false);
    const r2 = await squad(['run', '--group', 'api', '--with-deps'], dir);
    expect(r2.code, r2.stdout).toBe(0);
    const order = readFileSync(join(dir, 'order.txt'), 'utf8').trim().split('\n');
    expect(order.indexOf('D1')).toBeLessThan(order.indexOf('A1'));
    // Without --group every group runs, dependencies first: db is done now, so nothing is blocked.
    const r3 = await squad(['run', '--group', 'api'], dir);
    expect(r3.code).toBe(0);
  });

  it('exits 3 and skips only the dependents of a failure with --continue=dependencies-successful', async () => {
    const dir = repoWith(
      tempDir(),
      makePlan([
        { id: 'F', run: 'echo broken; exit 7' },
        { id: 'B', deps: ['F'], run: 'touch B' },
        { id: 'C', run: 'touch C' },
      ]),
    );
    const r = await squad(['run', '--continue', 'dependencies-successful'], dir);
    expect(r.code).toBe(3);
    const rec = onlyRecord(dir);
    expect(rec.tasks.map((t) => [t.id, t.status, t.exitCode, t.reason])).toEqual([
      ['F', 'failed', 7, 'exit code 7'],
      ['B', 'skipped', null, 'dependency F failed'],
      ['C', 'done', 0, null],
    ]);
    expect(existsSync(join(dir, 'C'))).toBe(true);
    expect(existsSync(join(dir, 'B'))).toBe(false);
    // The failure's log tail is printed when it fails.
    expect(r.stdout).toMatch(/FAIL {2}F .*exit code 7[\s\S]*\| broken/);
  });

  it('--continue=never starts nothing after a failure; --continue=always runs the dependents too', async () => {
    const plan = makePlan([
      { id: 'F', run: 'exit 1' },
      { id: 'B', deps: ['F'], run: 'touch B' },
      { id: 'C', deps: ['F'], run: 'touch C' },
    ]);
    const never = repoWith(tempDir(), plan);
    const r = await squad(['run', '--concurrency', '1'], never);
    expect(r.code).toBe(3);
    expect(onlyRecord(never).tasks.map((t) => t.status)).toEqual(['failed', 'skipped', 'skipped']);
    const always = repoWith(tempDir(), plan);
    const r2 = await squad(['run', '--continue', 'always'], always);
    expect(r2.code).toBe(3);
    expect(existsSync(join(always, 'B')) && existsSync(join(always, 'C'))).toBe(true);
  });

  it('reports usage errors with exit 2', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'true' }]));
    expect((await squad(['run', '--concurrency', '0'], dir)).code).toBe(2);
    expect((await squad(['run', '--continue', 'sometimes'], dir)).code).toBe(2);
    const r = await squad(['run', '--group', 'nope'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no group 'nope' in the plan; groups: ungrouped/);
  });

  it('closes the tasks in the source markdown (the tracker) only when the tests pass', async () => {
    for (const [test, code, ticked] of [['echo 2 passed', 0, true], ['exit 1', 4, false]] as const) {
      const dir = tempDir();
      writeFileSync(join(dir, 'tasks.md'), TASKS_MD);
      writeFileSync(join(dir, 'squad.config.yaml'), `test:\n  command: "${test}"\n`);
      expect((await squad(['allocate', 'tasks.md', '--out', 'plans'], dir)).code).toBe(0);
      const r = await squad(['run'], dir);
      expect(r.code, r.stdout + r.stderr).toBe(code);
      expect(readFileSync(join(dir, 'pkg.txt'), 'utf8')).toBe('built\n');
      const md = readFileSync(join(dir, 'tasks.md'), 'utf8');
      expect(md.includes('- [x] T001') && md.includes('- [x] T002')).toBe(ticked);
      expect(md.includes('- [ ] T001') && md.includes('- [ ] T002')).toBe(!ticked);
      if (ticked) expect(r.stdout).toMatch(/close: 2 task\(s\) closed; in markdown: 2 closed/);
    }
  });

  it('--tracker none closes in the run state only', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.md'), TASKS_MD);
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "echo 2 passed"\n');
    expect((await squad(['allocate', 'tasks.md', '--out', 'plans'], dir)).code).toBe(0);
    const r = await squad(['run', '--tracker', 'none'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'tasks.md'), 'utf8')).toBe(TASKS_MD);
    expect(onlyRecord(dir).tasks.map((t) => t.status)).toEqual(['closed', 'closed']);
  });

  it('--json prints the run record on stdout only', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'A', run: 'echo hi' }]));
    const r = await squad(['run', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('succeeded');
    expect(out.tasks[0]).toMatchObject({ id: 'A', status: 'closed', exitCode: 0 });
    expect(r.stderr).toMatch(/done {2}A/);
  });
});
