// Which ordering the document asks for. README "Ordering" documents these rules with examples.
import type { DocWarning, RawDoc, RawTask } from '../model/types.js';

export type OrderMode = 'document' | 'explicit';
export type OrderRequest = 'auto' | OrderMode;

export interface OrderChoice {
  mode: OrderMode;
  reason: string;
  warning: DocWarning | null;
}

/** Machine formats state their order themselves (src/model/formats/): why each one is read as explicit. */
const FORMAT_ORDER: Record<string, string> = {
  'taskmaster-json': "Task Master JSON lists each task's dependencies",
  'beads-jsonl': "a beads export lists each issue's dependencies",
  'ralph-prd-json': 'Ralph works through the stories by priority: each priority waits for the one before',
  'bmad-sprint-status': 'BMAD works through the stories of an epic one after another; epics run side by side unless a comment orders them',
};

/**
 * auto: explicit when the document declares task-to-task dependencies as its convention (an `[after:]` marker,
 * a dependency column, Task Master JSON, or a dependency declaration on at least half of the tasks); document
 * order otherwise. Declarations on only some tasks are ambiguous: the more sequential reading (document order
 * plus the declared edges) is taken, with a warning.
 */
export function chooseOrder(requested: OrderRequest, doc: RawDoc, tasks: RawTask[]): OrderChoice {
  const declared = tasks.filter((t) => t.depsDeclared);
  if (requested === 'document') return { mode: 'document', reason: '--order document: the author\'s order is the order of work', warning: null };
  if (requested === 'explicit') return { mode: 'explicit', reason: '--order explicit: only declared dependencies order the work', warning: null };
  if (doc.explicitSyntax) {
    return {
      mode: 'explicit',
      reason: `auto: ${FORMAT_ORDER[doc.format] ?? 'the document declares dependencies with its own syntax ([after:] markers or a dependency column)'}`,
      warning: null,
    };
  }
  if (tasks.length > 0 && declared.length * 2 >= tasks.length) {
    return { mode: 'explicit', reason: `auto: ${declared.length} of ${tasks.length} tasks declare their dependencies`, warning: null };
  }
  if (declared.length > 0) {
    const first = declared.reduce((a, b) => (a.line <= b.line ? a : b));
    const chained = tasks.filter((t) => !t.depsDeclared).map((t) => t.id);
    const named = chained.length <= 20 ? chained.join(', ') : `${chained.slice(0, 20).join(', ')} and ${chained.length - 20} more (squad explain lists them)`;
    return {
      mode: 'document',
      reason: `auto: only ${declared.length} of ${tasks.length} tasks declare dependencies, so the document order is kept and the declared edges are added (the safer reading)`,
      warning: {
        message: `dependencies are declared on only ${declared.length} of ${tasks.length} tasks (first: ${first.id}); using document order plus those edges, so these wait for the task before them: ${named}. Pass --order explicit to use only the declared dependencies`,
        line: first.line,
      },
    };
  }
  return { mode: 'document', reason: 'auto: no task declares dependencies, so the author\'s order is the order of work', warning: null };
}
