// Damaged or unreadable state (issue 13 item 4): one line naming the file and what to do, exit 1, never exit 70;
// a damaged heartbeat says nothing, like a missing one, and status still shows the plan.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function squad(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A repo with a plan and one claim, and its coordination folder. */
function claimed(): { dir: string; coord: string } {
  const dir = mkdtempSync(join(tmpdir(), 'squad-damage-'));
  writeFileSync(join(dir, 't.md'), '- [ ] T001 a\n- [ ] T002 b\n');
  expect(squad(['allocate', 't.md'], dir).code).toBe(0);
  expect(squad(['claim', 'T001', '--as', 'al'], dir).code).toBe(0);
  const coordRoot = join(dir, '.squad', 'coord');
  return { dir, coord: join(coordRoot, readdirSync(coordRoot)[0]!) };
}

/**
 * One task's claim log damaged in each way a crash, a disk or a person can: status still shows the rest of the plan,
 * the damaged task in its own section with one line naming the file and what to do, and exits 1 (README: damaged
 * coordination state). Other commands that need the task still refuse with that one line.
 */
const TASK_DAMAGE: Array<[string, (taskDir: string) => string]> = [
  ['a truncated entry', (d) => (writeFileSync(join(d, '000001.json'), '{"v":1,"seq":1,"ta'), join(d, '000001.json'))],
  ['a garbage entry', (d) => (writeFileSync(join(d, '000001.json'), '\u0001\u0002garbage'), join(d, '000001.json'))],
  ['an empty object', (d) => (writeFileSync(join(d, '000001.json'), '{}\n'), join(d, '000001.json'))],
  ['an entry of an unknown kind', (d) => (writeFileSync(join(d, '000001.json'), JSON.stringify({ v: 1, seq: 1, task: 'T001', kind: 'zap', at: '2026-01-01T00:00:00Z', by: { name: 'x' } })), join(d, '000001.json'))],
  ['a folder where an entry belongs', (d) => (rmSync(join(d, '000001.json')), mkdirSync(join(d, '000001.json')), join(d, '000001.json'))],
  ['a stray file named like an entry', (d) => (writeFileSync(join(d, '000007.json'), 'notes'), join(d, '000007.json'))],
  ['a file where the task folder belongs', (d) => (rmSync(d, { recursive: true }), writeFileSync(d, 'x'), d)],
];

describe('damaged state', () => {
  for (const [kind, damage] of TASK_DAMAGE) {
    it(`${kind} in one task's log: status shows the rest of the plan and names the file, exit 1`, () => {
      const { dir, coord } = claimed();
      expect(squad(['claim', 'T002', '--as', 'bo', '--force', 'test'], dir).code).toBe(0);
      const file = damage(join(coord, 'tasks', 'T001'));
      const r = squad(['status'], dir);
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.err).toBe('');
      // The rest of the plan, as without the damage: T002 held by bo.
      expect(r.out).toMatch(/^claimed \(1\)\n {2}T002 .* bo \(pid/m);
      // The damaged task: its own section, one line naming the file and what to do.
      const section = r.out.slice(r.out.indexOf('damaged (1)'));
      expect(r.out).toMatch(/^damaged \(1\)$/m);
      const line = section.split('\n')[1]!;
      expect(line).toMatch(/^ {2}T001 /);
      expect(line).toContain(file);
      expect(line).toMatch(/delete .*to reset that task's claims/);
      expect(r.out.split('\n')[0]).toMatch(/: 0 of 2 done;/); // the damaged task still counts in the plan
      expect(r.out.match(/^ {2}T001 /gm)).toHaveLength(1); // shown once, in its own section only
      const json = squad(['status', '--json'], dir);
      expect(json.code).toBe(1);
      const parsed = JSON.parse(json.out) as { tasks: { id: string; state: string }[]; damaged: { id: string; problem: string }[] };
      expect(parsed.tasks.map((t) => [t.id, t.state])).toEqual([['T002', 'claimed']]);
      expect(parsed.damaged.map((d) => d.id)).toEqual(['T001']);
      expect(parsed.damaged[0]!.problem).toContain(file);
      // A command that needs the damaged task refuses with the same one line, never exit 70.
      const next = squad(['done', 'T001', '--as', 'al'], dir);
      expect(next.code).toBe(1);
      expect(next.err.trim().split('\n')).toHaveLength(1);
      expect(next.err).toContain(file);
    });
  }

  it('a stray file in a task folder that is not an entry is ignored', () => {
    const { dir, coord } = claimed();
    writeFileSync(join(coord, 'tasks', 'T001', 'notes.txt'), 'mine');
    const r = squad(['status'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^claimed \(1\)\n {2}T001 .* al \(pid/m);
  });

  it('a garbage claim-log entry: a command that reads it says one line naming it and the folder to delete, exit 1', () => {
    const { dir, coord } = claimed();
    writeFileSync(join(coord, 'tasks', 'T001', '000001.json'), 'garbage{');
    const r = squad(['next'], dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/tasks\/T001\/000001\.json: unreadable claim log entry .*delete the task's folder/);
  });

  it('a truncated heartbeat counts as no heartbeat: status still shows the plan', () => {
    const { dir, coord } = claimed();
    const beat = readdirSync(join(coord, 'sessions')).find((f) => f.endsWith('.json'))!;
    writeFileSync(join(coord, 'sessions', beat), '{"trunc');
    const r = squad(['status'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/T001/);
  });

  it('a file where the tasks folder belongs: one line naming it, exit 1', () => {
    const { dir, coord } = claimed();
    rmSync(join(coord, 'tasks'), { recursive: true });
    writeFileSync(join(coord, 'tasks'), 'x');
    const r = squad(['status'], dir);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^\.squad\/coord\/\S+\/tasks: a file stands where squad expects a folder; fix it or move it aside/);
  });

  it('squad.config.yaml that is a folder: one line naming it, exit 1', () => {
    const { dir } = claimed();
    mkdirSync(join(dir, 'squad.config.yaml'));
    const r = squad(['status'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^squad\.config\.yaml: is a folder \(or not a regular file\), not a config file/);
  });
});
