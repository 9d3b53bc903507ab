// squad.config.yaml: one file for every command. Unknown keys are errors, so a typo is caught, not ignored.
import { z } from 'zod';
import { ReaderConfig, DEFAULT_READER } from '../model/reader-config.js';

/** A command as an argument array, or a string the user wrote for a shell (only config and `run:` lines may be strings). */
export const CommandSpec = z.union([z.array(z.string()).min(1), z.string().min(1)]);
export type CommandSpec = z.infer<typeof CommandSpec>;

/** worktree: each task in its own git worktree and branch, merged by squad; shared: every task in the one working tree. */
export const ISOLATIONS = ['worktree', 'shared'] as const;
export type Isolation = (typeof ISOLATIONS)[number];
/** What a worktree task's writes outside what the plan gives it do: fail the task, merge and record, or nothing. */
export const OWNERSHIP_MODES = ['fail', 'warn', 'off'] as const;
export type OwnershipMode = (typeof OWNERSHIP_MODES)[number];

export const Config = z
  .object({
    version: z.literal(1).default(1),
    concurrency: z.number().int().min(1).max(64).default(4),
    isolation: z.enum(ISOLATIONS).default('worktree'),
    ownership: z.enum(OWNERSHIP_MODES).default('fail'),
    merge: z
      .object({
        /** keep: a conflicting task is marked `conflict`, its branch kept; rerun: run it once more on the new integration head. */
        onConflict: z.enum(['keep', 'rerun']).default('keep'),
      })
      .strict()
      .default({ onConflict: 'keep' }),
    /** Agent type -> command. Placeholders: {prompt} (prompt file), {plan} (agent plan file), {task}, {agent}, {cwd}. `default` serves types with no entry. */
    agents: z.record(z.string(), z.array(z.string()).min(1)).default({}),
    routing: z
      .object({
        /** Agent type for ties and zero scores. */
        default: z.string().default('backend-architect'),
        /** `extend` adds to the built-in table; `replace` uses only these keywords. */
        mode: z.enum(['extend', 'replace']).default('extend'),
        keywords: z.record(z.string(), z.array(z.string())).default({}),
      })
      .strict()
      .default({ default: 'backend-architect', mode: 'extend', keywords: {} }),
    /** Extra path patterns that are always SEQUENTIAL (added to package.json, lockfiles, migrations, CI config). */
    redZones: z.array(z.string()).default([]),
    refresh: z
      .array(z.object({ command: CommandSpec, fatal: z.boolean().default(false) }).strict())
      .default([]),
    test: z
      .object({
        command: CommandSpec.optional(),
        /** Treat "no tests found" as a pass. Off by default: no tests is not evidence. */
        allowNoTests: z.boolean().default(false),
      })
      .strict()
      .default({ allowNoTests: false }),
    timeouts: z
      .object({
        taskMinutes: z.number().positive().default(60),
        inactivityMinutes: z.number().positive().default(10),
        graceSeconds: z.number().positive().default(10),
      })
      .strict()
      .default({ taskMinutes: 60, inactivityMinutes: 10, graceSeconds: 10 }),
    /** Where claims live: unset (or `file`) for the folder .squad/coord/, `redis://host:port/db` for a shared Redis. */
    store: z.string().min(1).optional(),
    claims: z
      .object({ ttlMinutes: z.number().positive().default(5) })
      .strict()
      .default({ ttlMinutes: 5 }),
    /** What the reader should also recognise (README "The reader's config"). */
    reader: ReaderConfig.default(DEFAULT_READER),
  })
  .strict();
export type Config = z.infer<typeof Config>;
