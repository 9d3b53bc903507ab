// What the user chose for `squad run`, shared by the real run and --dry-run.
import type { ContinueMode } from '../schedule/scheduler.js';
import type { TrackerChoice } from '../trackers/select.js';
import type { Isolation } from '../config/schema.js';

export interface PlanSelection {
  /** Repository root: where .squad/ lives and where tasks run. */
  cwd: string;
  planFile: string;
  configFile?: string;
  group?: string;
  concurrency?: number;
  continueMode?: ContinueMode;
  withDeps: boolean;
  /** --store: where claims live (src/state/open-store.ts); undefined: $SQUAD_STORE, else config `store`, else the folder. */
  store?: string;
}

export interface RunOptions extends PlanSelection {
  resume: boolean;
  json: boolean;
  /** Where to close tasks besides the run state; `auto` picks from the plan and the repository; undefined: the resumed run's choice, else auto. */
  tracker?: TrackerChoice;
  /** Each task in its own worktree, or all in one tree; undefined: the resumed run's choice, else config `isolation`. */
  isolation?: Isolation;
  /** The branch finished tasks merge into (worktree isolation); undefined: the resumed run's, else the current branch. */
  into?: string;
  /** --local N with a Redis store: run at most N tasks here, send the rest to `squad worker`s; undefined: all here. */
  local?: number;
  /** --remote: the shared repository workers fetch from and push to, as this repository's git knows it (default origin). */
  remote?: string;
}
