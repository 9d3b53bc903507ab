// Corpus documents squad must refuse, each with one line a user would agree with.
import { describe, expect, it } from 'vitest';
import { refusal } from './helpers.js';

describe('documents without a task list are refused with one line', () => {
  // 53 is a Korean PRD with requirements and no task list. (05, a format spec, is read from its fenced example;
  // 15 and 17, PRDs whose feature lists are the work, through the outline tier: test/compile/corpus-outline.test.ts.)
  it('53_prd_ko_moscow_requirements_no_tasks.md', () => {
    const name = '53_prd_ko_moscow_requirements_no_tasks.md';
    const e = refusal(name);
    const line = e.format();
    expect(line).not.toContain('\n');
    expect(line.startsWith(`${name}:1: no tasks found`)).toBe(true);
    expect(e.exitCode).toBe(1);
  });

  it('06_dotfiles_prd_maestro_beads.md: its tasks live in beads, and the line says so', () => {
    const name = '06_dotfiles_prd_maestro_beads.md';
    const e = refusal(name);
    const line = e.format();
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^06_dotfiles_prd_maestro_beads\.md:1: its front matter names 32 tracker issue\(s\) \(dotfiles-246\.1, .*bd export/);
    expect(e.exitCode).toBe(1);
  });
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
