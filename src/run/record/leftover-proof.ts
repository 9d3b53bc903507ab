// May --resume signal the process group a run record names? The record is a file in the repository: anyone
// can write one, so a group is signalled only when this host's squad provably started it: the pid, the
// leader's recorded start time and the host all match. kill() reads 0 as "my own group", -1 as "every process
// I may signal" and -n as group n, so pid 1 or below is never signalled, whatever the record says.
import type { RunTask } from './schema.js';
import { LOWEST_TASK_GROUP } from '../../process/process-group.js';

export interface ProcFacts {
  host: string;
  /** This squad's pid and process group: never its own. */
  ownPid: number;
  ownGroup: number | null;
  /** Start time of a live process (as recorded by task-records.ts), null when it is not running. */
  startedAt(pid: number): string | null;
  /** Does the process group still have a running member? */
  groupAlive(pgid: number): boolean;
}

export type LeftoverVerdict = { kind: 'ours' } | { kind: 'gone' } | { kind: 'refused'; why: string };

export function judgeLeftover(t: Pick<RunTask, 'pid' | 'pidStart' | 'host'>, facts: ProcFacts): LeftoverVerdict {
  const pid = t.pid;
  if (pid === null) return { kind: 'gone' };
  if (!Number.isSafeInteger(pid) || pid < LOWEST_TASK_GROUP) {
    return { kind: 'refused', why: "kill() reads pid 0, 1 and negatives as squad's own group or every process, so they are never signalled" };
  }
  if (pid === facts.ownPid || pid === facts.ownGroup) return { kind: 'refused', why: "that is this squad's own process or group" };
  if (t.host === null) return { kind: 'refused', why: 'the record does not say which host started it (an older squad wrote it); stop it yourself if it still runs' };
  if (t.host !== facts.host) return { kind: 'refused', why: `it was started on host ${t.host}, not on this one (${facts.host})` };
  if (t.pidStart === null) return { kind: 'refused', why: 'the record has no start time for it, so nothing proves squad started it' };
  if (!facts.groupAlive(pid)) return { kind: 'gone' };
  const actual = facts.startedAt(pid);
  if (actual === null) {
    return { kind: 'refused', why: 'its leader has exited, so nothing proves its group is the one squad started; stop the group yourself if it still runs' };
  }
  if (actual !== t.pidStart) return { kind: 'refused', why: `the pid now belongs to a process started at ${actual}, not at ${t.pidStart} (reused)` };
  return { kind: 'ours' };
}
