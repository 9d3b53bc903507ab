// A task's end line (`done  T1`, `FAIL  T2`) is printed only once that end is on disk in both places that say it:
// the run record (state.json) and the claim store (the task's 'done' or 'failed' entry). Issue 13 item 1 found
// `done T001` printed before anything durable was written, so a kill -9 right after the line lost what it said.
// The run goes in-process with a stdout that, at the very moment a line is written, reads both from disk: no
// race with a separate reader, a line written one write too early fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/run/pipeline.js';
import { readEntries } from '../../src/state/log.js';
import { taskDirName } from '../../src/state/paths.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { tempDir } from './helpers/cli.js';

/** What the disk says of a task now: its status in state.json, and the kinds of its claim-store entries. */
function onDisk(dir: string, id: string): { record: string | null; store: string[] } {
  const runs = join(dir, '.squad', 'runs');
  const run = existsSync(runs) ? readdirSync(runs)[0] : undefined;
  const file = run === undefined ? null : join(runs, run, 'state.json');
  const rec = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { tasks: { id: string; status: string }[] }) : null;
  const coord = join(dir, '.squad', 'coord');
  const key = existsSync(coord) ? readdirSync(coord)[0] : undefined;
  const entries = key === undefined ? [] : readEntries(join(coord, key, 'tasks', taskDirName(id)));
  return { record: rec?.tasks.find((t) => t.id === id)?.status ?? null, store: entries.map((e) => ('kind' in e ? e.kind : 'lost')) };
}

/** A stdout that checks the disk the moment a task's end line is written to it. */
function checkingStdout(dir: string) {
  const seen: { line: string; id: string; record: string | null; store: string[] }[] = [];
  let text = '';
  const stream = {
    isTTY: false,
    columns: 80,
    write(chunk: string | Uint8Array): boolean {
      const s = String(chunk);
      text += s;
      for (const m of s.matchAll(/^\[[ \d.s]+\] (done|FAIL)\s+(\S+)/gm)) seen.push({ line: m[1]!, id: m[2]!, ...onDisk(dir, m[2]!) });
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, seen, text: () => text };
}

describe('task end lines', () => {
  it('are printed only after the end is durable in the run record and the claim store', async () => {
    const specs = [];
    for (let i = 1; i <= 8; i++) specs.push({ id: `T${i}`, deps: i > 2 ? [`T${i - 2}`] : [], run: i === 5 ? 'exit 3' : 'true' });
    const dir = repoWith(tempDir(), makePlan(specs), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
    const out = checkingStdout(dir);
    const prevCI = process.env.CI;
    process.env.CI = 'true';
    let code: number;
    try {
      code = await runPlan({ cwd: dir, planFile: 'plans/plan.json', resume: false, json: false, withDeps: false, isolation: 'shared', concurrency: 2, continueMode: 'always' }, { stdout: out.stream, stderr: out.stream });
    } finally {
      if (prevCI === undefined) delete process.env.CI;
      else process.env.CI = prevCI;
    }
    expect(code, out.text()).not.toBe(0); // T5 failed
    // Every task ended, each with one line, and at that line both places already said so.
    expect(out.seen.map((s) => s.id).sort(), out.text()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8']);
    for (const s of out.seen) {
      if (s.line === 'done') expect({ id: s.id, record: s.record, done: s.store.includes('done') }).toEqual({ id: s.id, record: 'done', done: true });
      else expect({ id: s.id, record: s.record, failed: s.store.includes('failed') }).toEqual({ id: s.id, record: 'failed', failed: true });
    }
    expect(out.seen.find((s) => s.id === 'T5')!.line).toBe('FAIL');
    // The lines keep the order of what happened: no dependent's start is shown before its dependency's end.
    const lines = out.text().split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    for (const [dep, next] of [['T1', 'T3'], ['T3', 'T5'], ['T2', 'T4'], ['T4', 'T6']]) {
      expect(at(new RegExp(`(done|FAIL)\\s+${dep}\\b`)), out.text()).toBeLessThan(at(new RegExp(`start ${next}\\b`)));
    }
  });

  it('cost one claim-log entry to start a task: the claim says it started', async () => {
    const dir = repoWith(tempDir(), makePlan([{ id: 'T1', deps: [], run: 'true' }]), 'test:\n  command: "echo 1 passed"\n');
    const out = checkingStdout(dir);
    const code = await runPlan({ cwd: dir, planFile: 'plans/plan.json', resume: false, json: false, withDeps: false, isolation: 'shared', concurrency: 2, continueMode: 'always' }, { stdout: out.stream, stderr: out.stream });
    expect(code, out.text()).toBe(0);
    const coord = join(dir, '.squad', 'coord');
    const entries = readEntries(join(coord, readdirSync(coord)[0]!, 'tasks', taskDirName('T1')));
    expect(entries.map((e) => ('kind' in e ? [e.kind, e.started ?? false] : 'lost'))).toEqual([['claim', true], ['done', false]]);
  });
});
