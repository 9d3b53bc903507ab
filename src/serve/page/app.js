// The dashboard page: draws what the server sends (GET /api/state, then server-sent events on /events). All layout
// comes from the server (dagre in node); this file only turns the data into SVG and lists. Task text is always set
// as text, never parsed as HTML, and no style attribute is ever set (the page's content security policy forbids
// inline styles: colours come from classes in style.css).
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const STATES = [
  ['in_progress', 'in progress'],
  ['claimed', 'claimed'],
  ['available', 'available'],
  ['waiting', 'waiting on dependencies'],
  ['failed', 'failed'],
  ['done', 'done'],
];
const HELD = new Set(['claimed', 'in_progress']);

let data = null;
/** Browser clock when `data` arrived: held tasks' elapsed times count on from there. */
let receivedAt = 0;

function el(tag, attrs = {}, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// The same wording as src/state/format.ts (formatDuration), which the terminal's status uses; the browser cannot
// load that TypeScript module, so the page keeps this copy.
function duration(ms) {
  if (ms === null || ms === undefined) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function minutes(n) {
  // Learned estimates of quick tasks are seconds: say so rather than "0 min".
  if (n < 1) return `${Math.round(n * 60)} s`;
  const m = Math.round(n);
  if (m < 60) return `${m} min`;
  return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

function elapsedOf(t) {
  if (t.elapsedMs === null) return null;
  return HELD.has(t.state) ? t.elapsedMs + (Date.now() - receivedAt) : t.elapsedMs;
}

function clip(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

function drawProgress(d) {
  const p = d.progress;
  document.getElementById('source').textContent = d.plan.source;
  document.getElementById('bar-fill').style.width = `${p.percent}%`;
  document.querySelector('.bar').setAttribute('aria-valuenow', String(p.percent));
  const c = p.counts;
  const parts = [`${p.done} of ${p.total} done (${p.percent}% of the estimated work)`];
  for (const [s, label] of STATES) if (s !== 'done' && c[s]) parts.push(`${c[s]} ${label}`);
  document.getElementById('progress-text').textContent = parts.join(' · ');
  const e = p.eta;
  const eta = document.getElementById('eta-text');
  if (!e) eta.textContent = p.total > 0 ? 'All tasks done.' : '';
  else {
    const when = new Date(Date.parse(e.at)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const weight = e.learnedFrom ? `what ${e.learnedFrom} finished task(s) took` : 'the default';
    const guessed = e.defaulted ? `; ${e.defaulted} open task(s) without an estimate count as ${weight}` : '';
    eta.textContent = `ETA ${when} (about ${minutes(e.minutes)}: critical path left ${minutes(e.criticalPathMinutes)}, ${minutes(e.workLeftMinutes)} of work over ${e.lanes} lane(s)${guessed})`;
  }
}

function drawLegend() {
  const legend = document.getElementById('legend');
  legend.replaceChildren();
  for (const [s, label] of STATES) {
    legend.append(el('i', { class: `s-${s}` }), label);
  }
  legend.append(el('i', { class: 's-critical' }), 'critical path');
}

function drawGraph(d) {
  const svg = document.getElementById('dag');
  const L = d.layout;
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${Math.max(L.width, 1)} ${Math.max(L.height, 1)}`);
  svg.setAttribute('width', String(L.width));
  svg.setAttribute('height', String(L.height));
  const defs = el('svg:defs');
  const marker = el('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' });
  marker.append(el('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9ca3af' }));
  defs.append(marker);
  svg.append(defs);
  for (const g of L.groups) {
    const box = el('svg:g', { class: 'group', 'data-group': g.name });
    box.append(el('svg:rect', { x: g.x - g.width / 2, y: g.y - g.height / 2, width: g.width, height: g.height }));
    box.append(el('svg:text', { x: g.x - g.width / 2 + 8, y: g.y - g.height / 2 + 14 }, clip(g.name, 40)));
    svg.append(box);
  }
  const byId = new Map(d.tasks.map((t) => [t.id, t]));
  const onPath = new Set();
  const cp = d.plan.criticalPath;
  for (let i = 1; i < cp.length; i++) onPath.add(`${cp[i - 1]}\u0000${cp[i]}`);
  for (const e of L.edges) {
    if (e.points.length === 0) continue;
    const path = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const critical = onPath.has(`${e.from}\u0000${e.to}`);
    svg.append(el('svg:path', { class: critical ? 'edge critical' : 'edge', d: path, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
  }
  for (const n of L.nodes) {
    const t = byId.get(n.id);
    if (!t) continue;
    const cls = ['node', `state-${t.state}`, t.critical ? 'critical' : '', t.stale ? 'stale' : ''].filter(Boolean).join(' ');
    const g = el('svg:g', { class: cls, 'data-task': t.id, 'data-state': t.state, transform: `translate(${n.x - n.width / 2}, ${n.y - n.height / 2})` });
    g.append(el('svg:title', {}, `${t.id} ${t.title}\n${t.state}${t.holder ? ` (${t.holder})` : ''}`));
    g.append(el('svg:rect', { width: n.width, height: n.height }));
    const who = t.holder ?? (t.state === 'done' && t.by ? t.by : '');
    g.append(el('svg:text', { class: 'id', x: 8, y: 18 }, clip(`${t.id}${who ? ` · ${who}` : ''}`, 28)));
    g.append(el('svg:text', { class: 'title', x: 8, y: 36 }, clip(t.title, 30)));
    svg.append(g);
  }
}

function drawTasks(d) {
  const box = document.getElementById('tasks');
  box.replaceChildren();
  const notesOf = new Map();
  for (const n of d.notes) notesOf.set(n.task, [...(notesOf.get(n.task) ?? []), n]);
  for (const [s, label] of STATES) {
    const rows = d.tasks.filter((t) => t.state === s);
    if (rows.length === 0) continue;
    box.append(el('h3', { 'data-state': s }, `${label} (${rows.length})`));
    const ul = el('ul');
    for (const t of rows) {
      const li = el('li', { 'data-task': t.id, 'data-state': t.state });
      li.append(el('span', { class: `swatch s-${s}` }));
      li.append(el('span', { class: 'id' }, t.id));
      li.append(el('span', { class: 'title' }, t.title));
      let who = '';
      if (HELD.has(s)) who = `${t.holder}${t.stale ? ' (stale)' : ''}`;
      else if (s === 'waiting') who = `waits for ${t.waitingOn.join(', ')}`;
      else if (s === 'done' || s === 'failed') who = t.by ? `by ${t.by}` : '';
      if (t.error) who += ` — ${t.error}`;
      const extra = (notesOf.get(t.id) ?? []).map((n) => `${n.by}: ${n.text}`);
      if (t.note) extra.unshift(t.note);
      li.append(el('span', { class: 'who' }, [who, ...extra].filter(Boolean).join(' · ')));
      li.append(el('span', { class: 'elapsed', 'data-elapsed': t.id }, duration(elapsedOf(t))));
      ul.append(li);
    }
    box.append(ul);
  }
}

function drawAgents(d) {
  const lanes = document.querySelector('#lanes tbody');
  lanes.replaceChildren();
  for (const l of d.lanes) {
    const tr = el('tr', { 'data-lane': l.id });
    tr.append(el('td', {}, l.id), el('td', {}, l.type), el('td', {}, `${l.done} / ${l.tasks.length}`), el('td', {}, l.active.join(', ')));
    lanes.append(tr);
  }
  const sessions = document.querySelector('#sessions tbody');
  sessions.replaceChildren();
  for (const s of d.sessions) {
    const tr = el('tr', { 'data-session': s.name });
    tr.append(
      el('td', { class: s.live ? '' : 'dead', title: `pid ${s.pid} on ${s.host}` }, s.name),
      el('td', {}, s.holding.join(', ')),
      el('td', {}, new Date(Date.parse(s.lastSeen)).toLocaleTimeString()),
    );
    sessions.append(tr);
  }
}

/** Nested metric objects become rows named `a.b.c`. */
function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, name, out);
    else out.push([name, Array.isArray(v) ? JSON.stringify(v) : String(v)]);
  }
  return out;
}

function drawExtras(d) {
  const notesPanel = document.getElementById('notes-panel');
  notesPanel.hidden = d.notes.length === 0;
  const notes = document.getElementById('notes');
  notes.replaceChildren(...d.notes.map((n) => el('li', { 'data-task': n.task }, `${n.task} (${n.by}, ${new Date(Date.parse(n.at)).toLocaleTimeString()}): ${n.text}`)));
  const metricsPanel = document.getElementById('metrics-panel');
  metricsPanel.hidden = d.metrics === null;
  const body = document.querySelector('#metrics tbody');
  body.replaceChildren();
  if (d.metrics) for (const [k, v] of flatten(d.metrics, '', [])) {
    const tr = el('tr');
    tr.append(el('td', {}, k), el('td', {}, v));
    body.append(tr);
  }
}

function draw(d) {
  data = d;
  receivedAt = Date.now();
  drawProgress(d);
  drawGraph(d);
  drawTasks(d);
  drawAgents(d);
  drawExtras(d);
  document.body.dataset.at = d.at;
}

/** Held tasks' elapsed times tick every second without waiting for the server. */
function tick() {
  if (!data) return;
  for (const t of data.tasks) {
    if (!HELD.has(t.state)) continue;
    const cell = document.querySelector(`[data-elapsed="${CSS.escape(t.id)}"]`);
    if (cell) cell.textContent = duration(elapsedOf(t));
  }
}

function connect() {
  const status = document.getElementById('connection');
  const events = new EventSource('/events');
  events.addEventListener('state', (e) => draw(JSON.parse(e.data)));
  events.addEventListener('open', () => {
    status.dataset.live = 'true';
    status.textContent = 'live';
  });
  // EventSource reconnects by itself (the server asks for a 1 s retry); say so meanwhile.
  events.addEventListener('error', () => {
    status.dataset.live = 'false';
    status.textContent = 'reconnecting…';
  });
}

drawLegend();
connect();
setInterval(tick, 1000);
