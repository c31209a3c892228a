import { expect, test } from 'vitest';
import { Clock, Scheduler } from '../../../src/reference/clock.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('jobs of different keys overlap up to the limit; jobs of one key run one at a time, in due order', async () => {
  const clock = new Clock(() => 0);
  const s = new Scheduler(clock, 1_000_000, 3);
  let open = 0;
  let maxOpen = 0;
  const log: string[] = [];
  const job = (name: string) => async () => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    log.push(`start ${name}`);
    await sleep(20);
    log.push(`end ${name}`);
    open--;
  };
  for (const k of ['a', 'b', 'c', 'd', 'e']) s.at(0, job(`${k}0`), k);
  s.at(5, job('a1'), 'a');
  s.at(1, job('a2'), 'a');
  await s.advance(10);
  expect(maxOpen).toBe(3);
  expect(log.filter((l) => l.endsWith('a0') || l.endsWith('a1') || l.endsWith('a2'))).toEqual([
    'start a0',
    'end a0',
    'start a2',
    'end a2',
    'start a1',
    'end a1',
  ]);
  expect(log.filter((l) => l.startsWith('start'))).toHaveLength(7);
  expect(s.pending()).toBe(0);
  s.stop();
});

test('many jobs at shuffled times run each at its own time, in (time, scheduling) order', async () => {
  const clock = new Clock(() => 0);
  const s = new Scheduler(clock, 1_000_000, 1);
  const ran: Array<[number, number]> = [];
  const dues: number[] = [];
  let x = 7;
  for (let i = 0; i < 500; i++) {
    x = (x * 48271) % 2147483647;
    dues.push(1 + (x % 97));
  }
  dues.forEach((due, i) =>
    s.at(due, async () => {
      ran.push([clock.now(), i]);
    }),
  );
  expect(s.pending()).toBe(500);
  await s.advance(50);
  expect(ran.every(([at], k) => at === dues[ran[k]![1]])).toBe(true);
  expect(s.pending()).toBe(dues.filter((d) => d > 50).length);
  await s.advance(100);
  const expected = dues.map((d, i) => [d, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  expect(ran).toEqual(expected);
  expect(s.pending()).toBe(0);
  s.stop();
});

// A stress run (three paycert runs at once on 2 cores): gl.cb.retry-schedule's clock advance answered 500,
// "the clock only moves forward": Scheduler.advance read the clock twice (is the job still ahead? by how
// much?) and real time passed the job's due time in between, giving a negative step. advanceTo reads once.
test('advanceTo never steps backwards, whatever real time does between reads', () => {
  let real = 0;
  const clock = new Clock(() => (real += 7)); // real time moves 7 ms on every read
  clock.advanceTo(3); // already past: no move, no throw
  expect(clock.now()).toBe(14);
  clock.advanceTo(100);
  expect(clock.now()).toBe(107); // there (100 on the read it used), then real time moved on
  expect(() => clock.advanceTo(120)).not.toThrow(); // 'is it ahead' and 'by how much' are one read
});
