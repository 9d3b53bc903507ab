// The predicted schedule of the allocation: each agent works its own lane one task at a time, a task starts
// when its dependencies are finished, the ready task with the longest remaining path goes first, and two tasks
// with an exclusion never overlap. Virtual minutes from the estimates; finished (done) tasks take no time.
import { byCodePoint } from './compare.js';
import { MinHeap } from '../graph/analyze.js';

export interface PredictInput {
  ids: string[];
  lane: Map<string, string>;
  deps: Map<string, string[]>;
  minutes: (id: string) => number;
  blevel: Map<string, number>;
  position: Map<string, number>;
  exclusions: [string, string][];
}

export interface Slot {
  task: string;
  agentId: string;
  start: number;
  end: number;
}

export function predictSchedule(input: PredictInput): { slots: Slot[]; makespan: number } {
  const remaining = new Map(input.ids.map((id) => [id, (input.deps.get(id) ?? []).length]));
  const dependents = new Map<string, string[]>(input.ids.map((id) => [id, []]));
  for (const id of input.ids) for (const d of input.deps.get(id) ?? []) dependents.get(d)?.push(id);
  const excluded = new Map<string, string[]>();
  for (const [a, b] of input.exclusions) {
    excluded.set(a, [...(excluded.get(a) ?? []), b]);
    excluded.set(b, [...(excluded.get(b) ?? []), a]);
  }
  const better = (a: string, b: string): number => input.blevel.get(b)! - input.blevel.get(a)! || input.position.get(a)! - input.position.get(b)!;
  const readyByLane = new Map<string, MinHeap<string>>();
  const laneReady = (lane: string): MinHeap<string> => {
    let h = readyByLane.get(lane);
    if (!h) readyByLane.set(lane, (h = new MinHeap<string>(better)));
    return h;
  };
  for (const id of input.ids) if (remaining.get(id) === 0) laneReady(input.lane.get(id)!).push(id);
  const busy = new Set<string>();
  const running = new Set<string>();
  const finishing = new MinHeap<Slot>((a, b) => a.end - b.end || input.position.get(a.task)! - input.position.get(b.task)!);
  const slots: Slot[] = [];
  let now = 0;
  const startWhatCan = (): void => {
    for (const [lane, heap] of [...readyByLane].sort((a, b) => byCodePoint(a[0], b[0]))) {
      if (busy.has(lane) || heap.size === 0) continue;
      // Skip tasks blocked by a running exclusion partner; put them back afterwards.
      const held: string[] = [];
      let chosen: string | undefined;
      while (heap.size) {
        const id = heap.pop()!;
        if ((excluded.get(id) ?? []).some((x) => running.has(x))) held.push(id);
        else {
          chosen = id;
          break;
        }
      }
      for (const h of held) heap.push(h);
      if (!chosen) continue;
      const slot = { task: chosen, agentId: lane, start: now, end: now + input.minutes(chosen) };
      slots.push(slot);
      busy.add(lane);
      running.add(chosen);
      finishing.push(slot);
    }
  };
  startWhatCan();
  while (finishing.size) {
    const done = finishing.pop()!;
    now = done.end;
    busy.delete(done.agentId);
    running.delete(done.task);
    for (const next of dependents.get(done.task)!) {
      const n = remaining.get(next)! - 1;
      remaining.set(next, n);
      if (n === 0) laneReady(input.lane.get(next)!).push(next);
    }
    startWhatCan();
  }
  return { slots, makespan: slots.reduce((m, s) => Math.max(m, s.end), 0) };
}
