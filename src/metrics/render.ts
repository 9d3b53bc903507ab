// The text of `squad metrics`: a block per run, then one over all runs. Pure.
import { formatDuration } from '../state/format.js';
import type { Figures } from './figures.js';
import type { Metrics } from './load.js';

// Runs of a few seconds are common (and tested): under a minute, to the hundredth of a second.
const dur = (v: number | null) => (v === null ? '-' : v < 60_000 ? `${(v / 1000).toFixed(2)}s` : formatDuration(v));
const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 2) => (v === null ? '-' : v.toFixed(digits));

function block(title: string, f: Figures): string[] {
  const lines = [
    title,
    `  tasks ${f.tasks}; makespan ${dur(f.makespanMs)} (predicted ${dur(f.predictedMs)}, lower bound ${dur(f.lowerBoundMs)}); work ${dur(f.workMs)}`,
    `  parallelism ${num(f.parallelism)}${f.concurrency !== null ? ` of ${f.concurrency}` : ''}, efficiency ${pct(f.efficiency)}`,
    `  claim latency p50 ${dur(f.claimLatency.p50Ms)}, p99 ${dur(f.claimLatency.p99Ms)} (${f.claimLatency.count} claims); claims lost to races ${f.claimsLostToRaces}; stale takeovers ${f.staleTakeovers}`,
    `  waits for file exclusions ${f.exclusionWaits.count} (${dur(f.exclusionWaits.totalMs)}); ownership violations ${f.ownershipViolations}; merge conflicts ${f.mergeConflicts}`,
  ];
  for (const a of f.byAgentType) {
    const acc = a.estimateAccuracy === null ? 'no estimates' : `actual/estimate ${num(a.estimateAccuracy)} over ${a.estimated}`;
    lines.push(`  ${a.agent}: ${a.tasks} task(s), ${dur(a.durationMs)} (mean ${dur(a.meanMs)}), failure rate ${pct(a.failureRate)}, ${acc}`);
  }
  return lines;
}

export function renderMetrics(m: Metrics): string {
  if (m.runs.length === 0) return `${m.plan}: no runs yet; 'squad run' records one\n`;
  const lines: string[] = [];
  for (const r of m.runs) lines.push(...block(`run ${r.runId} (${r.status}, ${r.createdAt})`, r), '');
  lines.push(...block(`all ${m.runs.length} run(s) of ${m.plan}`, m.overall));
  return lines.join('\n') + '\n';
}
