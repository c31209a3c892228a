// A v5 gateway that a request reaches 11 s after it was sent (a loaded test domain, a queue in front
// of it) stamps X-Datetime when it processes it: within V5-RSP-04's skew of the exchange, though 11 s
// after paycert sent it. The check took the time before sending as "now" and warned V5-RSP-04.
import { expect, test } from 'vitest';
import { judgeGateway } from './judge-gateway.ts';
import { startReference } from '../../src/harness/reference.ts';
import { passOn, startFront } from '../front.ts';

test('v5: the X-Datetime of a request that reached the gateway 11 s late is judged against the whole exchange', async () => {
  const h = await startReference('greenleaves-v5', 'gateway');
  let first = true;
  const queue = await startFront(async (req, body, res) => {
    if (first) ((first = false), await new Promise((w) => setTimeout(w, 11_000)));
    await passOn(h.url, req, body, res);
  });
  try {
    const v = await judgeGateway('greenleaves-v5', queue.url, ['v5.rsp.headers']);
    expect(v.said('V5-RSP-04')).toBe('V5-RSP-04 passed');
    // and the check's other rules as ever
    const judged = v.rules.filter((r) => r.verdict !== 'skipped');
    expect(judged.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.reason}`)).toEqual([]);
    expect(judged.length).toBe(8); // V5-RSP-01 to -08
  } finally {
    queue.close();
    await h.close();
  }
});

/** A front that moves the reply's X-Datetime (and, with `date`, its Date header) `ms` ahead: a
 *  gateway whose clock is ahead of this machine's, or this machine's behind (a runner without NTP). */
function clockFront(target: string, ms: number, date: boolean) {
  const shift = (v: string) => new Date(Date.parse(v) + ms).toISOString();
  return startFront((req, body, res) =>
    passOn(target, req, body, res, {
      reply: (h) => {
        if (h['x-datetime']) h['x-datetime'] = shift(h['x-datetime']);
        if (date) h['date'] = new Date(Date.now() + ms).toUTCString();
      },
    }),
  );
}

test.each([
  [
    true,
    'inconclusive',
    /agrees with the reply's Date header .*, which is 1[12]\d s ahead of this machine's clock: the two clocks disagree/,
  ],
  [false, 'warning', /is 1[12]\d s after the exchange \(.*\); the rule allows 10 s/],
])(
  'v5: X-Datetime two minutes ahead of this machine, the Date header moved with it: %s; V5-RSP-04 %s',
  async (date, verdict, reason) => {
    const h = await startReference('greenleaves-v5', 'gateway');
    const front = await clockFront(h.url, 120_000, date);
    try {
      const v = await judgeGateway('greenleaves-v5', front.url, ['v5.rsp.headers']);
      expect(v.verdict('V5-RSP-04')).toBe(verdict);
      expect(v.rules.find((r) => r.id === 'V5-RSP-04')!.reason).toMatch(reason);
      // the check's other rules as ever
      const judged = v.rules.filter((r) => r.verdict !== 'skipped' && r.id !== 'V5-RSP-04');
      expect(judged.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.reason}`)).toEqual([]);
    } finally {
      front.close();
      await h.close();
    }
  },
);
