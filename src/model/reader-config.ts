// The `reader:` section of squad.config.yaml: what the defaults still miss, added without a code change. Extra id
// patterns, field labels and table headers per role. Set once per compile (compile() passes its options), so the
// compiler stays a function of its inputs.
import { z } from 'zod';
import { FIELD_KINDS, setExtraFieldLabels, type FieldKind } from './fields.js';
import { COLUMN_ROLES, setExtraColumns, type Column } from './extract-table.js';
import { setExtraIdPatterns } from './ids.js';

const Pattern = z.string().min(1).refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const ReaderConfig = z
  .object({
    /** Regular expressions for ids the grammar does not know (`ACME\\d+`); matched at the start of a candidate. */
    idPatterns: z.array(Pattern).default([]),
    /** Field role -> extra labels: `deps: [hängt ab von]`. */
    fields: z.partialRecord(z.enum(FIELD_KINDS as [FieldKind, ...FieldKind[]]), z.array(z.string().min(1))).default({}),
    /** Table column role -> extra header texts: `deps: [Vorgänger]`. */
    columns: z.partialRecord(z.enum(COLUMN_ROLES as [Column, ...Column[]]), z.array(z.string().min(1))).default({}),
  })
  .strict();
export type ReaderConfig = z.infer<typeof ReaderConfig>;

export const DEFAULT_READER: ReaderConfig = { idPatterns: [], fields: {}, columns: {} };

export function applyReaderConfig(reader: ReaderConfig | undefined): void {
  const r = reader ?? DEFAULT_READER;
  setExtraIdPatterns(r.idPatterns);
  setExtraFieldLabels(r.fields);
  setExtraColumns(r.columns);
}
