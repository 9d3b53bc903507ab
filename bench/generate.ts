// A generated task list for benchmarks and tests: groups, dependencies, files, estimates and nested sub-items,
// the shape that makes micromark superlinear on one long list. Groups are runs of consecutive tasks and every
// declared dependency points back past the current group, so the document is consistent.
// `hot`: one task in ten also writes one of 20 shared files (a routes index, package.json): the shape that makes
// ownership quadratic in writers per path if it compares every pair.

export function generateDocument(n: number, hot = false): string {
  const out = ['# Generated plan', '', '## Phase 1: Build', ''];
  const id = (i: number): string => `T${String(i).padStart(5, '0')}`;
  for (let i = 1; i <= n; i++) {
    const group = i % 10 < 3 ? ` [P:Group-g${Math.floor(i / 10)}]` : '';
    const dep = i > 10 && i % 3 === 0 ? ` (depends on ${id(i - 7)})` : '';
    const shared = hot && i % 10 === 5 ? `, src/shared/hot${Math.floor(i / 10) % 20}.ts` : '';
    out.push(`- [ ] ${id(i)}${group} Implement feature ${i} in \`src/mod${i % 40}/file${i}.ts\`${dep} ~${(i % 5 + 1) * 10}m`);
    out.push(`  - Files: src/mod${i % 40}/file${i}.ts, src/mod${i % 40}/file${i}.test.ts${shared}`);
    out.push(`  - Acceptance: feature ${i} works`);
  }
  return out.join('\n') + '\n';
}
