/** Minutes assumed for a task without an estimate when predicting makespans (README "Estimates"). */
export const DEFAULT_ESTIMATE_MINUTES = 30;
