// Exit codes of `squad verify` (documented in README, "squad verify").
export const VERIFY_EXIT = {
  /** Tests passed and every task done in squad's state is closed in the tracker (now or before). */
  ok: 0,
  /** Bad input: plan or config unreadable, source document missing, bd not installed. Nothing closed. */
  input: 1,
  usage: 2,
  /** Tests passed, but the tracker refused or lost some done tasks (bd refusals, a partial close). */
  notClosed: 3,
  /** Tests failed or found no tests (without test.allowNoTests): nothing closed. Same code as `squad run`. */
  testsFailed: 4,
} as const;
