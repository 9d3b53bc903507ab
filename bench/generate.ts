// A generated task list for benchmarks and tests: groups, dependencies, files, estimates and nested sub-items,
// the shape that makes micromark superlinear on one long list. Groups are runs of consecutive tasks and every
// declared dependency points back past the current group, so the document is consistent.

export function generateDocument(n: number): string {
  const out = ['# Generated plan', '', '## Phase 1: Build', ''];
  const id = (i: number): string => `T${String(i).padStart(5, '0')}`;
  for (let i = 1; i <= n; i++) {
    const group = i % 10 < 3 ? ` [P:Group-g${Math.floor(i / 10)}]` : '';
    const dep = i > 10 && i % 3 === 0 ? ` (depends on ${id(i - 7)})` : '';
    out.push(`- [ ] ${id(i)}${group} Implement feature ${i} in \`src/mod${i % 40}/file${i}.ts\`${dep} ~${(i % 5 + 1) * 10}m`);
    out.push(`  - Files: src/mod${i % 40}/file${i}.ts, src/mod${i % 40}/file${i}.test.ts`);
    out.push(`  - Acceptance: feature ${i} works`);
  }
  return out.join('\n') + '\n';
}
