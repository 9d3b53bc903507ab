// Plans squad refuses to act on, and the one check every command that loads a plan runs (src/plan/check.ts):
// ids unique, dependencies that exist (or are declared external), no cycle, exclusions and mutexes naming real
// tasks; paths inside the repository, lane and bd ids that are plain words. Each command refuses the same
// plan with the same single line, `plans/plan.json: ...`, and exit 1.
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, startSquad, tempDir, type Done } from './helpers/cli.js';
import type { Plan } from '../../src/plan/schema.js';

const cases: [string, (p: Plan) => void, RegExp][] = [
  ['source', (p) => (p.source = '../../etc/tasks.md'), /'source' is "\.\.\/\.\.\/etc\/tasks\.md", which is outside the repository/],
  ['source', (p) => (p.source = '/etc/tasks.md'), /'source' is "\/etc\/tasks\.md", which is outside the repository/],
  ['files', (p) => (p.tasks[0]!.files = [{ path: '../outside.ts', access: 'modify' }]), /'tasks\.0\.files\.0\.path' is "\.\.\/outside\.ts", which is outside the repository \(task A\)/],
  ['agentId', (p) => (p.tasks[0]!.agentId = '../x'), /'tasks\.0\.agentId' is "\.\.\/x", which is not a lane id/],
  ['beadsId', (p) => (p.tasks[0]!.beadsId = '--all'), /'tasks\.0\.beadsId' is "--all", which is not a bd id/],
  ['duplicate id', (p) => p.tasks.push({ ...p.tasks[1]!, line: 9 }), /task B appears twice; re-run 'squad allocate'/],
  ['dependency cycle', (p) => ((p.tasks[0]!.deps = ['C']), (p.tasks[2]!.deps = ['B'])), /dependency cycle A -> C -> B -> A \(each waits for the next\); re-run 'squad allocate'/],
  ['self dependency', (p) => (p.tasks[1]!.deps = ['A', 'B']), /dependency cycle B -> B \(each waits for the next\)/],
  ['unknown dependency', (p) => (p.tasks[2]!.deps = ['B', 'Z']), /task C depends on Z, which is neither a task of the plan nor a declared external dependency/],
  ['unknown exclusion task', (p) => (p.exclusions = [{ path: 'src/x.ts', tasks: ['A', 'Q'] }]), /exclusion on src\/x\.ts names task Q, which is not in the plan/],
  ['unknown mutex task', (p) => (p.mutexes = [{ path: 'src/x.ts', tasks: ['A', 'B', 'Q'] }]), /mutex on src\/x\.ts names task Q, which is not in the plan/],
];

/** Every command that loads a plan, with the arguments it needs to get that far. */
const COMMANDS = [
  ['status'],
  ['next'],
  ['claim', 'A', '--as', 'alice'],
  ['start', 'A', '--as', 'alice'],
  ['done', 'A', '--as', 'alice'],
  ['release', 'A', '--as', 'alice'],
  ['heartbeat', '--as', 'alice'],
  ['run'],
  ['run', '--dry-run'],
  ['verify', '--tracker', 'none'],
];

/** `squad <args>`, killed after a minute: a command that wrongly accepts the plan (a run waiting for a claim
 * another command took) fails the test instead of hanging it. */
async function bounded(args: string[], dir: string): Promise<Done> {
  const { child, done } = startSquad(args, dir);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** A -> B -> C, each a shell task that would leave a file behind if it ran. */
function goodPlan(): Plan {
  return makePlan([
    { id: 'A', run: 'touch ran-A' },
    { id: 'B', deps: ['A'], run: 'touch ran-B' },
    { id: 'C', deps: ['B'], run: 'touch ran-C' },
  ]);
}

describe('a plan that is not safe or not whole', () => {
  for (const [what, spoil, message] of cases) {
    it(`is refused by every command that loads it, in one line naming plans/plan.json (${what})`, async () => {
      const plan = goodPlan();
      spoil(plan);
      const dir = repoWith(tempDir(), plan);
      const results = await Promise.all(COMMANDS.map((args) => bounded(args, dir)));
      results.forEach((r, i) => {
        const name = COMMANDS[i]!.join(' ');
        expect(r.code, `${name}: ${r.stderr}`).toBe(1);
        const lines = r.stderr.trim().split('\n');
        expect(lines, `${name}: ${r.stderr}`).toHaveLength(1);
        expect(lines[0], name).toMatch(/^plans\/plan\.json: /);
        expect(lines[0], name).toMatch(message);
      });
    }, 120_000);
  }

  it('accepts a dependency the plan declares external, and the plan the checks start from', async () => {
    const plan = goodPlan();
    plan.tasks[2]!.deps = ['B', 'ext-1'];
    plan.tasks[2]!.externalDeps = ['ext-1'];
    plan.externalDeps = [{ id: 'ext-1', requiredBy: ['C'], line: 3 }];
    const dir = repoWith(tempDir(), plan);
    const r = await squad(['status'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('A');
  }, 60_000);
});
