// The plan's source document, for the trackers that write into it (markdown, Task Master).
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Plan } from '../plan/schema.js';
import { UserError } from '../io/errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';

export interface SourceFile {
  /** As the plan names it (relative to where `squad allocate` ran), for messages. */
  display: string;
  path: string;
}

export function sourceFile(plan: Plan, repoRoot: string): SourceFile {
  return { display: plan.source, path: isAbsolute(plan.source) ? plan.source : resolve(repoRoot, plan.source) };
}

export function readSource(src: SourceFile): Buffer {
  try {
    return readFileSync(src.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `the plan's source document is not there; run squad from the directory 'squad allocate' ran in, or pass --tracker none`
        : `cannot read the plan's source document (${code})`,
      src.display,
    );
  }
}

/** Is this the text the plan was compiled from? Then recorded line numbers still hold. */
export function sameAsCompiled(plan: Plan, bytes: Uint8Array): boolean {
  return createHash('sha256').update(bytes).digest('hex') === plan.sourceHash;
}

/** Replace the document atomically, keeping its permission bits (the atomic write creates a new file). */
export function rewriteSource(src: SourceFile, bytes: Uint8Array): void {
  const mode = statSync(src.path).mode & 0o7777;
  writeFileAtomic(src.path, bytes);
  if ((statSync(src.path).mode & 0o7777) !== mode) chmodSync(src.path, mode);
}
