// The runner's pure parts: test-command detection and judgement, group order, the prompt, the live
// view, the config template, the dry-run report.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectTestCommand, judgeTestRun } from '../../src/close/test-command.js';
import { groupsInDagOrder, blockedByOutside, missingDependencies } from '../../src/plan/groups.js';
import { promptText } from '../../src/run/launch/prompt.js';
import { fillPlaceholders } from '../../src/run/launch/task-command.js';
import { renderStatus } from '../../src/run/monitor/live-view.js';
import { parseConfig } from '../../src/config/load.js';
import { Config } from '../../src/config/schema.js';
import { CONFIG_TEMPLATE } from '../../src/commands/init.js';
import { gitFacts } from '../../src/run/context/git-facts.js';
import { contextText } from '../../src/run/context/context-file.js';
import { makePlan } from './helpers/plan.js';
import { tempDir } from './helpers/cli.js';

describe('test command detection', () => {
  const repo = (files: Record<string, string>) => {
    const dir = tempDir('squad-detect-');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  it('prefers the config, then package.json, pytest, cargo, go, in that order', () => {
    const all = { 'package.json': '{"scripts":{"test":"vitest run"}}', 'pytest.ini': '', 'Cargo.toml': '', 'go.mod': '' };
    expect(detectTestCommand(repo(all), ['make', 'check'])).toMatchObject({ argv: ['make', 'check'], source: 'config' });
    expect(detectTestCommand(repo(all), 'make check && echo ok')).toMatchObject({ argv: ['sh', '-c', 'make check && echo ok'], source: 'config' });
    expect(detectTestCommand(repo(all))).toMatchObject({ argv: ['npm', 'test'], source: 'package.json' });
    expect(detectTestCommand(repo({ ...all, 'pnpm-lock.yaml': '' }))!.argv).toEqual(['pnpm', 'test']);
    expect(detectTestCommand(repo({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'Cargo.toml': '' }))).toMatchObject({ argv: ['pytest'], source: 'pytest' });
    expect(detectTestCommand(repo({ 'Cargo.toml': '', 'go.mod': '' }))).toMatchObject({ argv: ['cargo', 'test'] });
    expect(detectTestCommand(repo({ 'go.mod': '' }))).toMatchObject({ argv: ['go', 'test', './...'] });
    expect(detectTestCommand(repo({}))).toBeNull();
  });

  it("ignores npm init's placeholder test script", () => {
    const placeholder = '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}';
    expect(detectTestCommand(repo({ 'package.json': placeholder }))).toBeNull();
  });

  it('tells a pass from a run of nothing', () => {
    expect(judgeTestRun(0, ' Test Files  3 passed (3)\n      Tests  12 passed (12)', 'package.json')).toBe('pass');
    expect(judgeTestRun(1, 'No test files found, exiting with code 1', null)).toBe('no-tests');
    expect(judgeTestRun(0, 'No tests found, exiting with code 0', null)).toBe('no-tests');
    expect(judgeTestRun(5, 'collected 0 items\n\nno tests ran in 0.01s', 'pytest')).toBe('no-tests');
    expect(judgeTestRun(0, '?   \texample.com/a\t[no test files]\n', 'go')).toBe('no-tests');
    expect(judgeTestRun(0, '?   \texample.com/a\t[no test files]\nok  \texample.com/b\t0.01s\n', 'go')).toBe('pass');
    expect(judgeTestRun(0, 'running 0 tests\n\ntest result: ok. 0 passed', 'cargo')).toBe('no-tests');
    expect(judgeTestRun(0, 'running 0 tests\nrunning 4 tests\ntest result: ok. 4 passed', 'cargo')).toBe('pass');
    expect(judgeTestRun(1, 'Tests: 1 failed, 3 passed, 4 total', null)).toBe('fail');
    expect(judgeTestRun(0, '', null)).toBe('pass');
  });

  it('never calls a non-zero exit with a failure marker "no tests"', () => {
    // go: one package does not compile, the others have no tests.
    const goBuild = '# example.com/a\n./a.go:3:1: syntax error\nFAIL\texample.com/a [build failed]\n?   \texample.com/b\t[no test files]\n';
    expect(judgeTestRun(1, goBuild, 'go')).toBe('fail');
    expect(judgeTestRun(1, 'FAIL  test/a.test.ts [ test/a.test.ts ]\nNo test files found', 'vitest')).toBe('fail');
    expect(judgeTestRun(1, 'Error: Cannot find module ./setup\nno tests ran', null)).toBe('fail');
    expect(judgeTestRun(1, '2 failed\nno tests ran in 0.2s', 'pytest')).toBe('fail');
    // pytest says "no tests" only with its exit code 5; any other non-zero exit is a failure.
    expect(judgeTestRun(5, 'no tests ran in 0.01s', 'pytest')).toBe('no-tests');
    expect(judgeTestRun(2, 'no tests ran in 0.01s', 'pytest')).toBe('fail');
    expect(judgeTestRun(1, 'No tests found, exiting with code 1', 'jest')).toBe('no-tests');
    // go, cargo and node --test exit 0 when they find nothing: a non-zero exit is a failure.
    expect(judgeTestRun(1, '# tests 0\n# pass 0', 'node')).toBe('fail');
    expect(judgeTestRun(101, 'running 0 tests', 'cargo')).toBe('fail');
  });

  it('gives a configured command the rules of the runner it starts', () => {
    const dir = repo({});
    expect(detectTestCommand(dir, ['pytest', '-q'])!.runner).toBe('pytest');
    expect(detectTestCommand(dir, ['node_modules/.bin/vitest', 'run'])!.runner).toBe('vitest');
    expect(detectTestCommand(dir, ['go', 'test', './...'])!.runner).toBe('go');
    expect(detectTestCommand(dir, 'make test')!.runner).toBeNull();
    expect(detectTestCommand(repo({ 'package.json': '{"scripts":{"test":"jest --ci"}}' }))!.runner).toBe('jest');
    // pytest's exit 5 with nothing printed is "no tests" for a configured pytest too.
    expect(judgeTestRun(5, '', detectTestCommand(dir, ['pytest'])!.runner)).toBe('no-tests');
  });
});

describe('groups', () => {
  const plan = makePlan([
    { id: 'U1', group: 'ui', deps: ['A1'] },
    { id: 'A1', group: 'api', deps: ['D1'] },
    { id: 'D1', group: 'db' },
    { id: 'X', group: null },
  ]);

  it('come dependencies first, ungrouped tasks in a group of their own', () => {
    expect(groupsInDagOrder(plan).map((g) => [g.name, g.tasks.map((t) => t.id)])).toEqual([
      ['db', ['D1']],
      ['api', ['A1']],
      ['ui', ['U1']],
      ['ungrouped', ['X']],
    ]);
  });

  it('name what blocks a group, and what --with-deps would run', () => {
    const ui = groupsInDagOrder(plan).find((g) => g.name === 'ui')!;
    expect(blockedByOutside(ui, () => false)).toEqual([{ task: 'U1', waitingOn: ['A1'] }]);
    expect(missingDependencies(plan, ui, () => false).map((t) => t.id)).toEqual(['A1', 'D1']);
    expect(missingDependencies(plan, ui, (id) => id === 'D1').map((t) => t.id)).toEqual(['A1']);
    expect(blockedByOutside(ui, (id) => id === 'A1')).toEqual([]);
  });
});

describe('agent launch', () => {
  it('fills placeholders inside arguments and nothing else', () => {
    const argv = fillPlaceholders(['agent', '--prompt={prompt}', '{task}', '{unknown}', '{plan}:{agent}@{cwd}'], {
      prompt: '/r/p.md',
      plan: '/r/plans/agent-1.md',
      task: 'T1',
      agent: 'agent-1',
      cwd: '/r',
    });
    expect(argv).toEqual(['agent', '--prompt=/r/p.md', 'T1', '{unknown}', '/r/plans/agent-1.md:agent-1@/r']);
  });

  it('writes a prompt with the agent plan, the task, owned and forbidden files and acceptance criteria', () => {
    const plan = makePlan([
      { id: 'T1', title: 'Add login', writes: ['src/login.ts'], acceptance: ['rejects bad passwords'], details: 'Use bcrypt.', deps: ['T0'] },
      { id: 'T0', writes: ['src/db.ts'] },
    ]);
    const text = promptText({ task: plan.tasks[0]!, plan, agentPlanPath: 'plans/agent-1.md', contextPath: '.squad/runs/x/context/g.md' });
    expect(text).toContain('# Task T1: Add login');
    expect(text).toContain('Your plan (all your tasks, in order): plans/agent-1.md');
    expect(text).toContain('.squad/runs/x/context/g.md');
    expect(text).toContain('Use bcrypt.');
    expect(text).toMatch(/Files you own \(create or modify\)\n\n- src\/login\.ts \(modify\)/);
    expect(text).toMatch(/must not touch \(other tasks own them\)\n\n- src\/db\.ts/);
    expect(text).toMatch(/Acceptance criteria\n\n- rejects bad passwords/);
  });
});

describe('live view', () => {
  it('shows one line per running task with its elapsed time, then the counts', () => {
    const lines = renderStatus(
      {
        running: [
          { id: 'T2', title: 'Second', slot: 1, startedAt: 0 },
          { id: 'T1', title: 'First', slot: 0, startedAt: 55_000 },
        ],
        counts: { done: 3, running: 2, waiting: 4, failed: 1, skipped: 0 },
      },
      125_000,
      60,
      { live: true, color: false },
    );
    expect(lines).toEqual(['| T1        1m10s  First', '| T2        2m05s  Second', '3 done · 2 running · 4 waiting · 1 failed']);
  });

  it('says where a worktree task works, and when it is merging', () => {
    const lines = renderStatus(
      {
        running: [
          { id: 'T1', title: 'First', slot: 0, startedAt: 0, where: 'in .squad/worktrees/r/T1' },
          { id: 'T2', title: 'Second', slot: 1, startedAt: 0, where: 'merging' },
        ],
        counts: { done: 0, running: 2, waiting: 0, failed: 0, skipped: 0 },
      },
      5_000,
      80,
      { live: true, color: false },
    );
    expect(lines.slice(0, 2)).toEqual(['| T1           5s  First (in .squad/worktrees/r/T1)', '| T2           5s  Second (merging)']);
  });
});

describe('squad init template', () => {
  it('is valid config whose every value is the default', () => {
    expect(parseConfig(CONFIG_TEMPLATE, 'squad.config.yaml')).toEqual(Config.parse({}));
  });

  it('turns into working agent commands for Claude Code and Codex when uncommented', () => {
    const uncommented = CONFIG_TEMPLATE.replace('agents: {}\n', 'agents:\n').replace(/^# {3}(default: \[claude|frontend-developer: \[codex)/gm, '  $1');
    const config = parseConfig(uncommented, 'squad.config.yaml');
    expect(config.agents.default![0]).toBe('claude');
    expect(config.agents.default).toContain('Read {prompt} and carry out the task it describes.');
    expect(config.agents['frontend-developer']!.slice(0, 2)).toEqual(['codex', 'exec']);
  });
});

describe('context file', () => {
  it('names HEAD, the files changed since the plan was compiled, and what other groups finished', () => {
    const dir = tempDir('squad-git-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'pipe' }).toString();
    git('init', '-q');
    writeFileSync(join(dir, 'old.txt'), 'old');
    git('add', '.');
    git('commit', '-q', '-m', 'old');
    const compiled = Date.now();
    writeFileSync(join(dir, 'old.txt'), 'changed');
    writeFileSync(join(dir, 'new.txt'), 'new');
    const facts = gitFacts(dir, compiled);
    expect(facts.head).toBe(git('rev-parse', 'HEAD').trim());
    expect(facts.changedSince).toEqual(['new.txt', 'old.txt']);
    const text = contextText({
      group: 'api',
      planPath: 'plans/plan.json',
      compiledAt: new Date(compiled).toISOString(),
      git: facts,
      others: [
        { name: 'db', done: ['D1', 'D2'], open: [] },
        { name: 'ui', done: [], open: ['U1'] },
      ],
    });
    expect(text).toContain(`HEAD ${facts.head}`);
    expect(text).toMatch(/since the plan was compiled\n\n- new\.txt\n- old\.txt/);
    expect(text).toContain('- db: finished (done: D1, D2)');
    expect(text).toContain('- ui: not started');
    expect(gitFacts(tempDir('squad-nogit-'), compiled).changedSince).toBeNull();
  });
});
