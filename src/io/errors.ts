// Errors a user can act on. The CLI prints `file:line: message` and exits with `exitCode`; never a stack trace.

export class UserError extends Error {
  constructor(
    message: string,
    readonly file: string | null = null,
    readonly line: number | null = null,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** One line: `file:line: message` (parts omitted when unknown). */
  format(): string {
    const where = this.file ? (this.line ? `${this.file}:${this.line}: ` : `${this.file}: `) : '';
    return `${where}${this.message}`;
  }
}

/** Wrong flags or arguments: exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, null, null, 2);
    this.name = 'UsageError';
  }
}
