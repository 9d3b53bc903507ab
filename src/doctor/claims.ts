// Claims held by sessions that are gone (their process died on this host) or silent past the heartbeat TTL. Any
// claimer may take such a claim over already; --fix releases it, so the task shows as available to everyone and
// the journal says who let it go and why.
import type { Session, Store, TaskView } from '../state/index.js';
import { describeSession } from '../state/session.js';
import type { Finding } from './finding.js';

export function staleClaimFindings(store: Store, views: readonly TaskView[], doctor: Session): Finding[] {
  return views
    .filter((v) => v.holder && v.stale)
    .map((v) => {
      const why = v.stale!.why === 'pid-dead' ? 'its process is gone' : `no heartbeat since ${v.stale!.lastSeen}`;
      return {
        check: 'claims' as const,
        where: v.id,
        problem: `${v.state === 'in_progress' ? 'in progress' : 'claimed'} by ${describeSession(v.holder!)}, but ${why}`,
        action: 'release the claim (recorded in the journal), so the task is available again',
        fix: () => {
          const r = store.release(v.id, doctor, { force: `squad doctor: the holder ${v.holder!.name} is gone (${why})` });
          if (!r.ok) throw new Error(r.message);
        },
      };
    });
}
