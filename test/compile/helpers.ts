// Helpers for corpus tests: compile a copied corpus document and ask questions a reader asks of a plan
// ("does a wait for b?", "may a and b run together?", "what does task x write?").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { compile, type CompileOptions } from '../../src/compile.js';
import { UserError } from '../../src/io/errors.js';
import { checkPlan } from '../../src/plan/check.js';
import type { Plan, PlanTask, FileAccess } from '../../src/plan/schema.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

/**
 * Compile test/fixtures/corpus/<name>, reported under its bare file name. Every plan the compiler writes must
 * pass the check every command runs on loading one (src/plan/check.ts), or no command could act on it.
 */
export function compileFixture(name: string, opts: Partial<CompileOptions> = {}): Plan {
  const plan = compile(readFileSync(FIXTURES + name, 'utf8'), { file: name, ...opts });
  checkPlan(plan, '/repo', `plans/plan.json of ${name}`);
  return plan;
}

/** The UserError a fixture is refused with (fails the test when it compiles or throws something else). */
export function refusal(name: string): UserError {
  try {
    compileFixture(name);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`${name} compiled, but a refusal was expected`);
}

export function task(plan: Plan, id: string): PlanTask {
  const t = plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id} in plan of ${plan.source} (ids: ${plan.tasks.map((x) => x.id).join(' ')})`);
  return t;
}

/** Does `a` wait for `b`, directly or through other tasks? */
export function waitsFor(plan: Plan, a: string, b: string): boolean {
  task(plan, b);
  const seen = new Set<string>();
  const stack = [...task(plan, a).deps];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur === b) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    const t = plan.tasks.find((x) => x.id === cur);
    if (t) stack.push(...t.deps);
  }
  return false;
}

/** Neither waits for the other, so the plan lets them run at the same time (file exclusions aside). */
export function mayRunTogether(plan: Plan, a: string, b: string): boolean {
  return !waitsFor(plan, a, b) && !waitsFor(plan, b, a);
}

export function expectOrdered(plan: Plan, pairs: [later: string, earlier: string][]): void {
  for (const [a, b] of pairs) expect(waitsFor(plan, a, b), `${a} should wait for ${b}`).toBe(true);
}

export function expectTogether(plan: Plan, pairs: [string, string][]): void {
  for (const [a, b] of pairs) expect(mayRunTogether(plan, a, b), `${a} and ${b} should be free to run together`).toBe(true);
}

/** A task's files as { path: access }. */
export function filesOf(plan: Plan, id: string): Record<string, FileAccess> {
  return Object.fromEntries(task(plan, id).files.map((f) => [f.path, f.access]));
}

export function ids(plan: Plan): string[] {
  return plan.tasks.map((t) => t.id);
}

export function idRange(prefix: string, from: number, to: number, width = 3): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(width, '0')}`);
}

export function statusOf(plan: Plan, status: 'open' | 'done'): string[] {
  return plan.tasks.filter((t) => t.status === status).map((t) => t.id);
}

/** For documents that name no groups, no agents and no estimates: the plan must not invent any. */
export function expectNoGroupsAgentsOrEstimates(plan: Plan): void {
  expect(plan.groups).toEqual([]);
  for (const t of plan.tasks) {
    expect(t.routing.source, `${t.id} routing`).not.toBe('explicit');
    expect(t.estimateMinutes, `${t.id} estimate`).toBeNull();
  }
}

/** The task with this exact title (for documents whose tasks have no ids of their own). */
export function titled(plan: Plan, title: string): PlanTask {
  const t = plan.tasks.find((x) => x.title === title);
  if (!t) throw new Error(`no task titled ${JSON.stringify(title)} in plan of ${plan.source}`);
  return t;
}

/** Is there an exclusion keeping `a` and `b` apart on `path` (in either order)? */
export function excluded(plan: Plan, path: string, a: string, b: string): boolean {
  return plan.exclusions.some((e) => e.path === path && e.tasks.includes(a) && e.tasks.includes(b));
}

/** A task's title and details as one line of text: what the document wrote for it, however it was wrapped. */
export function fullText(plan: Plan, id: string): string {
  const t = task(plan, id);
  return `${t.title} ${t.details}`.replace(/\s+/g, ' ').trim();
}
