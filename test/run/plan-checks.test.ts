// Plans squad refuses to act on: paths outside the repository, lane and bd ids that are not plain words.
import { describe, expect, it } from 'vitest';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';
import type { Plan } from '../../src/plan/schema.js';

const cases: [string, (p: Plan) => void, RegExp][] = [
  ['source', (p) => (p.source = '../../etc/tasks.md'), /'source' is "\.\.\/\.\.\/etc\/tasks\.md", which is outside the repository/],
  ['source', (p) => (p.source = '/etc/tasks.md'), /'source' is "\/etc\/tasks\.md", which is outside the repository/],
  ['files', (p) => (p.tasks[0]!.files = [{ path: '../outside.ts', access: 'modify' }]), /'tasks\.0\.files\.0\.path' is "\.\.\/outside\.ts", which is outside the repository \(task A\)/],
  ['agentId', (p) => (p.tasks[0]!.agentId = '../x'), /'tasks\.0\.agentId' is "\.\.\/x", which is not a lane id/],
  ['beadsId', (p) => (p.tasks[0]!.beadsId = '--all'), /'tasks\.0\.beadsId' is "--all", which is not a bd id/],
];

describe('a plan that is not safe to act on', () => {
  for (const [field, spoil, message] of cases) {
    it(`is refused by squad run and squad verify in one line naming the field (${field})`, async () => {
      const plan = makePlan([{ id: 'A', run: 'touch ran' }]);
      spoil(plan);
      const dir = repoWith(tempDir(), plan);
      for (const args of [['run'], ['verify', '--tracker', 'none']]) {
        const r = await squad(args, dir);
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    });
  }
});
