import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { expect, test } from 'vitest';
import { startGreenleavesV5Sandbox } from '../../../src/sandbox/greenleaves-v5/app.ts';
import { signedRequest, uuidv7 } from '../../../src/protocols/greenleaves-v5/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { loadCards } from '../../../src/spec/greenleaves-cards.ts';

// The sandbox awaits check_url inside a create (V5-CB-03): a create sent again under the same
// X-Request-Id meanwhile must get the first create's reply (V5-IDEM-01), not be processed twice.
test('a create repeated while its check_url call is pending gets the same reply, and one payment exists', async () => {
  let checks = 0;
  const shop = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      checks++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'), 200);
    });
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  const gw = await startGreenleavesV5Sandbox();
  try {
    const c = credentials('greenleaves-v5');
    const card = [...loadCards().values()].find((k) => k.auth && !k.threeDs)!;
    const body = JSON.stringify({
      amount: 500,
      currency: 'KZT',
      description: 'paycert',
      order_id: `PC${Date.now()}`,
      from: {
        type: 'card',
        card: { pan: card.pan, cvc: card.cvc, year: Number(card.year), month: Number(card.month) },
      },
      urls: { check_url: `http://127.0.0.1:${(shop.address() as AddressInfo).port}/check` },
    });
    const sent = await signedRequest({
      operation: 'create',
      body,
      authId: c.authId,
      secret: c.secretKey,
      requestId: uuidv7(),
    });
    const send = async () => {
      const r = await request(`${gw.url}${sent.path}`, { method: 'POST', headers: sent.headers, body: sent.body });
      return { status: r.statusCode, text: await r.body.text() };
    };
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toMatchObject({ status: 'cleared' });
    expect(b).toEqual(a);
    expect(checks).toBe(1);
  } finally {
    await gw.close();
    shop.close();
  }
});
