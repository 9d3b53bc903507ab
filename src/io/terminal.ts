// How to talk to the user: live output in a terminal, one plain line per event in CI or a pipe, NO_COLOR honoured.

export interface TerminalInfo {
  /** A live, redrawable view is allowed (TTY and not CI). */
  live: boolean;
  color: boolean;
}

export function terminalInfo(stream: NodeJS.WriteStream = process.stdout, env = process.env): TerminalInfo {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  const tty = Boolean(stream.isTTY);
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { live: tty && !ci, color: tty && !noColor && env.TERM !== 'dumb' };
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Style = keyof typeof codes;

export function paint(info: TerminalInfo, style: Style, text: string): string {
  return info.color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text;
}
