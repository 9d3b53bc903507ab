// One reader for every source squad compiles: the file's extension picks the format (.md, .json, .jsonl, .yaml:
// BMAD sprint status, or a list of task records); without a known extension, its content does (a JSON object per
// line, one JSON document, a YAML `development_status:` map, else markdown). JSON is told apart by shape: `userStories` is Ralph, else Task Master.
// Each format is a small adapter into the same task model (../types.ts).
import { checkSourceLimits } from '../../parse/limits.js';
import { readMarkdown } from '../read-markdown.js';
import { emptyDoc, type RawDoc } from '../types.js';
import { readRecords } from '../extract-records.js';
import { extractBeadsJsonl } from './beads-jsonl.js';
import { extractBmadSprintStatus, isBmadSprintStatus } from './bmad-sprint-status.js';
import { parseJsonText } from './json-text.js';
import { extractRalphPrd, isRalphPrd } from './ralph-prd.js';
import { extractTaskmaster } from './taskmaster.js';

export type SourceSyntax = 'markdown' | 'json' | 'jsonl' | 'yaml';

const MARKDOWN = /\.(?:md|markdown|mdx|txt|mdown|mkd)$/i;

/** Which syntax a source is written in: the extension decides; only a file without a known one is sniffed. */
export function sourceSyntax(file: string, text: string): SourceSyntax {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.(?:jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (MARKDOWN.test(file)) return 'markdown';
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 1 && lines.slice(0, 2).every((l) => /^\s*\{.*\}\s*$/.test(l) && isJson(l))) return 'jsonl';
  if (/^\s*(?:\{|\[\s*(?:\{|\]))/.test(text.slice(0, 200))) return 'json';
  if (isBmadSprintStatus(text)) return 'yaml';
  return 'markdown';
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export function readSource(text: string, file: string, tag: string | null): RawDoc {
  checkSourceLimits(text, file);
  switch (sourceSyntax(file, text)) {
    case 'markdown':
      return readMarkdown(text);
    case 'jsonl':
      return extractBeadsJsonl(text, file);
    case 'yaml': {
      if (isBmadSprintStatus(text)) return extractBmadSprintStatus(text, file);
      // A YAML file of task records (`- id: ... title: ... needs: [...]`, or under `tasks:`): each key read as a field.
      const tasks = readRecords(text, 1, 0);
      if (tasks) return { ...emptyDoc('yaml-records', false), tasks };
      return extractBmadSprintStatus(text, file);
    }
    case 'json': {
      const data = parseJsonText(text, file, 'fix the file or regenerate it with the tool that wrote it');
      if (isRalphPrd(data)) return extractRalphPrd(data, text, file);
      return extractTaskmaster(data, text, file, tag);
    }
  }
}
