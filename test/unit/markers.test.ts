// The inline syntax of one task line: markers, references, estimates, paths.
import { describe, expect, it } from 'vitest';
import { readTitleMarkers } from '../../src/model/markers.js';
import { parseDepList } from '../../src/model/dep-refs.js';
import { parseEstimate, takeInlineEstimate } from '../../src/model/estimate.js';
import { checkRepoPath, expandBraces, pathsInList, pathsInText } from '../../src/model/paths.js';
import { parseField } from '../../src/model/fields.js';

describe('parallel markers', () => {
  it.each([
    ['[P:Group-A] Build it', 'A'],
    ['[P:group-infra_2] Build it', 'infra_2'],
    ['[P:GROUP-db-migrations] Build it', 'db-migrations'],
    ['[P:infra] Build it', 'infra'],
    ['[P: Group-X ] Build it', 'X'],
  ])('%s is group %s', (text, group) => {
    const m = readTitleMarkers(text, 1);
    expect(m.group).toBe(group);
    expect(m.parallel).toBe(true);
    expect(m.title).toBe('Build it');
  });

  it('reads spec-kit [P] and the story tag, and keeps them out of the title', () => {
    const m = readTitleMarkers('[P] [US1] Create User model in src/models/user.py', 1);
    expect(m).toMatchObject({ parallel: true, group: null, story: 'US1', title: 'Create User model in src/models/user.py' });
  });
});

describe('dependency references', () => {
  it('reads (depends on ...) and [after: ...] inline', () => {
    const a = readTitleMarkers('Wire the API (depends on T012, T013)', 7);
    expect(a.deps.map((d) => d.ref)).toEqual(['T012', 'T013']);
    expect(a.depsDeclared).toBe(true);
    const b = readTitleMarkers('Ship it [after: 1.1, 1.2]', 3);
    expect(b.deps.map((d) => d.ref)).toEqual(['1.1', '1.2']);
    expect(b.afterMarker).toBe(true);
    expect(b.title).toBe('Ship it');
  });

  it('reads ranges, Task N, none, and drops status glyphs', () => {
    expect(parseDepList('T002–T004', 1).refs.map((r) => r.ref)).toEqual(['T002..T004']);
    expect(parseDepList('Tasks 1-7', 1).refs.map((r) => r.ref)).toEqual(['1..7']);
    expect(parseDepList('Task 3', 1).refs.map((r) => r.ref)).toEqual(['3']);
    expect(parseDepList('none (parallel with other tasks)', 1)).toEqual({ refs: [], none: true });
    expect(parseDepList('2, 4, 5 ⧖, 6, 12 ✓', 1).refs.map((r) => r.ref)).toEqual(['2', '4', '5', '6', '12']);
    expect(parseDepList('Task 5 and Task 7 (same file)', 1).refs.map((r) => r.ref)).toEqual(['5', '7']);
  });

  it('keeps free text as text references, to be matched against titles', () => {
    const refs = parseDepList('Types defined, models created', 4).refs;
    expect(refs).toEqual([
      { ref: 'Types defined', line: 4, kind: 'after', text: true },
      { ref: 'models created', line: 4, kind: 'after', text: true },
    ]);
  });

  it('knows Blocks: is the reverse edge', () => {
    const f = parseField('**Blocks:** T009');
    expect(f?.kind).toBe('blocks');
    expect(parseDepList(f!.value, 2, 'blocks').refs[0]).toMatchObject({ ref: 'T009', kind: 'blocks' });
  });
});

describe('estimates', () => {
  it.each([
    ['~30m', 30],
    ['estimate: 300ms', 0.005],
    ['Time: 10 minutes', 10],
    ['(2h)', 120],
    ['1-2 hours', 120],
    ['S', 30],
    ['M', 60],
    ['L', 120],
    ['Medium', 60],
  ])('%s is %s minutes', (text, minutes) => {
    const inline = takeInlineEstimate(`Do it ${text}`).minutes;
    const field = parseEstimate(text.replace(/^(?:estimate|Time):\s*/i, ''));
    expect(inline ?? field).toBe(minutes);
  });
});

describe('paths', () => {
  it('reads backticked paths, bare paths with a directory, and root files', () => {
    expect(pathsInText('Create `src/a.ts` and update lib/b/c.py, then package.json')).toEqual(['src/a.ts', 'lib/b/c.py', 'package.json']);
  });

  it('does not read library names, URLs, or words with dots as files', () => {
    expect(pathsInText('Use discord.py and Node.js with socket.io from https://x.io/a.js, e.g. v1.2')).toEqual([]);
  });

  it('reads [Files: a, b] lists, braces, trailing colons and line ranges', () => {
    expect(pathsInList('src/component.tsx, src/component.test.tsx')).toEqual(['src/component.tsx', 'src/component.test.tsx']);
    expect(expandBraces('schemas/probe-{descriptor,run}.schema.json')).toEqual(['schemas/probe-descriptor.schema.json', 'schemas/probe-run.schema.json']);
    expect(pathsInText('In internal/config/config.go: rename')).toEqual(['internal/config/config.go']);
    expect(pathsInText('Modify: `ggml/src/mmvq.cpp:7014-7055`')).toEqual(['ggml/src/mmvq.cpp']);
    expect(pathsInText('in `src/app/(auth)/login/page.tsx`')).toEqual(['src/app/(auth)/login/page.tsx']);
  });

  it('keeps paths inside the repository', () => {
    expect(checkRepoPath('/frontend/a.tsx', null)).toEqual({ ok: true, path: 'frontend/a.tsx' });
    expect(checkRepoPath('./src/../lib/x.ts', null)).toEqual({ ok: true, path: 'lib/x.ts' });
    expect(checkRepoPath('/repo/src/x.ts', '/repo')).toEqual({ ok: true, path: 'src/x.ts' });
    expect(checkRepoPath('../other/x.ts', null).ok).toBe(false);
    expect(checkRepoPath('src/../../x.ts', null).ok).toBe(false);
    expect(checkRepoPath('/etc/passwd', null).ok).toBe(false);
    expect(checkRepoPath('~/.ssh/config', null).ok).toBe(false);
  });
});
