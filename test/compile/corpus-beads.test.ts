// A beads dependency tree pasted into a blog post (20): bd ids in a fenced block, box-drawing parent-child lines,
// "← also needs" / "← blocked by" / "← <ids>" extra blockers. Expectations come from reading the tree (L112-205).
import { describe, expect, it } from 'vitest';
import { compileFixture, expectOrdered, expectTogether, filesOf, task } from './helpers.js';

describe('20 koupang beads tree: "├── bd-1j2  KafkaEventPublisher ← also needs bd-3ga"', () => {
  const plan = compileFixture('20_beads_blog_dependency_tree.md');

  it('takes the bd ids as task ids and beads ids, with the titles that follow them', () => {
    for (const t of plan.tasks) {
      expect(t.id).toMatch(/^bd-[0-9a-z]+$/);
      expect(t.beadsId).toBe(t.id);
    }
    expect(task(plan, 'bd-na8')).toMatchObject({ title: 'Event types + typed enums (EventType, AggregateType, EventEnvelope)', line: 115 });
    expect(task(plan, 'bd-1j2').title).toBe('KafkaEventPublisher (rdkafka)'); // "← also needs bd-3ga" is not title
    expect(task(plan, 'bd-337').title).toBe('Cart value objects (Quantity, PriceSnapshot, Currency)'); // nor "← blocked by"
    expect(task(plan, 'bd-8fc').title).toBe('Distributed tracing OTLP exporter (independent)');
    expect(task(plan, 'bd-9mm').title).toBe('MVP: API walkthrough / Postman collection');
  });

  it('defines each id once, though the tree repeats some ("bd-2v4 (see above)", bd-1zd, bd-305, bd-jp3)', () => {
    const all = plan.tasks.map((t) => t.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of ['bd-2v4', 'bd-1zd', 'bd-305', 'bd-jp3', 'bd-1j2']) expect(all.filter((x) => x === id)).toHaveLength(1);
  });

  it('orders children after their parents (Plan 1, L115-135)', () => {
    expect(plan.order.mode).toBe('explicit');
    expectOrdered(plan, [
      ['bd-1j2', 'bd-na8'],
      ['bd-3sv', 'bd-1j2'],
      ['bd-2v4', 'bd-3sv'],
      ['bd-27z', 'bd-1j2'],
      ['bd-5y4', 'bd-na8'],
      ['bd-1fo', 'bd-na8'],
      ['bd-2g4', 'bd-3ga'],
      ['bd-1ee', 'bd-3ej'],
    ]);
    for (const root of ['bd-na8', 'bd-3ga', 'bd-3ej', 'bd-8fc']) expect(task(plan, root).deps, root).toEqual([]);
  });

  it('adds the blockers written after "←" and "──→ … (see above)"', () => {
    expect(task(plan, 'bd-1j2').deps).toEqual(expect.arrayContaining(['bd-na8', 'bd-3ga'])); // L116, L127
    expect(task(plan, 'bd-2v4').deps).toEqual(expect.arrayContaining(['bd-3sv', 'bd-1ee', 'bd-5y4'])); // L119, L123, L133
    expect(task(plan, 'bd-337').deps).toEqual(['bd-5y4']); // L140 "← blocked by bd-5y4"; L122 "──→ [Plan 2: Cart value objects]"
    expectOrdered(plan, [
      ['bd-32f', 'bd-1ee'], // L154 "Order schema ← bd-1ee, bd-3sv"
      ['bd-32f', 'bd-3sv'],
      ['bd-1yx', 'bd-3sv'], // L163
      ['bd-m7m', 'bd-jp3'], // L181
    ]);
  });

  it('follows the cart, order, inventory and MVP chains (L141-148, L155-165, L187-190)', () => {
    expectOrdered(plan, [
      ['bd-2aq', 'bd-337'],
      ['bd-1tw', 'bd-2aq'],
      ['bd-3sf', 'bd-2aq'],
      ['bd-aqs', 'bd-1ra'],
      ['bd-1p7', 'bd-aqs'],
      ['bd-305', 'bd-1p7'],
      ['bd-186', 'bd-lwv'],
      ['bd-2ac', 'bd-186'],
      ['bd-3pu', 'bd-2ac'],
      ['bd-a1p', 'bd-3pu'],
      ['bd-1a3', 'bd-a1p'],
      ['bd-1a3', 'bd-32f'],
      ['bd-xsn', 'bd-1yx'],
      ['bd-2h3', 'bd-xsn'],
      ['bd-jp3', 'bd-1zd'],
      ['bd-2ne', 'bd-m7m'],
      ['bd-32d', 'bd-1zd'],
      ['bd-o7r', 'bd-32d'],
      ['bd-9mm', 'bd-o7r'],
    ]);
    expect(task(plan, 'bd-lwv').deps).toEqual(['bd-32f']);
  });

  it('lets independent branches run together', () => {
    expectTogether(plan, [
      ['bd-8fc', 'bd-na8'], // "(independent)"
      ['bd-8fc', 'bd-9mm'],
      ['bd-27z', 'bd-5y4'],
      ['bd-1tw', 'bd-3sf'],
      ['bd-3ej', 'bd-na8'],
      ['bd-2g4', 'bd-1j2'],
      ['bd-1yx', 'bd-32f'],
    ]);
  });

  it('has no files, groups or estimates, and every task open (the tree gives no status)', () => {
    for (const t of plan.tasks) {
      expect(filesOf(plan, t.id), t.id).toEqual({});
      expect(t.estimateMinutes).toBeNull();
      expect(t.status).toBe('open');
      expect(t.routing.source).not.toBe('explicit');
    }
    expect(plan.groups).toEqual([]);
  });
});
