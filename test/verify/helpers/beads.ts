// The fake bd's database (test/fixtures/bd keeps it in .beads/fake-db.json) and call log, for beads tests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_BD_DIR, type TempRepo } from './repo.js';

export interface FakeIssue {
  id: string;
  title: string;
  status: string;
  close_reason?: string;
  dependencies: Array<{ depends_on_id: string; type: string }>;
  metadata?: Record<string, string>;
  description?: string;
}

export type Seed = { id: string; status?: string; deps?: Array<string | [string, string]> };

/** A beads database holding these issues (deps are `blocks` unless a type is given). */
export function seedBeads(repo: TempRepo, seeds: Seed[]): void {
  const issues: Record<string, FakeIssue> = {};
  for (const s of seeds) {
    issues[s.id] = {
      id: s.id,
      title: `Issue ${s.id}`,
      status: s.status ?? 'open',
      dependencies: (s.deps ?? []).map((d) => (typeof d === 'string' ? { depends_on_id: d, type: 'blocks' } : { depends_on_id: d[0], type: d[1] })),
    };
  }
  mkdirSync(join(repo.root, '.beads'), { recursive: true });
  writeFileSync(join(repo.root, '.beads', 'fake-db.json'), JSON.stringify({ prefix: 'bd', counter: 0, issues }, null, 2));
}

export function beadsIssues(repo: TempRepo): Record<string, FakeIssue> {
  return JSON.parse(readFileSync(join(repo.root, '.beads', 'fake-db.json'), 'utf8')).issues;
}

export interface BdCall {
  argv: string[];
  start: number;
  end: number;
  code: number;
}

export function bdCalls(repo: TempRepo): BdCall[] {
  const file = join(repo.root, 'bd-calls.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Environment with the fake bd first on PATH and its calls logged into the repo. */
export function bdEnv(repo: TempRepo, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${FAKE_BD_DIR}:${process.env.PATH}`, BD_FAKE_LOG: join(repo.root, 'bd-calls.jsonl'), ...extra };
}

/** No two calls overlapped in time. */
export function serialised(calls: BdCall[]): boolean {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  return sorted.every((c, i) => i === 0 || c.start >= sorted[i - 1]!.end);
}
