// Ctrl-C and SIGTERM: the first one stops every running task's process group (SIGTERM, SIGKILL after the
// grace period) and lets the run record what happened; a second Ctrl-C kills them at once. Whatever
// ends this process, an exit handler SIGKILLs any group still alive, so no task outlives squad.
import { killAllGroupsNow, stopAllGroups } from '../../process/process-group.js';

export interface InterruptHandlers {
  /** The first signal received, if any. */
  readonly signal: NodeJS.Signals | null;
  uninstall(): void;
}

export function installInterruptHandlers(onFirst: (signal: NodeJS.Signals) => void): InterruptHandlers {
  let first: NodeJS.Signals | null = null;
  const handle = (signal: NodeJS.Signals) => {
    if (first === null) {
      first = signal;
      onFirst(signal);
      stopAllGroups('stopped', false);
    } else {
      stopAllGroups('stopped', true);
    }
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  const onHup = () => handle('SIGHUP');
  // Raised by src/cli.ts when the reader of our output goes away (EPIPE): the same as being told to stop.
  const onPipe = () => handle('SIGPIPE');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  process.on('SIGPIPE', onPipe);
  process.on('exit', killAllGroupsNow);
  return {
    get signal() {
      return first;
    },
    uninstall() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      process.off('SIGPIPE', onPipe);
      process.off('exit', killAllGroupsNow);
    },
  };
}

/** Conventional exit status for death by a signal: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : signal === 'SIGPIPE' ? 141 : 1;
}
