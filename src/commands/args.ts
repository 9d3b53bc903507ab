// Flag parsing shared by every command: node:util parseArgs, strict, errors as usage errors (exit 2).
// A usage error says what is wrong in one line; src/cli.ts prints it as
// `squad <cmd>: <what is wrong>; see 'squad <cmd> --help'` (the usage text is for --help, not for errors).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../io/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse `argv` for `command` (`--help`/`-h` is added). The older form `parseFlags(argv, options, usage)`
 * is kept for callers not moved yet; the usage text is no longer printed with the error either way.
 */
/** `command` names the command in usage errors (cli.ts prints them as `squad <command>: ...`). */
export function parseFlags<T extends Options>(_command: string, argv: string[], options: T): ReturnType<typeof parse<T>> {
  return parse(argv, options);
}

function parse<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseArgsProblem(err));
  }
}

/**
 * node's parseArgs message, first sentence only and in lower case: "Unknown option '--nope'. To specify a
 * positional argument starting with a '-', place it at the end..." becomes "unknown option '--nope'".
 */
export function parseArgsProblem(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.split(/\.\s/)[0]!.replace(/\.$/, '');
  return msg.charAt(0).toLowerCase() + msg.slice(1);
}

/** The one line a usage error is shown as. Strips a repeated command name and a `see ... --help` already there. */
export function usageLine(command: string, message: string): string {
  let what = message.split('\n')[0]!.trim();
  for (const prefix of [`${command}: `, `${command} `]) if (what.startsWith(prefix)) what = what.slice(prefix.length);
  what = what.replace(/;?\s*see 'squad [\w-]+ --help'$/, '');
  return `squad ${command}: ${what}; see 'squad ${command} --help'`;
}

export function intFlag(value: string | undefined, name: string, min: number, max: number): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

export function choiceFlag<C extends string>(value: string | undefined, name: string, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} takes one of ${choices.join(', ')}, not '${value}'`);
  return value as C;
}
