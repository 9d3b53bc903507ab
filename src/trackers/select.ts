// Which tracker `squad verify` closes tasks in. `auto` looks at what the plan came from and what the
// repository has: beads when tasks carry bd ids and the repository has a .beads/ folder, else the plan's
// source document (Task Master tasks.json or markdown).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../plan/schema.js';
import { UserError } from '../io/errors.js';
import { beadsTracker } from './beads/tracker.js';
import { markdownTracker } from './markdown/tracker.js';
import { taskmasterTracker } from './taskmaster/tracker.js';
import { sourceFile } from './source-file.js';
import type { Tracker, TrackerName } from './types.js';

export const TRACKER_CHOICES = ['auto', 'beads', 'taskmaster', 'markdown', 'none'] as const;
export type TrackerChoice = (typeof TRACKER_CHOICES)[number];

export interface Selected {
  name: TrackerName | 'none';
  /** Why this one, for the first line of output. */
  why: string;
}

/** Source formats squad reads but does not close tasks in (a beads export closes through bd, when .beads/ is there). */
const READ_ONLY_SOURCES: Record<string, string> = {
  'ralph-prd-json': 'a Ralph prd.json',
  'bmad-sprint-status': 'a BMAD sprint-status.yaml',
  'beads-jsonl': 'a beads export without a .beads/ database',
};

function fromSource(plan: Plan): TrackerName {
  return plan.format === 'taskmaster-json' || plan.tasks.some((t) => t.origin.kind === 'taskmaster') ? 'taskmaster' : 'markdown';
}

/** Resolve `--tracker`. Pure apart from checking which files exist. */
export function selectTracker(choice: TrackerChoice, plan: Plan, repoRoot: string): Selected {
  if (choice === 'none') return { name: 'none', why: '--tracker none: tests only, nothing is closed' };
  const withIds = plan.tasks.filter((t) => t.beadsId).length;
  const hasBeads = existsSync(join(repoRoot, '.beads'));
  if (choice === 'beads') {
    // Asked for by name, beads must be able to close something: else every task would only be "untracked".
    if (!hasBeads) throw new UserError(`--tracker beads, but the repository has no .beads/; run 'bd init' (or 'bd bootstrap --yes' in a fresh clone), or pick another --tracker`);
    if (withIds === 0) throw new UserError(`--tracker beads, but no task of the plan has a bd id; compile it with 'squad allocate --beads', or pick another --tracker`);
  }
  if (choice !== 'auto') return { name: choice, why: `--tracker ${choice}` };
  if (withIds > 0 && hasBeads) return { name: 'beads', why: `${withIds} of ${plan.tasks.length} task(s) carry bd ids and the repository has .beads/` };
  const readOnly = READ_ONLY_SOURCES[plan.format];
  if (readOnly) return { name: 'none', why: `plan compiled from ${readOnly}, which squad does not write to: nothing is closed (the run state still records what passed)` };
  const kind = fromSource(plan);
  const src = sourceFile(plan, repoRoot);
  if (!existsSync(src.path)) {
    throw new UserError(`the plan's source document is not there, so there is nothing to close tasks in; run squad where 'squad allocate' ran, or pass --tracker none (or beads)`, src.display);
  }
  const because = withIds > 0 ? ` (tasks carry bd ids, but the repository has no .beads/)` : '';
  return { name: kind, why: `plan compiled from ${kind === 'taskmaster' ? 'Task Master' : 'markdown'} ${src.display}${because}` };
}

export function openTracker(name: TrackerName, plan: Plan, repoRoot: string, env?: NodeJS.ProcessEnv): Tracker {
  switch (name) {
    case 'beads':
      return beadsTracker(plan, repoRoot, env);
    case 'taskmaster':
      return taskmasterTracker(plan, repoRoot);
    case 'markdown':
      return markdownTracker(plan, repoRoot);
  }
}
