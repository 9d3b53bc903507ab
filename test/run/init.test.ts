// squad init writes the commented config once, and never overwrites one without --force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_TEMPLATE } from '../../src/commands/init.js';
import { squad, tempDir } from './helpers/cli.js';

describe('squad init', () => {
  it('writes squad.config.yaml, refuses to overwrite it, and replaces it with --force', async () => {
    const dir = tempDir();
    const first = await squad(['init'], dir);
    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'squad.config.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    writeFileSync(join(dir, 'squad.config.yaml'), 'concurrency: 2\n');
    const again = await squad(['init'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^squad.config.yaml: already exists; edit it, or pass --force/);
    expect(readFileSync(join(dir, 'squad.config.yaml'), 'utf8')).toBe('concurrency: 2\n');
    expect((await squad(['init', '--force'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'squad.config.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
  });
});
