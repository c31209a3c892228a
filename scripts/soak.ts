// npm run soak [-- --requests N --seconds S --max-growth-mb M --max-live-growth-mb L --workers W]
// Drives the embedded greenleaves, greenleaves-v5 and jysan sandboxes on loopback with a bounded number of
// requests while moving their clocks ahead, and fails when the process keeps growing after warm-up
// (the sandboxes must forget finished payments: src/sandbox/retention.ts). Growth is RSS (the npm
// script sets MALLOC_ARENA_MAX=2 so the allocator's arenas do not drown it) and JS heap + buffers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { request, Agent } from 'undici';
import { encodeForm } from '../src/protocols/common/form.ts';
import { Clock } from '../src/reference/clock.ts';
import { startGreenleavesSandbox } from '../src/sandbox/greenleaves/app.ts';
import { startGreenleavesV5Sandbox } from '../src/sandbox/greenleaves-v5/app.ts';
import { startJysanSandbox } from '../src/sandbox/jysan/app.ts';
import { JysanClient } from '../src/sdk/jysan.ts';
import { GreenleavesClient } from '../src/sdk/greenleaves.ts';
import { GreenleavesV5Client } from '../src/sdk/greenleaves-v5.ts';
import type { Send } from '../src/sdk/transport.ts';
import { credentials } from '../src/spec/credentials.ts';
import { loadCards } from '../src/spec/greenleaves-cards.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30000' },
    seconds: { type: 'string', default: '60' },
    'max-growth-mb': { type: 'string', default: '40' },
    'max-live-growth-mb': { type: 'string', default: '32' },
    workers: { type: 'string', default: '8' },
  },
});
const MAX_REQUESTS = Number(values.requests);
const DEADLINE = Date.now() + Number(values.seconds) * 1000;
const MAX_GROWTH = Number(values['max-growth-mb']) * 1024 * 1024;
const MAX_LIVE_GROWTH = Number(values['max-live-growth-mb']) * 1024 * 1024;
const WORKERS = Number(values.workers);
/** sandbox time per 1000 requests: 24 h of retention pass every 3000 requests */
const HOURS_PER_1000 = 8;
const T0 = Date.now();

const agent = new Agent({ connections: WORKERS * 2 });
const send: Send = async (r) => {
  const body = r.form ? encodeForm(r.form) : r.body;
  const headers = { ...(r.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...r.headers };
  const res = await request(r.url, { method: (r.method ?? 'POST') as 'POST', headers, body, dispatcher: agent });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: res.headers as Record<string, string>,
    body: bytes,
    text: Buffer.from(bytes).toString('utf8'),
  };
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** RSS, and what the program holds (JS heap + buffers): RSS alone moves with the allocator */
const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, live: m.heapUsed + m.external };
};

