import { expect, test } from 'vitest';
import { startGreenleavesSandbox } from '../../../src/sandbox/greenleaves/app.ts';
import { GreenleavesClient } from '../../../src/sdk/greenleaves.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { loadCards } from '../../../src/spec/greenleaves-cards.ts';
import { send, slowListener } from './support.ts';

test("greenleaves: callbacks of different payments go out concurrently to a slow merchant; one payment's attempts stay in order", async () => {
  const N = 8;
  const answered = new Set<string>();
  // 200 ms per call; each payment's first attempt fails (HTTP 500), its retry is taken
  const merchant = await slowListener(200, (f) => {
    const id = f.get('pg_payment_id')!;
    if (answered.has(id)) return 200;
    answered.add(id);
    return 500;
  });
  const gw = await startGreenleavesSandbox();
  try {
    const c = credentials('greenleaves');
    const client = new GreenleavesClient(send, gw.url, c.merchantId, c.secretKey);
    const card = [...loadCards().values()].find((x) => x.auth && !x.threeDs)!;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await client.call('/g2g/payment', {
        pg_order_id: `CB${Date.now()}${i}`,
        pg_amount: '500',
        pg_currency: 'KZT',
        pg_description: 'callbacks',
        pg_card_name: 'TEST TESTOV',
        pg_card_pan: card.pan,
        pg_card_cvc: card.cvc,
        pg_card_month: card.month,
        pg_card_year: card.year,
        pg_testing_mode: '1',
        pg_result_url: `${merchant.url}/result`,
      });
      expect(r.field('pg_status'), r.http.text).toBe('ok');
      ids.push(r.field('pg_payment_id')!);
    }
    await gw.scheduler!.runDue();
    await gw.scheduler!.advance(30 * 60_000 + 1_000);
    expect(merchant.seen).toHaveLength(2 * N);
    expect(merchant.maxOpen()).toBeGreaterThan(1);
    for (const id of ids) {
      const mine = merchant.seen.filter((s) => s.fields.get('pg_payment_id') === id);
      expect(mine.map((s) => s.fields.get('pg_can_reject'))).toEqual(['1', '0']);
      expect(mine[0]!.end).toBeLessThanOrEqual(mine[1]!.start);
    }
  } finally {
    await gw.close();
    await merchant.close();
  }
});
