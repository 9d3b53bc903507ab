// plans/ holds what `squad allocate examples/ai-agent-hub/feature-prd.md` writes. Regenerate and compare bytes:
// the output is deterministic and the committed plans/ stay true.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { emitPlanFiles } from '../../src/emit/index.js';

const SOURCE = 'examples/ai-agent-hub/feature-prd.md';

describe('golden plans/ for the ai-agent-hub PRD', () => {
  const text = readFileSync(SOURCE, 'utf8');
  const files = emitPlanFiles(compile(text, { file: SOURCE, repoRoot: process.cwd() }));

  it('writes exactly the committed files, byte for byte', () => {
    expect([...files.keys()].sort()).toEqual(readdirSync('plans').sort());
    for (const [name, content] of files) expect(content, name).toBe(readFileSync(`plans/${name}`, 'utf8'));
  });

  it('is deterministic', () => {
    const again = emitPlanFiles(compile(text, { file: SOURCE, repoRoot: process.cwd() }));
    expect([...again]).toEqual([...files]);
  });

  it('gives the three lanes a reader expects', () => {
    const plan = compile(text, { file: SOURCE });
    const owner = (dir: string) => plan.agents.find((a) => a.owns.includes(dir));
    expect(plan.agents.map((a) => a.type).sort()).toEqual(['ai-ml-engineer', 'backend-architect', 'frontend-developer']);
    expect(owner('frontend/')?.type).toBe('frontend-developer');
    expect(owner('backend/')?.type).toBe('backend-architect');
    expect(owner('ml/')?.type).toBe('ai-ml-engineer');
    // Each domain directory belongs to exactly one agent.
    for (const dir of ['frontend/', 'backend/', 'ml/']) expect(plan.agents.filter((a) => a.owns.includes(dir))).toHaveLength(1);
  });

  it('creates the shared types first, sequentially, and keeps config read-only', () => {
    const plan = compile(text, { file: SOURCE });
    const types = plan.tasks.find((t) => t.files.some((f) => f.path === 'shared/types/metrics.ts'))!;
    expect(types.files.map((f) => [f.path, f.access])).toEqual([
      ['shared/types/metrics.ts', 'create'],
      ['shared/types/analytics.ts', 'create'],
    ]);
    expect(types.deps).toEqual([]);
    const frontend = plan.tasks.find((t) => t.title === 'Frontend Dashboard Component')!;
    const backend = plan.tasks.find((t) => t.title === 'Backend API Endpoints')!;
    const ml = plan.tasks.find((t) => t.title === 'ML-Powered Insights')!;
    expect(frontend.deps).toContain(types.id);
    expect(backend.deps).toContain(types.id);
    expect(ml.deps).toContain(backend.id); // ML waits for the backend API
    expect(ml.deps).not.toContain(frontend.id);
    const mode = (p: string) => plan.ownership.find((o) => o.path === p)?.mode;
    expect(mode('shared/types/metrics.ts')).toBe('sequential');
    expect(mode('shared/types/analytics.ts')).toBe('sequential');
    expect(mode('config/analytics.config.js')).toBe('read-only');
    expect(mode('config/ml.config.js')).toBe('read-only');
    expect(mode('frontend/components/MetricCard.tsx')).toBe('exclusive');
  });

  it('reads success-criteria checkboxes as criteria and stream items as steps, not tasks', () => {
    const plan = compile(text, { file: SOURCE });
    expect(plan.tasks).toHaveLength(4);
    expect(plan.successCriteria).toHaveLength(12);
    expect(plan.successCriteria[0]).toEqual({ text: 'Dashboard displays 6 key metrics', line: 67, done: false });
    const frontend = plan.tasks.find((t) => t.title === 'Frontend Dashboard Component')!;
    expect(frontend.steps).toEqual([
      'Create dashboard layout component',
      'Implement metric cards with animations',
      'Add interactive chart components',
      'Create WebSocket hook for real-time data',
      'Style with responsive CSS',
    ]);
  });
});
