import { describe, expect, test } from 'vitest';
import { Clock, Scheduler } from '../../../src/reference/clock.ts';

describe('scheduler on an advanceable clock', () => {
  test('jobs run at their due time, in order, each seeing its own time', async () => {
    let now = 1_000_000;
    const clock = new Clock(() => now);
    const s = new Scheduler(clock, 1_000_000);
    const seen: Array<[string, number]> = [];
    s.after(30 * 60_000, async () => void seen.push(['b', clock.now()]));
    s.after(10, async () => void seen.push(['a', clock.now()]));
    await s.advance(5);
    expect(seen).toEqual([]);
    await s.advance(60 * 60_000);
    expect(seen).toEqual([
      ['a', 1_000_010],
      ['b', 1_000_000 + 30 * 60_000],
    ]);
    expect(clock.now()).toBe(1_000_005 + 60 * 60_000);
    s.stop();
    now += 0;
  });
  test('a job may schedule the next one (a retry chain) within one advance', async () => {
    const clock = new Clock(() => 0);
    const s = new Scheduler(clock, 1_000_000);
    const times: number[] = [];
    const attempt = async (n: number): Promise<void> => {
      times.push(clock.now());
      if (n < 4) s.at((n + 1) * 1_800_000, () => attempt(n + 1));
    };
    s.at(0, () => attempt(0));
    await s.advance(3 * 3_600_000);
    expect(times).toEqual([0, 1_800_000, 3_600_000, 5_400_000, 7_200_000]);
    s.stop();
  });
  test('the clock never moves backwards', () => {
    expect(() => new Clock().advance(-1)).toThrow();
  });
});
