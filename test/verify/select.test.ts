// --tracker auto picks the tracker from what the plan came from and what the repository has.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as verifyCmd from '../../src/commands/verify.js';
import { selectTracker } from '../../src/trackers/select.js';
import { TempRepo, TESTS, fixture, runIn } from './helpers/repo.js';

/** The machine-format documents are read from the compiler's corpus copies. */
const corpus = (name: string) => readFileSync(new URL(`../fixtures/corpus/${name}`, import.meta.url));

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
});
afterEach(() => repo.cleanup());

describe('selectTracker', () => {
  it('picks markdown for a plan compiled from markdown', () => {
    repo.write('specs/tasks.md', fixture('01_speckit_tasks_template.md'));
    expect(selectTracker('auto', repo.compile('specs/tasks.md'), repo.root)).toEqual({ name: 'markdown', why: 'plan compiled from markdown specs/tasks.md' });
  });

  it('picks taskmaster for a plan compiled from tasks.json', () => {
    repo.write('.taskmaster/tasks/tasks.json', fixture('16_taskmaster_expense_analyser_tasks.json'));
    expect(selectTracker('auto', repo.compile('.taskmaster/tasks/tasks.json'), repo.root).name).toBe('taskmaster');
  });

  it('picks beads when tasks carry bd ids and the repository has .beads/, else the source document', () => {
    repo.write('plan.md', '- [ ] bd-a1b2 One\n- [ ] T002 Two\n');
    const plan = repo.compile('plan.md');
    expect(selectTracker('auto', plan, repo.root)).toEqual({ name: 'markdown', why: 'plan compiled from markdown plan.md (tasks carry bd ids, but the repository has no .beads/)' });
    mkdirSync(join(repo.root, '.beads'));
    expect(selectTracker('auto', plan, repo.root)).toEqual({ name: 'beads', why: '1 of 2 task(s) carry bd ids and the repository has .beads/' });
  });

  it('closes nothing in a Ralph prd.json or a BMAD sprint-status.yaml, and says so; a beads export closes through bd', () => {
    repo.write('scripts/ralph/prd.json', corpus('52_ralph_prd_json_userstories_priority_passes.json'));
    expect(selectTracker('auto', repo.compile('scripts/ralph/prd.json'), repo.root)).toEqual({
      name: 'none',
      why: 'plan compiled from a Ralph prd.json, which squad does not write to: nothing is closed (the run state still records what passed)',
    });
    repo.write('sprint-status.yaml', corpus('48_bmad_sprint_status_yaml_story_keys_comments.yaml'));
    expect(selectTracker('auto', repo.compile('sprint-status.yaml'), repo.root).name).toBe('none');
    repo.write('export/issues.jsonl', corpus('34_beads_jsonl_falcli_epic_blocks_verify.jsonl'));
    const beads = repo.compile('export/issues.jsonl');
    expect(selectTracker('auto', beads, repo.root).name).toBe('none');
    mkdirSync(join(repo.root, '.beads'));
    expect(selectTracker('auto', beads, repo.root)).toEqual({ name: 'beads', why: '9 of 9 task(s) carry bd ids and the repository has .beads/' });
  });

  it("refuses when the plan's source document is gone, naming it", () => {
    repo.write('tasks.md', fixture('01_speckit_tasks_template.md'));
    const plan = repo.compile('tasks.md');
    rmSync(join(repo.root, 'tasks.md'));
    expect(() => selectTracker('auto', plan, repo.root)).toThrow(/the plan's source document is not there.*--tracker none/);
    expect(selectTracker('none', plan, repo.root).name).toBe('none');
    expect(selectTracker('markdown', plan, repo.root)).toEqual({ name: 'markdown', why: '--tracker markdown' });
  });
});

describe('squad verify --tracker', () => {
  it('none runs the tests and closes nothing', async () => {
    const original = fixture('01_speckit_tasks_template.md');
    repo.write('tasks.md', original);
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T001']);
    const r = await runIn(repo, verifyCmd, ['--tracker', 'none']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^done, no tracker T001: no tracker to close it in \(--tracker none\)$/m);
    expect(repo.read('tasks.md').equals(original)).toBe(true);
  });

  it('beads, named explicitly, needs a .beads/ folder and tasks with bd ids (else exit 1, nothing run)', async () => {
    repo.write('tasks.md', fixture('01_speckit_tasks_template.md'));
    repo.compile('tasks.md');
    repo.config(TESTS.pass);
    repo.markDone(['T001']);
    await expect(runIn(repo, verifyCmd, ['--tracker', 'beads'])).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/^--tracker beads, but the repository has no \.beads\/; [^\n]*$/) });
    mkdirSync(join(repo.root, '.beads'));
    await expect(runIn(repo, verifyCmd, ['--tracker', 'beads'])).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/^--tracker beads, but no task of the plan has a bd id; [^\n]*$/) });
    expect(existsSync(join(repo.root, '.squad', 'verify', 'test.log'))).toBe(false);
  });

  it('rejects an unknown tracker and stray arguments as usage errors (exit 2)', async () => {
    repo.write('tasks.md', fixture('01_speckit_tasks_template.md'));
    repo.compile('tasks.md');
    await expect(runIn(repo, verifyCmd, ['--tracker', 'jira'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^--tracker takes one of auto, beads, taskmaster, markdown, none, not 'jira'$/) });
    await expect(runIn(repo, verifyCmd, ['extra'])).rejects.toMatchObject({ exitCode: 2 });
  });
});
