// What the pipeline loads for a worktree run (a dynamic import: shared runs never load git or execa).
export { prepareIntegration } from './preflight.js';
export { abortMerge } from './merge.js';
export { WorktreeRun } from './worktree-run.js';
export { resumeWorktrees } from './resume.js';
