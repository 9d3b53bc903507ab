// The dashboard's notes and metrics: the one place the notes feature (`squad note`) and the metrics feature
// (`squad metrics`) plug into the page (issue 11). Until they exist here, the page gets `notes: []` and `metrics: null`
// and shows neither panel; once filled, it lists notes under their task and in a notes panel, and shows each metric
// figure as a row (nested objects flattened to `a.b` names).
import type { Store } from '../state/store.js';
import type { Extras } from './model.js';

export function storeExtras(_store: Store): Extras {
  return { notes: [], metrics: null };
}
