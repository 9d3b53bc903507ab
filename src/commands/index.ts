// The command table. Each command module exports `run(argv): Promise<number>` (the exit code).
// Modules load lazily so `squad allocate` never pays for the runner's imports.

export type CommandModule = { run(argv: string[]): Promise<number>; summary: string };

export const commands: Record<string, () => Promise<CommandModule>> = {
  allocate: () => import('./allocate.js'),
  add: () => import('./add.js'),
  explain: () => import('./explain.js'),
  claim: () => import('./claim.js'),
  next: () => import('./next.js'),
  start: () => import('./start.js'),
  done: () => import('./done.js'),
  release: () => import('./release.js'),
  heartbeat: () => import('./heartbeat.js'),
  status: () => import('./status.js'),
  verify: () => import('./verify.js'),
  run: () => import('./run.js'),
  init: () => import('./init.js'),
  doctor: () => import('./doctor.js'),
  note: () => import('./note.js'),
  metrics: () => import('./metrics.js'),
  worker: () => import('./worker.js'),
  'remote-task': () => import('./remote-task.js'),
};
