// Exit codes of `squad run` (documented in README, "Running the plan"). When several apply, the lowest non-zero wins.
export const RUN_EXIT = {
  ok: 0,
  /** Bad input: plan or config unreadable, agent command missing, nothing to resume. Nothing started. */
  input: 1,
  usage: 2,
  /** A task failed, timed out, or was not run because of a failure. */
  taskFailed: 3,
  /** The test phase failed or found no tests; the group's tasks stay open. */
  testsFailed: 4,
  /** A dependency outside the group is not done (use --with-deps), or another run holds the plan's run. */
  blocked: 5,
  /** A refresh command marked `fatal: true` failed. */
  refreshFailed: 6,
  /** Tests passed and the run state is closed, but the tracker did not close some tasks. */
  trackerRefused: 7,
  interruptedInt: 130,
  interruptedTerm: 143,
} as const;

export function worst(codes: readonly number[]): number {
  const failing = codes.filter((c) => c !== 0);
  return failing.length ? Math.min(...failing) : 0;
}
