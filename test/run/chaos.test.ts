// Chaos (issue 13 item 1): kill -9 of `squad run` at random moments, right after a task's end line among them,
// then `squad run --resume`, round after round, on a plan compiled from a markdown checklist, so three places say
// whether a task is done: the run record (state.json), the claim store (`squad status --json`) and the tracker (the
// task's checkbox in tasks.md). Every task appends to a journal when it starts and ends, so a rerun shows.
//
// After every kill the three are read and must agree, in the only sense a crash allows:
// - a task whose `done` line was printed is done in the record and in the store (the line waits for both);
// - a ticked checkbox means closed in the record and done in the store (the tracker is closed last);
// - nothing is done anywhere that did not run to its end;
// - record and store differ only on tasks whose end was being written when the kill came (never more than the
//   concurrency), and the next --resume makes them agree before it starts anything (checked at the next kill);
// - a task any of the three called done never starts again.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecord } from '../../src/run/record/record-file.js';
import { rng } from './helpers/random-dag.js';
import { alive, sleep, squad, startSquad, tempDir } from './helpers/cli.js';

const CONCURRENCY = 2;
const ROUNDS = 7;

/** Three groups of four; chains inside a group and across groups, so groups close (and tick) one by one. */
function checklist(random: () => number): { md: string; ids: string[] } {
  const lines = ['# Chaos', ''];
  const ids: string[] = [];
  const groups = ['a', 'b', 'c'];
  for (let g = 0; g < groups.length; g++) {
    for (let k = 0; k < 4; k++) {
      const n = g * 4 + k + 1;
      const id = `T${String(n).padStart(3, '0')}`;
      const dep = k === 1 || k === 3 ? ` (depends on T${String(n - 1).padStart(3, '0')})` : '';
      const secs = (0.1 + random() * 0.3).toFixed(2);
      lines.push(`- [ ] ${id} [P:Group-${groups[g]}] Step ${n}${dep}`);
      lines.push(`  - run: \`echo "start $SQUAD_TASK_ID" >> journal; sleep ${secs}; echo "end $SQUAD_TASK_ID" >> journal\``);
      ids.push(id);
    }
  }
  return { md: lines.join('\n') + '\n', ids };
}

interface Seen {
  record: Map<string, string>;
  store: Map<string, string>;
  ticked: Set<string>;
}

async function look(dir: string, ids: string[]): Promise<Seen> {
  const runs = join(dir, '.squad', 'runs');
  const runIds = existsSync(runs) ? readdirSync(runs).filter((id) => existsSync(join(runs, id, 'state.json'))) : [];
  expect(runIds.length).toBeLessThanOrEqual(1); // --resume continues the same run
  // loadRecord throws if a crash ever left a record that does not load.
  const rec = runIds.length ? loadRecord(join(runs, runIds[0]!, 'state.json')) : null;
  const status = await squad(['status', '--json'], dir);
  expect(status.code, status.stdout + status.stderr).toBe(0);
  const tasks = (JSON.parse(status.stdout) as { tasks: { id: string; state: string }[] }).tasks;
  const md = readFileSync(join(dir, 'tasks.md'), 'utf8');
  return {
    record: new Map(ids.map((id) => [id, rec?.tasks.find((t) => t.id === id)?.status ?? 'none'])),
    store: new Map(tasks.map((t) => [t.id, t.state])),
    ticked: new Set(ids.filter((id) => md.includes(`- [x] ${id} `))),
  };
}

const finishedInRecord = (s: string | undefined) => s === 'done' || s === 'closed';

