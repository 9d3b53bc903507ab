// What one test run came to, as kept in a run record (`squad run`) and reported by `squad verify`.
import { z } from 'zod';

export const TestOutcome = z.object({
  command: z.string().nullable(),
  /** Where the command came from: config, package.json, pytest, cargo, go, or none. */
  source: z.string(),
  exitCode: z.number().int().nullable(),
  verdict: z.enum(['pass', 'fail', 'no-tests']),
  log: z.string().nullable(),
});
export type TestOutcome = z.infer<typeof TestOutcome>;