let received = 0;
const merchant = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>');
  });
});
await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
const resultUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/result`;

const gl = await startGreenleavesSandbox();
const v5clock = new Clock();
const v5 = await startGreenleavesV5Sandbox({ clock: v5clock });
const glc = credentials('greenleaves');
const gclient = new GreenleavesClient(send, gl.url, glc.merchantId, glc.secretKey);
const v5c = credentials('greenleaves-v5');
const vclient = new GreenleavesV5Client(send, v5.url, v5c.authId, v5c.secretKey);
const jy = await startJysanSandbox();
const jyc = credentials('jysan');
const jclient = new JysanClient(send, jy.url, jyc.merchant, jyc.terminal, jyc.sharedSecret);
let jysanOrder = 1_000_000_000 + Math.floor(Math.random() * 7_000_000_000);
const card = [...loadCards().values()].find((c) => c.auth && !c.threeDs)!;

let sent = 0;
let failed = 0;
let callbacks = 0;
let n = 0;
const start = memory();
let warm: ReturnType<typeof memory> | undefined;
const t0 = Date.now();

async function one(i: number): Promise<void> {
  const order = `SK${t0.toString(36)}${i}`.toUpperCase();
  switch (i % 5) {
    case 0: {
      // a card payment with a callback
      const r = await gclient.call('/g2g/payment', {
        pg_order_id: order,
        pg_amount: '500',
        pg_currency: 'KZT',
        pg_description: 'soak',
        pg_card_name: 'TEST TESTOV',
        pg_card_pan: card.pan,
        pg_card_cvc: card.cvc,
        pg_card_month: card.month,
        pg_card_year: card.year,
        pg_testing_mode: '1',
        pg_result_url: resultUrl,
      });
      if (r.field('pg_status') === 'ok') callbacks++;
      else failed++;
      return;
    }
    case 1: {
      // a hosted page nobody pays
      const r = await gclient.call('/g2g/payment_page', {
        pg_order_id: order,
        pg_amount: '700',
        pg_currency: 'KZT',
        pg_description: 'soak',
        pg_testing_mode: '1',
        pg_lifetime: '3600',
      });
      if (r.field('pg_status') !== 'ok') failed++;
      return;
    }
    case 2: {
      // a Jysan card page nobody fills in
      const r = await jclient.postPayment(
        jclient.signed('payment', { ORDER: String(jysanOrder++), AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'soak' }),
      );
      if (r.kind !== 'card-page') failed++;
      return;
    }
    default: {
      // a v5 payment and its status
      const created = await vclient.call('create', {
        amount: 500,
        currency: 'KZT',
        description: 'soak',
        order_id: order,
        from: {
          type: 'card',
          card: {
            name: 'TEST TESTOV',
            pan: card.pan,
            cvc: card.cvc,
            year: Number(card.year),
            month: Number(card.month),
          },
        },
      });
      if (created.http.status !== 200 || !created.payment) failed++;
      else if ((await vclient.call('status', { id: created.payment.id })).http.status !== 200) failed++;
    }
  }
}

async function worker(): Promise<void> {
  while (n < MAX_REQUESTS && Date.now() < DEADLINE) {
    const i = n++;
    await one(i).catch(() => void failed++);
    sent++;
    if (i > 0 && i % 1000 === 0) {
      await gl.scheduler!.advance(HOURS_PER_1000 * 3_600_000);
      await jy.scheduler!.advance(HOURS_PER_1000 * 3_600_000);
      // the v5 sandbox has no scheduler: its clock is moved directly
      v5clock.advance(HOURS_PER_1000 * 3_600_000);
    }
    // warm-up: a third of the requests or of the time, whichever comes first
    if (!warm && (sent >= MAX_REQUESTS / 3 || Date.now() - T0 >= (DEADLINE - T0) / 3)) warm = memory();
  }
}

await Promise.all(Array.from({ length: WORKERS }, worker));
await gl.scheduler!.runDue();
const end = memory();
warm ??= end;
const seconds = (Date.now() - t0) / 1000;
console.log(`requests ${sent} in ${seconds.toFixed(1)} s (${failed} refused or failed)`);
console.log(`callbacks sent ${callbacks} received ${received}`);
console.log(
  `rss start ${mb(start.rss)} after warm-up ${mb(warm.rss)} end ${mb(end.rss)}: growth after warm-up ${mb(end.rss - warm.rss)} (allowed ${mb(MAX_GROWTH)})`,
);
console.log(
  `heap+buffers start ${mb(start.live)} after warm-up ${mb(warm.live)} end ${mb(end.live)}: growth after warm-up ${mb(end.live - warm.live)} (allowed ${mb(MAX_LIVE_GROWTH)})`,
);
await gl.close();
await v5.close();
await jy.close();
merchant.close();
await agent.close();
if (end.rss - warm.rss > MAX_GROWTH || end.live - warm.live > MAX_LIVE_GROWTH) {
  console.error('soak: memory keeps growing after warm-up');
  process.exit(1);
}
if (received < callbacks) {
  console.error('soak: callbacks were lost');
  process.exit(1);
}
process.exit(0);
