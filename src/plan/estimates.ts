/** Minutes assumed for a task without an estimate when predicting makespans (README "Estimates"). */
export const DEFAULT_ESTIMATE_MINUTES = 30;

/**
 * The one weight of an open task, used by every prediction (`squad allocate`, `squad run --dry-run`, the
 * b-level that orders ready tasks): its estimate, else DEFAULT_ESTIMATE_MINUTES. One rule, so the
 * allocation's predicted makespan and the dry-run's agree on the same plan.
 */
export function estimatedMinutes(estimate: number | null | undefined): number {
  return estimate ?? DEFAULT_ESTIMATE_MINUTES;
}
