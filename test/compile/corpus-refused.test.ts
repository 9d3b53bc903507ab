// Corpus documents squad must refuse, each with one line a user would agree with.
import { describe, expect, it } from 'vitest';
import { refusal } from './helpers.js';

describe('documents without a task list are refused with one line', () => {
  // 05 is a spec describing a task format; 06 is a PRD with no task list. (15 and 17, PRDs whose feature lists are
  // the work, are read through the outline tier now: test/compile/corpus-outline.test.ts.)
  for (const name of [
    '05_dotfiles_generate_tasks_PGroup_spec.md',
    '06_dotfiles_prd_maestro_beads.md',
  ]) {
    it(name, () => {
      const e = refusal(name);
      const line = e.format();
      expect(line).not.toContain('\n');
      expect(line.startsWith(`${name}:1: no tasks found`)).toBe(true);
      expect(e.exitCode).toBe(1);
    });
  }
});

describe('13 realms-of-idle defines T130 twice', () => {
  it('names the id and the line of the second definition', () => {
    const e = refusal('13_speckit_realms_of_idle_large.md');
    const line = e.format();
    expect(line).not.toContain('\n');
    expect(line).toMatch(/duplicate task id T130/);
    // T130 is defined at L98 (Phase 2.5) and again at L320 (Polish); point at the second and name the first
    expect(e.line).toBe(320);
    expect(line.startsWith('13_speckit_realms_of_idle_large.md:320: ')).toBe(true);
    expect(line).toMatch(/line 98/);
  });
});
