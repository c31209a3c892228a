// The payer's browser sent by a payment reply to a page of the target's own origin that cannot be
// reached (a hop timing out): the transport's inconclusive names only the URL; the reason says that
// the gateway's reply sent the payer there, and stays an Inconclusive (no rule judged). A redirect to
// another host (the hostile gateway's `offhost` mode, a 302 to 203.0.113.7) is not followed at all
// (test/unit/jysan/payer-redirect.test.ts): nothing is sent there.
import { describe, expect, test } from 'vitest';
import { followPayer } from '../../../src/sdk/jysan.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import type { Request, Response } from '../../../src/sdk/transport.ts';

const reply = (status: number, headers: Record<string, string>, text = ''): Response => ({
  status,
  headers,
  body: Buffer.from(text),
  text,
});

describe('followPayer to an unreachable host', () => {
  test('the reason names the redirect that sent the payer there; the error stays Inconclusive', async () => {
    const sent: Request[] = [];
    const send = async (req: Request): Promise<Response> => {
      sent.push(req);
      throw new Inconclusive(
        `GET ${req.url} could not be completed: UND_ERR_CONNECT_TIMEOUT Connect Timeout Error (attempted address: 203.0.113.7:80, timeout: 5000ms)`,
      );
    };
    const first = reply(302, { location: '/g2g/payment' });
    const p = followPayer(send, first, {
      backref: 'http://127.0.0.1:1/shop/backref',
      base: 'http://203.0.113.7/ecom/api',
    });
    await expect(p).rejects.toBeInstanceOf(Inconclusive);
    await expect(p).rejects.toThrow(
      /^the reply redirected the payer's browser \(HTTP 302, neither to BACKREF nor with a result\), which could not follow it: GET http:\/\/203\.0\.113\.7\/g2g\/payment could not be completed: UND_ERR_CONNECT_TIMEOUT/,
    );
    expect(sent.map((r) => [r.method, r.url])).toEqual([['GET', 'http://203.0.113.7/g2g/payment']]);
  });

  test('to another host than the target: not sent at all, a page of kind other naming it', async () => {
    const sent: Request[] = [];
    const send = async (req: Request): Promise<Response> => {
      sent.push(req);
      throw new Error('nothing may be sent');
    };
    const first = reply(302, { location: 'http://203.0.113.7/g2g/payment' });
    const r = await followPayer(send, first, { base: 'http://127.0.0.1:2/ecom/api' });
    expect(r).toMatchObject({ kind: 'other', next: 'http://203.0.113.7/g2g/payment' });
    expect(r.unfollowed).toMatch(
      /another origin than the target's; if it is the gateway's own page host, name it with --page-origin http:\/\/203\.0\.113\.7 /,
    );
    expect(sent).toEqual([]);
  });
});
