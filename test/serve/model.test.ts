// The dashboard's data model on real plans: the example PRD (the plan in the README), a corpus plan with groups, one
// with phases, and one with estimates. Layout comes from dagre; the checks are on what the page relies on (every
// task drawn, each edge a dependency, boxes around their tasks) and on the progress and ETA figures, worked out by
// hand or against the compiler's own critical path.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { openStore, type Session } from '../../src/state/index.js';
import type { Plan } from '../../src/plan/schema.js';
import { layoutPlan, type Box } from '../../src/serve/layout.js';
import { dashboardData, eta } from '../../src/serve/model.js';
import { tempRepo } from '../state/plan-fixture.js';

const compileFile = (file: string): Plan => compile(readFileSync(file, 'utf8'), { file });
const EXAMPLE = 'examples/ai-agent-hub/feature-prd.md';
const corpus = (name: string) => compileFile(`test/fixtures/corpus/${name}`);

const host = hostname();
const alice: Session = { name: 'alice', pid: 101, host, startedAt: '2026-01-01T00:00:00.000Z' };
const bob: Session = { name: 'bob', pid: 202, host, startedAt: '2026-01-01T00:00:00.000Z' };

/** A store over `plan` in a temp repo with a clock the test moves, and every session alive. */
function storeFor(plan: Plan) {
  const repo = tempRepo(plan);
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const store = openStore({ repoRoot: repo.root, plan, ttlMs: 60 * 60_000, nowMs: () => now, alive: () => true });
  return { store, repo, at: () => now, advance: (minutes: number) => (now += minutes * 60_000) };
}

const inside = (inner: Box, outer: Box) =>
  inner.x - inner.width / 2 >= outer.x - outer.width / 2 &&
  inner.x + inner.width / 2 <= outer.x + outer.width / 2 &&
  inner.y - inner.height / 2 >= outer.y - outer.height / 2 &&
  inner.y + inner.height / 2 <= outer.y + outer.height / 2;

const overlap = (a: Box, b: Box) => Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;

describe('the dashboard layout (dagre)', () => {
  it('draws every task of the example plan once, no two boxes overlapping, and one edge per dependency', () => {
    const plan = compileFile(EXAMPLE);
    const layout = layoutPlan(plan);
    expect(layout.nodes.map((n) => n.id)).toEqual(plan.tasks.map((t) => t.id));
    for (const [i, a] of layout.nodes.entries()) for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
    const deps = plan.tasks.flatMap((t) => t.deps.map((d) => `${d}->${t.id}`)).sort();
    expect(layout.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(deps);
    expect(deps).toEqual(['2->3', 'type-definitions->1', 'type-definitions->2']);
    // Left to right: a dependency sits left of the task that waits for it.
    const x = new Map(layout.nodes.map((n) => [n.id, n.x]));
    for (const e of layout.edges) expect(x.get(e.from)!).toBeLessThan(x.get(e.to)!);
    for (const n of layout.nodes) expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width);
  });

  it('puts each group of a plan with groups in a box around exactly its tasks (corpus 27)', () => {
    const plan = corpus('27_plan_tracks_dot_graph_file_ownership.md');
    const layout = layoutPlan(plan);
    expect(layout.groups.map((g) => g.name).sort()).toEqual(plan.groups.map((g) => g.name).sort());
    const node = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const g of layout.groups) {
      const members = plan.tasks.filter((t) => t.group === g.name);
      expect(members.length).toBeGreaterThan(0);
      for (const t of members) expect(inside(node.get(t.id)!, g), `${t.id} in ${g.name}`).toBe(true);
      for (const t of plan.tasks.filter((t) => t.group !== g.name)) expect(inside(node.get(t.id)!, g), `${t.id} outside ${g.name}`).toBe(false);
    }
  });

  it('boxes tasks by phase when the plan has phases and no groups (corpus 09)', () => {
    const plan = corpus('09_speckit_kekkai_004.md');
    expect(plan.groups).toEqual([]);
    const layout = layoutPlan(plan);
    const phases = [...new Set(plan.tasks.map((t) => t.phase).filter((p): p is string => p !== null))];
    expect(layout.groups.map((g) => g.name).sort()).toEqual(phases.sort());
    const node = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const t of plan.tasks) if (t.phase) expect(inside(node.get(t.id)!, layout.groups.find((g) => g.name === t.phase)!)).toBe(true);
  });
});

