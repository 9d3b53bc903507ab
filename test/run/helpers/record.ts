// The run record of a test repository's only run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadRecord } from '../../../src/run/record/record-file.js';
import type { RunRecord } from '../../../src/run/record/schema.js';

export function onlyRecord(dir: string): RunRecord {
  const runs = readdirSync(join(dir, '.squad', 'runs'));
  expect(runs).toHaveLength(1);
  return loadRecord(join(dir, '.squad', 'runs', runs[0]!, 'state.json'));
}
