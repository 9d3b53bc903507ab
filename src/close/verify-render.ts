// How `squad verify` reports: plain lines for terminals and CI logs, and a markdown summary for
// $GITHUB_STEP_SUMMARY. Pure. (--json prints the VerifyReport itself.)
import type { Outcome, TaskOutcome } from './verify-outcome.js';
import type { VerifyReport } from './verify.js';

const LABEL: Record<Outcome, string> = {
  closed: 'closed',
  'already-closed': 'already closed',
  'not-closed': 'not closed',
  untracked: 'untracked',
  'held-open': 'held open',
  'not-done': 'not done',
  'no-tracker': 'done, no tracker',
};

// Tasks listed one per line; not-done and already-closed ones are only counted when there are many.
const LIST_LIMIT = 50;

function taskLine(t: TaskOutcome): string {
  const where = t.where ? ` (${t.where})` : '';
  return `${LABEL[t.outcome]} ${t.id}${where}${t.why ? `: ${t.why}` : ''}`;
}

export function totals(r: VerifyReport): string {
  const order: Outcome[] = ['closed', 'not-closed', 'untracked', 'held-open', 'no-tracker', 'already-closed', 'not-done'];
  return order.filter((k) => r.counts[k] > 0).map((k) => `${r.counts[k]} ${LABEL[k]}`).join(', ') || 'no tasks';
}

export function plainLines(r: VerifyReport): string[] {
  const lines = [`verify: ${r.tests.summary}`];
  for (const l of r.tests.tail) lines.push(`  | ${l}`);
  if (r.interrupted) lines.push(`verify: interrupted by ${r.interrupted}; nothing closed`);
  for (const kind of ['closed', 'not-closed', 'untracked', 'held-open', 'no-tracker'] as const) {
    for (const t of r.tasks.filter((x) => x.outcome === kind)) lines.push(taskLine(t));
  }
  const notDone = r.tasks.filter((t) => t.outcome === 'not-done');
  for (const t of notDone.slice(0, LIST_LIMIT)) lines.push(taskLine(t));
  if (notDone.length > LIST_LIMIT) lines.push(`... and ${notDone.length - LIST_LIMIT} more not done (see --json)`);
  lines.push(`verify: ${totals(r)}; exit ${r.exitCode}`);
  return lines;
}

/** Table cells: one line, no pipes breaking the row. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function table(rows: TaskOutcome[], limit: number, withWhy = true): string[] {
  const head = withWhy ? ['Task', 'Title', 'Where', 'Why'] : ['Task', 'Title', 'Where'];
  const row = (cells: string[]) => `| ${cells.slice(0, head.length).join(' | ')} |`;
  const out = [row(head), row(head.map(() => '---'))];
  for (const t of rows.slice(0, limit)) out.push(row([code(t.id), cell(t.title), cell(t.where ?? '-'), cell(t.why ?? '')]));
  if (rows.length > limit) out.push(row(['', `... and ${rows.length - limit} more`, '', '']));
  return out;
}

export function stepSummary(r: VerifyReport): string {
  const headline = !r.tests.passed
    ? `❌ tests did not pass; nothing closed`
    : r.exitCode !== 0
      ? `⚠️ ${r.counts.closed} task(s) closed, ${r.counts['not-closed']} could not be closed`
      : `✅ ${r.counts.closed} task(s) closed`;
  const out = [
    `## squad verify: ${headline}`,
    '',
    '| | |',
    '|---|---|',
    `| Tests | ${cell(r.tests.summary)} |`,
    `| Tracker | ${cell(`${r.tracker.name}: ${r.tracker.why}`)} |`,
    `| Plan | ${code(r.plan)} from ${code(r.source)} |`,
    `| Tasks | ${cell(totals(r))} |`,
    `| Exit code | ${r.exitCode} |`,
    '',
  ];
  const closed = r.tasks.filter((t) => t.outcome === 'closed');
  if (closed.length) out.push('### Closed', '', ...table(closed, 200, false), '');
  const leftOpen = r.tasks.filter((t) => ['not-closed', 'untracked', 'held-open', 'no-tracker'].includes(t.outcome));
  if (leftOpen.length) out.push('### Done but left open', '', ...table(leftOpen, 200), '');
  const notDone = r.tasks.filter((t) => t.outcome === 'not-done');
  if (notDone.length) out.push('<details><summary>Not done yet in squad\'s state (' + notDone.length + ')</summary>', '', ...table(notDone, 200), '', '</details>', '');
  if (r.tests.tail.length) {
    out.push(`<details><summary>Test output (last ${r.tests.tail.length} lines)</summary>`, '', '```text', ...r.tests.tail.map((l) => l.replace(/```/g, "'''")), '```', '', '</details>', '');
  }
  return out.join('\n') + '\n';
}
