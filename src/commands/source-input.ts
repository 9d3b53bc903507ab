// What `squad allocate` and `squad explain` share: reading the document and the compile options from flags and
// squad.config.yaml, so both read a document exactly the same way.
import { readFileSync } from 'node:fs';
import { defaultRouting, type CompileOptions } from '../compile.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_KEYWORDS } from '../allocate/keywords.js';
import { UserError } from '../io/errors.js';
import { choiceFlag, intFlag } from './args.js';
import type { Config } from '../config/schema.js';
import type { RoutingTable } from '../allocate/route.js';

export function routingFromConfig(config: Config): RoutingTable {
  const base = defaultRouting();
  const keywords = config.routing.mode === 'replace' ? {} : { ...DEFAULT_KEYWORDS };
  for (const [agent, words] of Object.entries(config.routing.keywords)) {
    keywords[agent] = config.routing.mode === 'replace' ? words : [...(keywords[agent] ?? []), ...words];
  }
  return { keywords: Object.keys(keywords).length ? keywords : base.keywords, defaultAgent: config.routing.default };
}

export function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory; name a markdown or tasks.json file' : `cannot read (${code})`, file);
  }
}

export interface SourceFlags {
  order?: string | undefined;
  agents?: string | undefined;
  config?: string | undefined;
  tag?: string | undefined;
}

export function compileOptions(file: string, values: SourceFlags): { options: CompileOptions; config: Config } {
  const order = choiceFlag(values.order, 'order', ['auto', 'document', 'explicit'] as const, 'auto');
  const agents = intFlag(values.agents, 'agents', 1, 64);
  const { config } = loadConfig(values.config);
  return {
    config,
    options: { file, order, agents, routing: routingFromConfig(config), redZones: config.redZones, repoRoot: process.cwd(), tag: values.tag ?? null, reader: config.reader },
  };
}
