// plan.json older than its source document: the document changed after `squad allocate`, so the plan may miss
// tasks, dependencies or files. Ticked checkboxes do not count: squad run and squad verify tick them in the
// document after compiling, and that changes no task. Re-compiling is left for a person: it can drop or renumber
// tasks that claims and runs refer to.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Plan } from '../plan/schema.js';
import { sameAsCompiled, sourceFile } from '../trackers/source-file.js';
import { checkboxOnLine, lineSpans } from '../trackers/markdown/checkbox.js';
import type { Finding } from './finding.js';

/** The document with every task's checkbox set back to how the plan recorded it (open: ' ', done: as found or 'x'). */
function boxesAsCompiled(plan: Plan, bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const spans = lineSpans(copy);
  for (const t of plan.tasks) {
    const line = t.origin.checkboxLine;
    if (line === null) continue;
    const box = checkboxOnLine(copy, spans, line);
    if (!box) continue;
    if (t.status !== 'done') copy[box.markOffset] = 0x20;
    else if (!box.checked) copy[box.markOffset] = 0x78;
  }
  return copy;
}

export function planAgeFindings(plan: Plan, planFile: string, repoRoot: string): Finding[] {
  const src = sourceFile(plan, repoRoot);
  let bytes: Buffer;
  try {
    bytes = readFileSync(src.path);
  } catch {
    return []; // a missing document is the tracker check's to report
  }
  if (sameAsCompiled(plan, bytes) || sameAsCompiled(plan, boxesAsCompiled(plan, bytes))) return [];
  const newer = statSync(src.path).mtimeMs > statSync(planFile).mtimeMs;
  return [
    {
      check: 'plan',
      where: relative(repoRoot, planFile) || planFile,
      problem: `${newer ? 'older than' : 'not compiled from'} its source document ${src.display} (it changed since 'squad allocate')`,
      action: `re-run 'squad allocate ${src.display}' with the options you compiled it with`,
      fix: null,
    },
  ];
}