describe('chaos: kill -9 and --resume, round after round', () => {
  it('keeps the run record, the claim store and the markdown checkboxes in agreement, and never runs a finished task again', async () => {
    const random = rng(20261203);
    const { md, ids } = checklist(random);
    const dir = tempDir();
    writeFileSync(join(dir, 'tasks.md'), md);
    writeFileSync(join(dir, 'squad.config.yaml'), 'timeouts:\n  graceSeconds: 1\ntest:\n  command: "echo 1 passed"\n');
    const compiled = await squad(['allocate', 'tasks.md', '--out', 'plans'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, 'plans', 'plan.json'), 'utf8')) as { groups: { name: string }[] };
    expect(plan.groups.map((g) => g.name).sort()).toEqual(['a', 'b', 'c']);

    const journal = join(dir, 'journal');
    const read = () => (existsSync(journal) ? readFileSync(journal, 'utf8') : '');
    const printed = new Set<string>();
    const checkpoints: { offset: number; finished: Set<string> }[] = [];
    const runnerPids: number[] = [];
    let disagreed: string[] = [];
    let killsAfterEnd = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const args = round === 0 ? ['run', '--concurrency', String(CONCURRENCY)] : ['run', '--resume'];
      const { child, done } = startSquad(args, dir);
      runnerPids.push(child.pid!);
      let exited = false;
      void done.then(() => (exited = true));
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      const ends = () => (out.match(/^\[[ \d.s]+\] done {2}\S+/gm) ?? []).length;
      const progressed = () => /^\[[ \d.s]+\] (start|done) /m.test(out);
      // How this round ends: right after a task's end line, right after a group closed (its checkboxes were just
      // ticked), or at a random moment once it has made progress. Waits are for events, bounded.
      const mode = (['after-end', 'after-end', 'after-close', 'random'] as const)[Math.floor(random() * 4)]!;
      const deadline = Date.now() + 60_000;
      if (mode === 'after-end') {
        const before = ends();
        while (!exited && ends() <= before && Date.now() < deadline) await sleep(2);
        if (!exited) killsAfterEnd++;
      } else if (mode === 'after-close') {
        while (!exited && !/ close: /.test(out) && Date.now() < deadline) await sleep(2);
      } else {
        while (!exited && !progressed() && Date.now() < deadline) await sleep(10);
        await sleep(Math.floor(random() * 400));
      }
      child.kill('SIGKILL');
      const result = await done;
      for (const m of result.stdout.matchAll(/^\[[ \d.s]+\] done {2}(\S+)/gm)) printed.add(m[1]!);

      const seen = await look(dir, ids);
      const lines = read();
      const endedOnce = (id: string) => lines.includes(`end ${id}\n`);
      for (const id of ids) {
        const r = seen.record.get(id);
        const s = seen.store.get(id);
        const where = `round ${round} (${mode}), ${id}: record ${r}, store ${s}, ticked ${seen.ticked.has(id)}`;
        if (printed.has(id)) expect({ record: finishedInRecord(r), store: s }, where).toEqual({ record: true, store: 'done' });
        if (seen.ticked.has(id)) expect({ record: r, store: s }, where).toEqual({ record: 'closed', store: 'done' });
        if (finishedInRecord(r) || s === 'done') expect(endedOnce(id), where).toBe(true);
      }
      // The next --resume mended what the last kill left half written, before it ran anything.
      if (progressed() || exited) {
        for (const id of disagreed) {
          expect({ id, record: finishedInRecord(seen.record.get(id)), store: seen.store.get(id) }).toEqual({ id, record: true, store: 'done' });
        }
      }
      disagreed = ids.filter((id) => finishedInRecord(seen.record.get(id)) !== (seen.store.get(id) === 'done'));
      expect(disagreed.length, `round ${round}: ${disagreed.join(', ')}`).toBeLessThanOrEqual(CONCURRENCY);
      const finished = new Set(ids.filter((id) => finishedInRecord(seen.record.get(id)) || seen.store.get(id) === 'done' || seen.ticked.has(id)));
      checkpoints.push({ offset: lines.length, finished });
    }

    const final = await squad(['run', '--resume'], dir);
    expect(final.code, final.stdout + final.stderr).toBe(0);
    const seen = await look(dir, ids);
    expect([...seen.record.values()].every((s) => s === 'closed'), JSON.stringify([...seen.record])).toBe(true);
    expect([...seen.store.values()].every((s) => s === 'done'), JSON.stringify([...seen.store])).toBe(true);
    expect([...seen.ticked].sort()).toEqual(ids);
    const lines = read();
    for (const id of ids) expect(lines).toContain(`end ${id}\n`);
    for (const cp of checkpoints) {
      const startedLater = [...lines.slice(cp.offset).matchAll(/^start (\S+)$/gm)].map((m) => m[1]!);
      expect(startedLater.filter((id) => cp.finished.has(id))).toEqual([]);
    }
    // The chaos did what it is for: kills landed right after task ends, and mid-run with work half done.
    expect(killsAfterEnd).toBeGreaterThan(0);
    expect(checkpoints.some((cp) => cp.finished.size > 0 && cp.finished.size < ids.length)).toBe(true);
    expect(runnerPids.filter(alive)).toEqual([]);
  }, 300_000);
});
