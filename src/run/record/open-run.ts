// A run record to work in: a fresh one, or the previous run of the plan reopened for --resume (leftover
// processes stopped, unfinished tasks pending again). Written once before anything starts.
import { hostname } from 'node:os';
import type { Session } from '../../state/index.js';
import type { RunGroup } from '../../plan/groups.js';
import { RecordFile, statePath } from './record-file.js';
import { reopenUnfinished, stopLeftovers, type Leftovers } from './resume.js';
import { RUN_RECORD_VERSION, type RunRecord } from './schema.js';
import { newGroupEntry, newTaskEntry, TaskRecords } from './task-records.js';

export interface OpenedRun {
  file: RecordFile;
  records: TaskRecords;
  /** What a crashed run left running: stopped, or not signalled because nothing proves squad started it. */
  leftovers: Leftovers;
}

export async function openRunRecord(o: {
  repoRoot: string;
  planPath: string;
  runId: string;
  previous: RunRecord | null;
  groups: RunGroup[];
  options: RunRecord['options'];
  session: Session;
  graceMs: number;
}): Promise<OpenedRun> {
  const runner = { pid: process.pid, host: hostname(), startedAt: o.session.startedAt };
  const now = new Date().toISOString();
  let leftovers: Leftovers = { stopped: [], escaped: [], refused: [] };
  let record: RunRecord;
  if (o.previous) {
    record = o.previous;
    leftovers = await stopLeftovers(record, o.graceMs);
    reopenUnfinished(record);
    Object.assign(record, { runner, options: o.options });
  } else {
    record = {
      version: RUN_RECORD_VERSION,
      runId: o.runId,
      plan: o.planPath,
      createdAt: now,
      updatedAt: now,
      runner,
      options: o.options,
      status: 'running',
      exitCode: null,
      groups: o.groups.map((g) => newGroupEntry(g.name)),
      tasks: o.groups.flatMap((g) => g.tasks.map((t) => newTaskEntry(t, g.name))),
    };
  }
  const file = new RecordFile(statePath(o.repoRoot, record.runId), record);
  const records = new TaskRecords(file);
  // A resumed run may cover other groups than before, and the plan may have gained tasks.
  for (const g of o.groups) {
    records.group(g.name);
    for (const t of g.tasks) records.ensureTask(t, g.name);
  }
  file.flush();
  return { file, records, leftovers };
}
