// A test domain whose rate limit answers 429 with Retry-After (RFC 6585 4) tells paycert how long to
// wait; paycert slows its pace there for the rest of the run, so that the limit is met a few times only
// and the waits do not spend the target's budget. Was: the same limit answered with Retry-After: 3 had
// the two minutes spent after 41 waits, and every request inside a later window went unsent: 61 rules
// inconclusive where the limit without Retry-After left 27 (probe 26 gateway-paced-real, FREE_429_RA).
// Review of the mend: a target refusing every request with Retry-After no longer than the raised pace
// never spent the budget, and stalled the run for hours (15 s a request). All with the clock given: no
// wall-clock timing.
import { expect, test } from 'vitest';
import {
  paceFor,
  raisePace,
  RAISED_PACE_CAP_MS,
  REFUSED_IN_A_ROW_MAX,
  sentTo,
  tookRequest,
  waitBeforeNext,
} from '../../../src/harness/http.ts';

/** A limit taking two requests per path within a window of 300 ms, the third inside it refused with
 *  Retry-After: 1; requests sent as paycert's client schedules them (the pace to the origin, or the
 *  Retry-After's wait when longer), each refusal passed to waitBeforeNext and raisePace as sendOnce does. */
function limitedRun(url: string, requests: number, minIntervalMs: number, budgetMs: number) {
  const WINDOW_MS = 300;
  let accepted: number[] = [];
  const notes: string[] = [];
  let refused = 0;
  let t = 1_000_000;
  for (let taken = 0; taken < requests;) {
    sentTo(url, t);
    accepted = accepted.filter((a) => t - a < WINDOW_MS);
    let next = t + paceFor(url, minIntervalMs);
    if (accepted.length >= 2) {
      refused++;
      notes.push(waitBeforeNext(url, 1_000, 1_000, budgetMs, t + 1));
      notes.push(raisePace(url, minIntervalMs, t, t + 1));
      next = Math.max(t + paceFor(url, minIntervalMs), t + 1 + 1_000);
    } else {
      accepted.push(t);
      tookRequest(url);
      taken++;
    }
    t = next;
  }
  return { notes, refused };
}

test('a limit answering the third request of a window 429 with Retry-After: the pace is raised, every request is taken within the budget', () => {
  const url = 'http://limit.example.test/api';
  // the budget of six one-second waits: at a pace of 50 ms the limit refuses every third request, and
  // twenty requests would need about nine of them
  const { notes, refused } = limitedRun(url, 20, 50, 6_000);
  expect(notes.some((n) => /not waited for/.test(n))).toBe(false);
  // raised after the first refusals, the pace meets the limit a few times only
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThanOrEqual(4);
  expect(paceFor(url, 50)).toBeGreaterThanOrEqual(200);
  expect(notes.some((n) => /paycert's pace to http:\/\/limit\.example\.test raised from 50 to 100 ms/.test(n))).toBe(
    true,
  );
});

test('a pace of 0 (a burst, a reference) is never raised; a burst answered together raises it once; the raise stops at the cap', () => {
  const url = 'https://raise.example.test/ecom/api';
  expect(raisePace(url, 0, Date.now())).toBe('');
  expect(paceFor(url, 0)).toBe(0);
  const t0 = Date.now();
  expect(raisePace(url, 1_500, t0 - 10, t0)).toMatch(/raised from 1500 to 3000 ms/);
  // sent before that raise: the same burst's refusal
  expect(raisePace(url, 1_500, t0 - 5, t0 + 1)).toBe('');
  expect(raisePace(url, 1_500, t0 + 2, t0 + 3)).toMatch(/raised from 3000 to 5000 ms/);
  expect(raisePace(url, 1_500, t0 + 4, t0 + 5)).toBe('');
  expect(paceFor(url, 1_500)).toBe(RAISED_PACE_CAP_MS);
  // a pace given longer than the cap is kept
  expect(paceFor(url, 8_000)).toBe(8_000);
});

/** Every request to `url` refused with Retry-After: `askedMs` (no longer than the raised pace), sent as
 *  paycert's client schedules them; `takesEvery`: every so many refusals, one request is taken. Returns
 *  the index of the refusal whose wait was not waited for (the budget spent), or -1. */
function refusingRun(url: string, askedMs: number, refusals: number, takesEvery = 0): number {
  let t = 2_000_000;
  for (let i = 0; i < refusals; i++) {
    sentTo(url, t);
    const note = waitBeforeNext(url, askedMs, askedMs, 120_000, t + 20);
    raisePace(url, 1_500, t, t + 20);
    if (/^Retry-After not waited for/.test(note)) return i;
    t = Math.max(t + paceFor(url, 1_500), t + 20 + askedMs);
    if (takesEvery > 0 && (i + 1) % takesEvery === 0) {
      sentTo(url, t);
      tookRequest(url);
      t += paceFor(url, 1_500);
    }
  }
  return -1;
}

test('a target refusing every request with a Retry-After the raised pace waits out anyway: after REFUSED_IN_A_ROW_MAX in a row its waits are charged again, and the budget ends them', () => {
  // Retry-After: 1 under a pace raised to 5 s: was never spent, each request sent three times 5 s apart
  const spentAt = refusingRun('https://always-limited.example.test/ecom/api', 1_000, 1_000);
  expect(spentAt).toBeGreaterThanOrEqual(REFUSED_IN_A_ROW_MAX);
  // the free ones, then two minutes of 1 s waits (the first refusal, before the raise, charged too)
  expect(spentAt).toBeLessThanOrEqual(REFUSED_IN_A_ROW_MAX + 120);
  // Retry-After: 5, the cap of the raised pace: 24 waits of 5 s after the free ones
  const spent5 = refusingRun('https://always-limited-5.example.test/ecom/api', 5_000, 1_000);
  expect(spent5).toBeGreaterThanOrEqual(REFUSED_IN_A_ROW_MAX);
  expect(spent5).toBeLessThanOrEqual(REFUSED_IN_A_ROW_MAX + 24);
});

test('a target that takes requests between its refusals keeps the credit of the raised pace: its waits stay free', () => {
  expect(refusingRun('https://sometimes-limited.example.test/ecom/api', 1_000, 1_000, REFUSED_IN_A_ROW_MAX - 1)).toBe(
    -1,
  );
});
