import { describe, expect, test } from 'vitest';
import { orderedValues } from '../../../src/protocols/greenleaves/signature.ts';
import type { PgMessage } from '../../../src/protocols/greenleaves/message.ts';

// A reply may repeat an element thousands of times (a long card list, or a hostile gateway):
// ordering one long level must stay exact and take n log n, not n² (300,000 took 85 s).
const vendor = (m: PgMessage): string[] => {
  const out: Array<[string, string]> = [];
  const flat = (v: PgMessage | PgMessage[string][], parent: string) =>
    (Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)).forEach(([k, x], i) => {
      if (k === 'pg_sig') return;
      const name = `${parent}${k}${String(i + 1).padStart(3, '0')}`;
      if (typeof x === 'string') out.push([name, x]);
      else flat(x as PgMessage, name);
    });
  flat(m, '');
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x);
};

describe('vendor order of a long level', () => {
  test.each([33, 40, 1200])('an array of %i elements and an object of as many fields', (n) => {
    const m: PgMessage = {
      pg_status: 'ok',
      item: Array.from({ length: n }, (_, i) => `v${i}`),
      ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${(i * 7919) % n}`, `w${i}`])),
    };
    expect(orderedValues(m)).toEqual(vendor(m));
  });

  // a complexity guard, not a speed test: n² took 85 s of CPU, n log n takes under a second. CPU time,
  // not wall time: a wall-clock limit of 4 s failed on a loaded machine (9.6 s), which CPU time is not
  // charged for; a ratio to 30,000 elements ranged 11–28× between runs (GC of the large array)
  test('300,000 repeated elements are ordered in n log n: seconds of CPU at most, not minutes', () => {
    const m: PgMessage = { pg_status: 'ok', pg_x: Array.from({ length: 300_000 }, () => '1'), pg_salt: 'a' };
    const c = process.cpuUsage();
    expect(orderedValues(m)).toHaveLength(300_002);
    const d = process.cpuUsage(c);
    expect((d.user + d.system) / 1000).toBeLessThan(20_000);
  });
});
