// Load and validate squad.config.yaml. Errors name the file, the line and the key.
import { existsSync, readFileSync, statSync } from 'node:fs';
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
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    // Name the unknown key itself, at its own line: the usual cause is a typo.
    const unknown = (issue as { keys: string[] }).keys[0]!;
    const full = [...path, unknown].join('.');
    throw new UserError(`unknown config key '${full}'; see README "Configuration" for the keys`, file, lineOf([...issue.path, unknown] as (string | number)[], true));
  }
  throw new UserError(`config key '${path.join('.') || '(root)'}': ${issue.message}; see README "Configuration"`, file, lineOf(issue.path as (string | number)[], false));

  /** Line of the key at `keyPath` (or of the nearest parent that exists). */
  function lineOf(keyPath: (string | number)[], keyItself: boolean): number | null {
    for (let n = keyPath.length; n >= 0; n--) {
      const sub = keyPath.slice(0, n);
      if (keyItself && n === keyPath.length) {
        const parent = (sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
        const pair = parent?.items?.find((it) => it.key?.value === sub[sub.length - 1]);
        if (pair?.key?.range) return lines.linePos(pair.key.range[0]).line;
        continue;
      }
      const node = doc.getIn(sub, true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  }
}

/** Load the config file if present; defaults otherwise. An explicitly named file must exist. */
export function loadConfig(path: string | undefined, cwd = process.cwd()): { config: Config; file: string | null } {
  const file = path ?? DEFAULT_CONFIG_FILE;
  const full = file.startsWith('/') ? file : `${cwd}/${file}`;
  if (!existsSync(full)) {
    if (path) throw new UserError(`config file not found; create it with 'squad init' or drop --config`, path);
    return { config: Config.parse({}), file: null };
  }
  if (!statSync(full).isFile()) throw new UserError(`is a folder (or not a regular file), not a config file; move it aside or create the file with 'squad init'`, file);
  return { config: parseConfig(readFileSync(full, 'utf8'), file), file };
}
