// checkOwnership (src/run/worktree/ownership-check.ts): which changed paths are the task's, which belong to
// someone else (violations), and which nobody declares (undeclared). Pure, so every rule is tested here.
import { describe, expect, it } from 'vitest';
import { checkOwnership } from '../../src/run/worktree/ownership-check.js';
import { makePlan } from './helpers/plan.js';

const plan = makePlan(
  [
    { id: 'T1', agentId: 'agent-1', writes: ['api/server.ts', 'api/routes/'] },
    { id: 'T2', agentId: 'agent-1', writes: ['api/db.ts'] },
    { id: 'T3', agentId: 'agent-2', writes: ['web/App.tsx', 'package.json'] },
    { id: 'T4', agentId: 'agent-3', writes: ['package.json'] },
  ],
  {
    ownership: [
      { path: 'api/db.ts', mode: 'exclusive', owner: 'agent-1', order: ['T2'], readers: [], reason: 'one writer' },
      { path: 'web/App.tsx', mode: 'exclusive', owner: 'agent-2', order: ['T3'], readers: [], reason: 'one writer' },
      { path: 'package.json', mode: 'sequential', owner: 'agent-2', order: ['T3', 'T4'], readers: [], reason: 'written by 2 agents' },
      { path: 'docs/spec.md', mode: 'read-only', owner: null, order: [], readers: ['T1'], reason: 'declared read-only by the document' },
    ],
  },
);
plan.agents.find((a) => a.id === 'agent-2')!.owns = ['web/'];
const t1 = plan.tasks[0]!;

describe('checkOwnership', () => {
  it('lets a task write its own files, its directories, and its lane-mate files', () => {
    expect(checkOwnership(plan, t1, ['api/server.ts', 'api/routes/users.ts', 'api/db.ts'], [])).toEqual({ violations: [], undeclared: [] });
  });

  it('names the owner of every path another lane owns, read-only paths and undeclared red zones', () => {
    const found = checkOwnership(plan, t1, ['web/App.tsx', 'web/new.css', 'package.json', 'docs/spec.md', 'yarn.lock', 'ci/extra.yml', 'notes.txt'], ['ci/**']);
    expect(found.violations).toEqual([
      'T1 wrote web/App.tsx, owned by agent-2 (T3)',
      'T1 wrote web/new.css, owned by agent-2 (directory web/)',
      'T1 wrote package.json, owned by agent-2, agent-3 (T3, T4)',
      'T1 wrote docs/spec.md, which the plan keeps read-only',
      'T1 wrote yarn.lock, a red zone (manifests, lockfiles, migrations, CI config) it does not declare',
      'T1 wrote ci/extra.yml, a red zone (manifests, lockfiles, migrations, CI config) it does not declare',
    ]);
    expect(found.undeclared).toEqual(['notes.txt']);
  });
});
