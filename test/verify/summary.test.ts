// Reports: the GitHub step summary (appended to $GITHUB_STEP_SUMMARY) and --json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as verifyCmd from '../../src/commands/verify.js';
import { TempRepo, TESTS, fixture, runIn } from './helpers/repo.js';

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
  repo.write('tasks.md', fixture('01_speckit_tasks_template.md'));
  repo.compile('tasks.md');
  repo.markDone(['T001', 'T002']);
  repo.start('T003');
});
afterEach(() => repo.cleanup());

describe('GITHUB_STEP_SUMMARY', () => {
  it('appends a markdown summary: tests, tasks closed, tasks left open and why', async () => {
    repo.config(TESTS.pass);
    const file = repo.write('summary.md', '# Earlier step\n');
    const r = await runIn(repo, verifyCmd, [], { GITHUB_STEP_SUMMARY: file, GITHUB_SHA: '0123456789abcdef0123' });
    expect(r.code).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md.startsWith('# Earlier step\n## squad verify: ✅ 2 task(s) closed\n')).toBe(true);
    expect(md).toMatch(/^\| Tests \| tests passed: node -e .* \(from squad\.config\.yaml\); log \.squad\/verify\/test\.log \|$/m);
    expect(md).toMatch(/^\| Tracker \| markdown: plan compiled from markdown tasks\.md \|$/m);
    expect(md).toContain('### Closed');
    expect(md).toMatch(/^\| `T001` \| Create project structure per implementation plan \| tasks\.md:52 \|$/m);
    expect(md).toMatch(/^\| `T003` \| Configure linting and formatting tools \| - \| not done in squad's state \(in progress\) \|$/m);
  });

  it('on failing tests says nothing was closed, lists the done tasks left open and the test output', async () => {
    repo.config(TESTS.fail);
    const file = repo.write('summary.md', '');
    expect((await runIn(repo, verifyCmd, [], { GITHUB_STEP_SUMMARY: file })).code).toBe(4);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^## squad verify: ❌ tests did not pass; nothing closed$/m);
    expect(md).toContain('### Done but left open');
    expect(md).toMatch(/^\| `T002` \| .* \| tasks\.md:53 \| the tests did not pass, so nothing was closed \|$/m);
    expect(md).toMatch(/^<details><summary>Test output \(last \d+ lines?\)<\/summary>$/m);
    expect(md).toMatch(/^```text\n(?:.*\n)*?Tests  1 failed \| 1 passed \(2\)\n```$/m);
    expect(md).not.toContain('### Closed');
  });
});

describe('--json', () => {
  it('prints only the report as JSON, with the close reason naming the commit', async () => {
    repo.config(TESTS.pass);
    const r = await runIn(repo, verifyCmd, ['--json'], { GITHUB_SHA: '0123456789abcdef0123' });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      plan: 'plans/plan.json',
      source: 'tasks.md',
      tracker: { name: 'markdown' },
      tests: { passed: true, verdict: 'pass', source: 'config', exitCode: 0, log: join('.squad', 'verify', 'test.log') },
      counts: { closed: 2, 'not-done': 32 },
      exitCode: 0,
    });
    expect(report.reason).toMatch(/^squad verify: tests passed: node -e "console\.log\('Tests {2}2 passed \(2\)'\)" at 0123456789ab$/);
  });
});
