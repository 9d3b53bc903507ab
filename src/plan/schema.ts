// The compiled plan: the contract between `squad allocate` and every other command.
// Field names listed in the README under "plan.json" are a public contract: add fields, never rename.
import { z } from 'zod';
import { PLAN_STATUSES } from './states.js';

export const PLAN_VERSION = 1;

export const FileAccess = z.enum(['create', 'modify', 'read']);
export type FileAccess = z.infer<typeof FileAccess>;

export const TaskFile = z.object({
  path: z.string(),
  access: FileAccess,
});
export type TaskFile = z.infer<typeof TaskFile>;

export const Routing = z.object({
  /** 'explicit' when the document named the agent, else 'keywords' or 'default'. */
  source: z.enum(['explicit', 'keywords', 'default']),
  score: z.number(),
  runnerUp: z.object({ agent: z.string(), score: z.number() }).nullable(),
  /** The words that scored, so a reader can see why. */
  matched: z.array(z.string()),
});
export type Routing = z.infer<typeof Routing>;

/** Where a task's done-state lives in its source, so trackers can close it there. */
export const TaskOrigin = z.object({
  kind: z.enum(['markdown', 'taskmaster']),
  /** markdown: 1-based line of the task's checkbox, or null when the task has none. */
  checkboxLine: z.number().int().nullable(),
  /** taskmaster: tag the task lives under and its id as written in tasks.json. */
  tag: z.string().nullable(),
  rawId: z.union([z.string(), z.number()]).nullable(),
});
export type TaskOrigin = z.infer<typeof TaskOrigin>;

/** What bd ids look like (`bd-a1b2`, `proj-12.3`): never an option (`--all`), never a path. Checked when a plan is loaded
 * (check.ts) and again before an id reaches bd. */
export const BEADS_ID = /^[A-Za-z0-9][\w.-]*$/;

export const PlanTask = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(PLAN_STATUSES),
  line: z.number().int(),
  deps: z.array(z.string()),
  group: z.string().nullable(),
  phase: z.string().nullable(),
  /** Agent type (routing result). */
  agent: z.string(),
  /** The lane (agent instance) that owns this task, e.g. `agent-2`. */
  agentId: z.string(),
  routing: Routing,
  files: z.array(TaskFile),
  estimateMinutes: z.number().nullable(),
  run: z.string().nullable(),
  /** A shell command (the author's `Gate:` / `Verify:` / `Test:` line) that must pass after the task succeeds and
   * before it counts as done. Plans written before gates existed have none. */
  gate: z.string().nullable().default(null),
  acceptance: z.array(z.string()),
  steps: z.array(z.string()),
  details: z.string(),
  /** Dependencies the document names but does not define (kept, never dropped). */
  externalDeps: z.array(z.string()),
  /** beads id when the task lives in beads (see BEADS_ID). */
  beadsId: z.string().nullable(),
  origin: TaskOrigin,
  /** Added to the compiled plan with `squad add` (not written in the source document): who added it, and when.
   * Re-allocating the document keeps such tasks; they have no place in a tracker (untracked). */
  added: z.object({ by: z.string(), at: z.string() }).optional(),
});
export type PlanTask = z.infer<typeof PlanTask>;

export const PlanAgent = z.object({
  id: z.string(),
  type: z.string(),
  tasks: z.array(z.string()),
  /** Directories this agent owns exclusively (no other agent writes below them). */
  owns: z.array(z.string()),
  loadMinutes: z.number(),
});
export type PlanAgent = z.infer<typeof PlanAgent>;

export const Ownership = z.object({
  path: z.string(),
  /** exclusive: one agent writes it; sequential: several tasks write it, one at a time in `order`; read-only: nobody writes it. */
  mode: z.enum(['exclusive', 'sequential', 'read-only']),
  owner: z.string().nullable(),
  /** Writing tasks in DAG order (who goes first). */
  order: z.array(z.string()),
  readers: z.array(z.string()),
  reason: z.string(),
});
export type Ownership = z.infer<typeof Ownership>;

/** Two tasks the DAG would let run together although both write `path`: the runner must never overlap them. */
export const Exclusion = z.object({
  path: z.string(),
  tasks: z.tuple([z.string(), z.string()]),
});
export type Exclusion = z.infer<typeof Exclusion>;

/** Many tasks writing one path: at most one of them runs at a time (recorded instead of every pair). */
export const Mutex = z.object({
  path: z.string(),
  tasks: z.array(z.string()),
});
export type Mutex = z.infer<typeof Mutex>;

export const Warning = z.object({
  message: z.string(),
  line: z.number().int().nullable(),
});
export type Warning = z.infer<typeof Warning>;

export const ExternalDep = z.object({
  id: z.string(),
  requiredBy: z.array(z.string()),
  line: z.number().int(),
});

export const ScheduleSlot = z.object({
  task: z.string(),
  agentId: z.string(),
  start: z.number(),
  end: z.number(),
});

export const Plan = z.object({
  version: z.literal(PLAN_VERSION),
  source: z.string(),
  /** sha256 of the source text, so other commands can tell the plan is stale. */
  sourceHash: z.string(),
  format: z.string(),
  order: z.object({
    requested: z.enum(['auto', 'document', 'explicit']),
    mode: z.enum(['document', 'explicit']),
    reason: z.string(),
  }),
  tasks: z.array(PlanTask),
  agents: z.array(PlanAgent),
  groups: z.array(z.object({ name: z.string(), tasks: z.array(z.string()) })),
  ownership: z.array(Ownership),
  exclusions: z.array(Exclusion),
  mutexes: z.array(Mutex).default([]),
  externalDeps: z.array(ExternalDep),
  criticalPath: z.object({ tasks: z.array(z.string()), minutes: z.number() }),
  schedule: z.object({
    agents: z.number().int(),
    makespanMinutes: z.number(),
    soloMinutes: z.number(),
    slots: z.array(ScheduleSlot),
    /** The medians of finished tasks' durations the prediction weighed unestimated tasks with (src/plan/estimates.ts). */
    learned: z.object({ from: z.number().int(), overall: z.number(), byAgent: z.record(z.string(), z.number()) }).optional(),
  }),
  successCriteria: z.array(z.object({ text: z.string(), line: z.number().int(), done: z.boolean() })),
  warnings: z.array(Warning),
  /** Counts the plans written for one source: 1 for the first compile, +1 for each re-allocate or `squad add`.
   * A running `squad run` watches it to pick up new tasks. Absent in plans written before revisions existed. */
  revision: z.number().int().min(1).optional(),
  /** The allocate flags the plan was compiled with, so `squad add` and a re-allocate compile it the same way. */
  compiledWith: z.object({ agents: z.number().int().nullable(), tag: z.string().nullable() }).optional(),
});
export type Plan = z.infer<typeof Plan>;
