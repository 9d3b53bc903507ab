// The span-keeping JSON reader behind the Task Master write-back.
import { describe, expect, it } from 'vitest';
import { applyEdits, member, parseJsonSpans, setStringMember, type JsonNode } from '../../src/trackers/taskmaster/json-spans.js';
import { fixture } from './helpers/repo.js';

/** Rebuild a plain value from the span tree, to compare with JSON.parse. */
function plain(n: JsonNode): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'array') return n.items.map(plain);
  return Object.fromEntries(n.members.map((m) => [m.key, plain(m.value)]));
}

describe('parseJsonSpans', () => {
  it('reads real tasks.json files to the same values as JSON.parse', () => {
    for (const name of ['16_taskmaster_expense_analyser_tasks.json', '32_taskmaster_jambot_tasks_string_ids.json']) {
      const text = fixture(name).toString('utf8');
      expect(plain(parseJsonSpans(text))).toEqual(JSON.parse(text));
    }
  });

  it('keeps spans exact around escapes, unicode and odd spacing', () => {
    const text = '{ "a\\"b" :"x\\\\\\"y é" ,"n":-1.5e3,"t":[true,false,null , {}] ,"s" : "done"}';
    const root = parseJsonSpans(text);
    expect(plain(root)).toEqual(JSON.parse(text));
    const s = member(root, 's')!;
    expect(text.slice(s.start, s.end)).toBe('"done"');
  });
});

describe('setStringMember', () => {
  const obj = (text: string) => parseJsonSpans(text) as Extract<JsonNode, { kind: 'object' }>;

  it('replaces only the value of an existing member', () => {
    const text = '{\n  "id": 1,\n  "status":   "pending" ,\n  "x": 2\n}';
    expect(applyEdits(text, [setStringMember(text, obj(text), 'status', 'done')])).toBe('{\n  "id": 1,\n  "status":   "done" ,\n  "x": 2\n}');
  });

  it('adds a missing member on its own line with the indentation of the one before', () => {
    const text = '{\n    "id": 1,\n    "title": "T"\n  }';
    expect(applyEdits(text, [setStringMember(text, obj(text), 'status', 'done')])).toBe('{\n    "id": 1,\n    "title": "T",\n    "status": "done"\n  }');
  });

  it('adds a missing member inline in a one-line object, and into an empty one', () => {
    const inline = '{"id": 1, "title": "T"}';
    expect(applyEdits(inline, [setStringMember(inline, obj(inline), 'status', 'done')])).toBe('{"id": 1, "title": "T", "status": "done"}');
    expect(applyEdits('{}', [setStringMember('{}', obj('{}'), 'status', 'done')])).toBe('{"status": "done"}');
  });
});
