// What `squad doctor` reports: one problem, where it is, and what repairs it. A finding with a `fix` is one squad
// may repair by itself (--fix); one without is left for a person, with what to do.

export type Check = 'damaged-state' | 'claims' | 'runs' | 'tracker' | 'worktrees' | 'temp-files' | 'plan';

export type Finding = {
  check: Check;
  /** A file, a task id, a branch: what the line is about. */
  where: string;
  problem: string;
  /** What --fix does, or (no fix) what a person should do. */
  action: string;
  fix: (() => void | Promise<void>) | null;
};

/** How a finding ended: only seen, repaired, left for a person, or a repair that failed (with why). */
export type Outcome = 'found' | 'fixed' | 'left' | 'fix-failed';

export type Reported = Omit<Finding, 'fix'> & { outcome: Outcome; error?: string };

/** One line for people. */
export function findingLine(r: Reported): string {
  const head = `${r.where}: ${r.problem}`;
  switch (r.outcome) {
    case 'found':
      return `${head}; --fix would ${r.action}`;
    case 'fixed':
      return `${head}; fixed: ${r.action}`;
    case 'left':
      return `${head}; left for you: ${r.action}`;
    case 'fix-failed':
      return `${head}; could not ${r.action}: ${r.error}`;
  }
}
