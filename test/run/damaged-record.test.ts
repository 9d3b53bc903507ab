// `--resume` and a damaged run record: a record that may be the plan's last run is never skipped in silence
// (which said "no earlier run", or resumed an older run); squad names the file and says what to do, exit 1.
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecord } from '../../src/run/record/record-file.js';
import { makePlan, repoWith } from './helpers/plan.js';
import { squad, tempDir } from './helpers/cli.js';

/** Run ids of the repository's runs, oldest first (by the record's creation time). */
function runIds(dir: string): string[] {
  const runs = join(dir, '.squad', 'runs');
  return readdirSync(runs)
    .map((id) => ({ id, at: loadRecord(join(runs, id, 'state.json')).createdAt }))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((r) => r.id);
}

async function repoWithRuns(n: number): Promise<{ dir: string; ids: string[] }> {
  const dir = repoWith(tempDir('squad-damaged-'), makePlan([{ id: 'A', run: 'echo a >> ran' }]));
  for (let i = 0; i < n; i++) {
    const r = await squad(['run'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
  return { dir, ids: runIds(dir) };
}

const stateFile = (id: string) => join('.squad', 'runs', id, 'state.json');
const WHAT_TO_DO = (id: string) =>
  `and it may be this plan's last run; repair it, or move ${join('.squad', 'runs', id)} away to resume the run before it, or run without --resume to start a new run`;

describe('--resume with a damaged run record', () => {
  it('names a truncated last record instead of saying there is no earlier run', async () => {
    const { dir, ids } = await repoWithRuns(1);
    const file = join(dir, stateFile(ids[0]!));
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const r = await squad(['run', '--resume'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${stateFile(ids[0]!).replace(/\./g, '\\.')}: run state is not valid JSON \\([^\\n]*\\), `));
    expect(r.stderr).toContain(WHAT_TO_DO(ids[0]!));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(dir, 'ran'), 'utf8')).toBe('a\n'); // nothing ran
  });

  it('refuses to resume an older run when the newest record is damaged', async () => {
    const { dir, ids } = await repoWithRuns(2);
    const [older, newer] = ids as [string, string];
    const olderBefore = readFileSync(join(dir, stateFile(older)), 'utf8');
    writeFileSync(join(dir, stateFile(newer)), '{}\n');
    const r = await squad(['run', '--resume'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toBe(`${stateFile(newer)}: not a squad run state: 'version' Invalid input: expected 1, ${WHAT_TO_DO(newer)}\n`);
    expect(readFileSync(join(dir, stateFile(older)), 'utf8')).toBe(olderBefore);
  });

  it('resumes the last run when the damaged record is older than it, or belongs to another plan', async () => {
    const { dir, ids } = await repoWithRuns(3);
    const [oldest, middle, newest] = ids as [string, string, string];
    const damaged = join(dir, stateFile(oldest));
    writeFileSync(damaged, 'garbage');
    // Damage that came with no write since (bit rot, a bad restore): the record predates the newest run.
    const before = new Date(Date.parse(loadRecord(join(dir, stateFile(newest))).createdAt) - 60_000);
    utimesSync(damaged, before, before);
    // A readable-enough record of another plan, written just now, is not this plan's.
    const other = join(dir, stateFile(middle));
    writeFileSync(other, JSON.stringify({ plan: join(dir, 'other', 'plan.json') }));
    const r = await squad(['run', '--resume'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`resuming ${newest}`);
  });
});
