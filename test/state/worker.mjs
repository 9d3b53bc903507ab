// A coordination client in its own process, driven over stdin/stdout (one JSON message per line), so tests can
// race real processes against the store. Plain JS: it runs against src/ transpiled by compiled-src.ts.
import { createInterface } from 'node:readline';
import { openStore, currentSession } from './src/state/index.js';
import { openPlanStore } from './src/state/open-store.js';

let store;
let session;
let stopKeepAlive = () => {};
const reply = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');
const brief = (r) => (r.ok ? { ok: true, changed: r.changed, takeover: r.entry?.takeover ?? null } : { ok: false, reason: r.reason, holder: r.holder ?? null });

// Random transitions for the concurrent-writers test: whatever a busy session (or a run) would do.
function hammer({ ms, tasks, run }) {
  const end = Date.now() + ms;
  const counts = { ops: 0, won: 0 };
  while (Date.now() < end) {
    const task = tasks[Math.floor(Math.random() * tasks.length)];
    const pick = Math.random();
    let r;
    if (pick < 0.35) r = store.tryClaim(task, session, run ? { skipDepCheck: true } : {});
    else if (pick < 0.5) r = store.start(task, session);
    else if (pick < 0.65) r = store.markDone(task, session, { note: 'hammer' });
    else if (pick < 0.75) r = store.markFailed(task, session, { error: 'hammer' });
    else if (pick < 0.85) r = store.release(task, session);
    else {
      store.heartbeat(session);
      r = { ok: true };
    }
    counts.ops++;
    if (r.ok) counts.won++;
  }
  return counts;
}

const lines = createInterface({ input: process.stdin });
let armed = null;
lines.on('line', (line) => {
  const msg = JSON.parse(line);
  switch (msg.op) {
    case 'init':
      store = msg.storeUrl
        ? openPlanStore({ repoRoot: msg.repoRoot, plan: msg.plan, config: { store: msg.storeUrl, claims: { ttlMinutes: msg.ttlMs / 60_000 } } })
        : openStore({ repoRoot: msg.repoRoot, plan: msg.plan, ttlMs: msg.ttlMs });
      session = currentSession(msg.name, { pid: process.pid });
      return reply({ op: 'init', session });
    case 'arm':
      // Read the task's state now, so 'go' goes straight to the exclusive create.
      armed = msg.task;
      store.task(armed);
      return reply({ op: 'armed' });
    case 'go':
      return reply({ op: 'claim', task: armed, ...brief(store.tryClaim(armed, session)) });
    case 'claim':
      return reply({ op: 'claim', task: msg.task, ...brief(store.tryClaim(msg.task, session)) });
    case 'keepAlive':
      stopKeepAlive = store.keepAlive(session, msg.intervalMs);
      return reply({ op: 'keepAlive' });
    case 'hammer':
      if (msg.run) stopKeepAlive = store.keepAlive(session, 50);
      return reply({ op: 'hammer', ...hammer(msg) });
    case 'exit':
      stopKeepAlive();
      process.exit(0);
  }
});
