// Load and validate squad.config.yaml. Errors name the file, the line and the key.
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument, LineCounter } from 'yaml';
import { Config } from './schema.js';
import { UserError } from '../io/errors.js';

export const DEFAULT_CONFIG_FILE = 'squad.config.yaml';

/** Parse config text. Pure: `file` is only used in messages. */
export function parseConfig(text: string, file: string): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlErr = doc.errors[0];
  if (yamlErr) {
    const line = lines.linePos(yamlErr.pos[0]).line;
    throw new UserError(`invalid YAML: ${yamlErr.message.split('\n')[0]}`, file, line);
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = Config.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  // Point at the offending key when it exists, else at its parent.
  let line: number | null = null;
  for (let n = issue.path.length; n >= 0 && line === null; n--) {
    const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) line = lines.linePos(node.range[0]).line;
  }
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
  throw new UserError(`config key '${key || '(root)'}': ${issue.message}${unknownKeys}; see README "Configuration"`, file, line);
}

/** Load the config file if present; defaults otherwise. An explicitly named file must exist. */
export function loadConfig(path: string | undefined, cwd = process.cwd()): { config: Config; file: string | null } {
  const file = path ?? DEFAULT_CONFIG_FILE;
  const full = file.startsWith('/') ? file : `${cwd}/${file}`;
  if (!existsSync(full)) {
    if (path) throw new UserError(`config file not found; create it with 'squad init' or drop --config`, path);
    return { config: Config.parse({}), file: null };
  }
  return { config: parseConfig(readFileSync(full, 'utf8'), file), file };
}
