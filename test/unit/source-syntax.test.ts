// The dispatcher: the extension decides the syntax; a file without a known extension is sniffed.
import { describe, expect, it } from 'vitest';
import { sourceSyntax } from '../../src/model/formats/index.js';

const JSONL = '{"id":"bd-1","title":"A"}\n{"id":"bd-2","title":"B"}\n';
const JSON_DOC = '{\n  "tasks": []\n}\n';
const YAML = '# sprint\ndevelopment_status:\n  epic-1: backlog\n';

describe('sourceSyntax', () => {
  it('goes by the extension first, whatever the content', () => {
    expect(sourceSyntax('x/issues.jsonl', JSONL)).toBe('jsonl');
    expect(sourceSyntax('x/tasks.json', JSONL)).toBe('json');
    expect(sourceSyntax('sprint-status.yaml', YAML)).toBe('yaml');
    expect(sourceSyntax('sprint-status.yml', YAML)).toBe('yaml');
    expect(sourceSyntax('plan.md', JSON_DOC)).toBe('markdown');
    expect(sourceSyntax('plan.ndjson', JSONL)).toBe('jsonl');
  });

  it('sniffs a file without a known extension: object per line, JSON document, development_status map, else markdown', () => {
    expect(sourceSyntax('issues', JSONL)).toBe('jsonl');
    expect(sourceSyntax('tasks', JSON_DOC)).toBe('json');
    expect(sourceSyntax('tasks', '{"tasks":[]}')).toBe('json');
    expect(sourceSyntax('tasks', '[{"id": 1}]')).toBe('json');
    expect(sourceSyntax('status', YAML)).toBe('yaml');
    expect(sourceSyntax('TODO', '# Tasks\n\n- [ ] T001 Do it\n')).toBe('markdown');
    // Lines that look like objects but are not JSON: read as one JSON document, refused with its line.
    expect(sourceSyntax('TODO', '{not json}\n{either}\n')).toBe('json');
  });
});
