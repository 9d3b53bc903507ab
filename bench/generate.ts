// A generated task list for benchmarks and tests: groups, dependencies, files, estimates and nested sub-items,
// the shape that makes micromark superlinear on one long list.

export function generateDocument(n: number): string {
  const out = ['# Generated plan', '', '## Phase 1: Build', ''];
  for (let i = 1; i <= n; i++) {
    const id = `T${String(i).padStart(5, '0')}`;
    const group = i % 7 === 0 ? ` [P:Group-g${Math.floor(i / 70)}]` : '';
    const dep = i > 3 && i % 3 === 0 ? ` (depends on T${String(i - 2).padStart(5, '0')})` : '';
    out.push(`- [ ] ${id}${group} Implement feature ${i} in \`src/mod${i % 40}/file${i}.ts\`${dep} ~${(i % 5 + 1) * 10}m`);
    out.push(`  - Files: src/mod${i % 40}/file${i}.ts, src/mod${i % 40}/file${i}.test.ts`);
    out.push(`  - Acceptance: feature ${i} works`);
  }
  return out.join('\n') + '\n';
}