describe('the dashboard data', () => {
  it('shows the example plan mid-run: states, holders, elapsed time, lanes, sessions, critical path, notes and metrics slots', () => {
    const plan = compileFile(EXAMPLE);
    const { store, repo, at, advance } = storeFor(plan);
    try {
      expect(store.start('type-definitions', alice).ok).toBe(true);
      advance(20);
      expect(store.markDone('type-definitions', alice).ok).toBe(true);
      expect(store.tryClaim('2', bob).ok).toBe(true);
      store.heartbeat(bob);
      advance(5);
      const d = dashboardData(plan, store.snapshot(), store.sessions(), layoutPlan(plan), at());
      const t = new Map(d.tasks.map((x) => [x.id, x]));
      expect(d.tasks.map((x) => x.id)).toEqual(['1', '2', '3', 'type-definitions']);
      expect(t.get('type-definitions')).toMatchObject({ state: 'done', by: 'alice', elapsedMs: 20 * 60_000, holder: null, critical: true });
      expect(t.get('2')).toMatchObject({ state: 'claimed', holder: 'bob', elapsedMs: 5 * 60_000, critical: true, lane: 'agent-1' });
      expect(t.get('1')).toMatchObject({ state: 'available', holder: null, critical: false, lane: 'agent-2' });
      expect(t.get('3')).toMatchObject({ state: 'waiting', waitingOn: ['2'] });
      expect(d.plan.criticalPath).toEqual(['type-definitions', '2', '3']);
      expect(d.progress).toMatchObject({ total: 4, done: 1, percent: 25 });
      expect(d.lanes.find((l) => l.id === 'agent-1')).toMatchObject({ type: 'backend-architect', done: 1, active: ['2'] });
      expect(d.sessions).toEqual([expect.objectContaining({ name: 'bob', live: true, holding: ['2'] })]);
      expect(d.notes).toEqual([]);
      expect(d.metrics).toBeNull();
      // Must survive the trip to the browser unchanged.
      expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    } finally {
      repo.cleanup();
    }
  });

  it('fills notes and metrics when squad has them', () => {
    const plan = compileFile(EXAMPLE);
    const { store, repo, at } = storeFor(plan);
    try {
      const note = { task: '2', by: 'alice', at: '2026-03-01T10:00:00.000Z', text: 'the API returns cents' };
      const d = dashboardData(plan, store.snapshot(), [], layoutPlan(plan), at(), { notes: [note], metrics: { makespanMinutes: 42 } });
      expect(d.notes).toEqual([note]);
      expect(d.metrics).toEqual({ makespanMinutes: 42 });
    } finally {
      repo.cleanup();
    }
  });

  it('gives an ETA from the estimates: the longer of the critical path left and the work left over the lanes', () => {
    // The example has no estimates: each task counts 30 min (the default). Critical path type-definitions -> 2 -> 3
    // is 90 min; 4 tasks are 120 min over 3 lanes = 40 min; so 90.
    const plan = compileFile(EXAMPLE);
    const { store, repo, at, advance } = storeFor(plan);
    try {
      expect(eta(plan, store.snapshot(), at())).toMatchObject({ minutes: 90, criticalPathMinutes: 90, workLeftMinutes: 120, lanes: 3, defaulted: 4 });
      store.start('type-definitions', alice);
      advance(10);
      // 10 of its 30 min spent: 80 left on the path, 110 of work.
      expect(eta(plan, store.snapshot(), at())).toMatchObject({ minutes: 80, criticalPathMinutes: 80, workLeftMinutes: 110 });
      store.markDone('type-definitions', alice);
      // It took 10 min: the three tasks left (no estimates) now weigh what it took (learned estimates), so the
      // path left 2 -> 3 is 20 min and the work 30 min over 3 lanes.
      const e = eta(plan, store.snapshot(), at())!;
      expect(e).toMatchObject({ minutes: 20, criticalPathMinutes: 20, workLeftMinutes: 30, defaulted: 3, learnedFrom: 1 });
      expect(Date.parse(e.at) - at()).toBe(20 * 60_000);
      for (const id of ['1', '2', '3']) {
        store.start(id, alice);
        store.markDone(id, alice);
      }
      expect(eta(plan, store.snapshot(), at())).toBeNull();
    } finally {
      repo.cleanup();
    }
  });

  it('agrees with the compiler on the critical path of an estimated plan before anything starts (corpus 44)', () => {
    const plan = corpus('44_plan_zh_task_io_implicit_deps_estimates.md');
    expect(plan.tasks.every((t) => t.estimateMinutes !== null)).toBe(true);
    const { store, repo, at } = storeFor(plan);
    try {
      const e = eta(plan, store.snapshot(), at())!;
      expect(e.criticalPathMinutes).toBe(plan.criticalPath.minutes);
      expect(e.workLeftMinutes).toBe(plan.tasks.reduce((s, t) => s + t.estimateMinutes!, 0));
      expect(e.defaulted).toBe(0);
      const d = dashboardData(plan, store.snapshot(), [], layoutPlan(plan), at());
      expect(d.tasks.filter((t) => t.critical).map((t) => t.id).sort()).toEqual([...plan.criticalPath.tasks].sort());
    } finally {
      repo.cleanup();
    }
  });
});
