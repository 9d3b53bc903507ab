#!/usr/bin/env node
// Entry point: dispatch to a command, turn user errors into one line and an exit code.
import { commands } from './commands/index.js';
import { UsageError, UserError } from './io/errors.js';
import { usageLine } from './commands/args.js';
import { setWriteRoot } from './io/safe-path.js';
import { relative } from 'node:path';

const HELP = `usage: squad <command> [options]

commands:
${Object.keys(commands).map((c) => `  ${c}`).join('\n')}

Run 'squad <command> --help' for a command's options. Exit codes are listed in README.`;

// The reader of stdout or stderr went away (`squad run | head`). Node ignores SIGPIPE and reports EPIPE as
// an 'error' event, which, unhandled, is a crash with a stack trace. Instead: stop writing to the closed
// stream, and raise SIGPIPE inside the process, so a command that listens for stop signals (squad run,
// squad verify) stops its tasks and finishes its bookkeeping as it does on Ctrl-C; exit 141 as a process
// killed by SIGPIPE would.
let pipeClosed = false;
function onStreamError(stream: NodeJS.WriteStream) {
  return (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (() => true) as typeof stream.write;
    if (pipeClosed) return;
    pipeClosed = true;
    process.emit('SIGPIPE', 'SIGPIPE');
  };
}
process.stdout.on('error', onStreamError(process.stdout));
process.stderr.on('error', onStreamError(process.stderr));
const SIGPIPE_EXIT = 141;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('squad 0.1.0\n');
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`squad: unknown command '${name}'; run 'squad --help' for the list\n`);
    return 2;
  }
  // Every write of every command stays inside the repository the command runs in (io/safe-path.ts).
  setWriteRoot(process.cwd());
  const mod = await load();
  return mod.run(rest);
}

const FS_REASONS: Record<string, string> = {
  ENOTDIR: 'a file stands where squad expects a folder',
  EISDIR: 'a folder stands where squad expects a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
};

/** `path: what the file system said; what to do`, for errors about a place rather than about squad. */
function fileSystemLine(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException;
  const reason = e && typeof e === 'object' ? FS_REASONS[e.code ?? ''] : undefined;
  if (!reason) return null;
  const where = e.path ? relative(process.cwd(), e.path) || e.path : 'squad';
  return `${where}: ${reason}; fix it or move it aside (squad keeps its state under .squad/), then run the command again`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code === 0 && pipeClosed ? SIGPIPE_EXIT : code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      // One line for every command: `squad run: unknown option '--x'; see 'squad run --help'`.
      const command = process.argv[2] ?? '';
      process.stderr.write(`${command in commands ? usageLine(command, err.message) : `squad: ${err.format()}`}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof UserError) {
      // `file:line: message` stays clickable in editors and CI annotations, so no prefix when there is a place.
      process.stderr.write(err.file ? `${err.format()}\n` : `squad: ${err.format()}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // The file system said no (a file where a folder belongs, a full disk, no permission): the place, not a bug.
    const fsError = fileSystemLine(err);
    if (fsError) {
      process.stderr.write(`${fsError}\n`);
      process.exitCode = 1;
      return;
    }
    // A bug in squad, not in the input: still one line, plus how to get the trace.
    const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    process.stderr.write(`squad: internal error: ${msg} (set SQUAD_DEBUG=1 for the trace, and please report it)\n`);
    if (process.env.SQUAD_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 70;
  },
);
