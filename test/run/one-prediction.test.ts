// One scheduler: `squad allocate` predicts the run on the Scheduler that `squad run` uses (one slot per agent lane,
// group after group), so `squad run --dry-run` at that concurrency predicts the same makespan for the same plan.
// Checked on real documents of different families (test/fixtures/corpus), through the CLI.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { squad, tempDir } from './helpers/cli.js';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');
// Groups, dependencies, estimates, done tasks, file conflicts (mutexes, exclusions): each is in at least one.
const DOCS = [
  '02_aiagenthub_feature_prd.md',
  '05_dotfiles_generate_tasks_PGroup_spec.md',
  '20_beads_blog_dependency_tree.md',
  '32_taskmaster_jambot_tasks_string_ids.json',
  '27_plan_tracks_dot_graph_file_ownership.md',
  '44_plan_zh_task_io_implicit_deps_estimates.md',
  '47_ascii_gantt_lanes_boxdrawing_dag_estimates.md',
  '48_bmad_sprint_status_yaml_story_keys_comments.yaml',
  '49_multiagent_master_plan_subagents_waves_parallel_bars.md',
  '50_agentos_task_groups_dependencies_completed.md',
];

type Plan = { agents: unknown[]; groups: unknown[]; mutexes: unknown[]; exclusions: unknown[]; tasks: { status: string }[]; schedule: { makespanMinutes: number; agents: number } };

describe('allocate and run --dry-run predict one makespan', () => {
  const seen = { groups: 0, done: 0, conflicts: 0 };
  it.each(DOCS)('%s', { timeout: 120_000 }, async (doc) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'docs'));
    copyFileSync(join(CORPUS, doc), join(dir, 'docs', basename(doc)));
    writeFileSync(join(dir, 'squad.config.yaml'), 'test:\n  command: "true"\n');
    const a = await squad(['allocate', join('docs', doc)], dir);
    expect(a.code, a.stderr).toBe(0);
    const plan: Plan = JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8'));
    seen.groups += plan.groups.length > 1 ? 1 : 0;
    seen.done += plan.tasks.some((t) => t.status === 'done') ? 1 : 0;
    seen.conflicts += plan.mutexes.length + plan.exclusions.length > 0 ? 1 : 0;
    const d = await squad(['run', '--dry-run', '--json', '--concurrency', String(plan.agents.length)], dir);
    expect(d.code, d.stderr).toBe(0);
    const dry = JSON.parse(d.stdout);
    expect(plan.schedule.makespanMinutes).toBeGreaterThan(0);
    // plan.json keeps two decimals.
    expect(plan.schedule.makespanMinutes).toBeCloseTo(dry.makespan, 2);
  });

  it('the documents cover groups, done tasks and file conflicts', () => {
    expect(seen.groups).toBeGreaterThan(0);
    expect(seen.done).toBeGreaterThan(0);
    expect(seen.conflicts).toBeGreaterThan(0);
  });
});
