import { describe, expect, test } from 'vitest';
import { BODY_KEPT, EvidenceLog, renderExchanges, type Exchange } from '../../../src/harness/evidence.ts';

// A hostile reply well under the 8 MiB reply cap (700 KB of XML nested 10^5 deep) was kept whole in
// every kept exchange, in evidence/*.txt, the Allure attachment and certificate.html: 230 MB of
// reports for a 58-request run. A kept body is cut, redacted before it is cut, and says how much.

const deep = `<?xml version="1.0" encoding="utf-8"?>\n<response>${'<a>'.repeat(1e5)}${'</a>'.repeat(1e5)}<pg_status>ok</pg_status></response>`;

const reply = (n: number, body: string): Exchange => ({
  at: '',
  direction: 'sent',
  method: 'POST',
  url: `http://h/${n}`,
  requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
  requestBody: `pg_order_id=${n}`,
  status: 200,
  responseHeaders: { 'content-type': 'text/xml' },
  responseBody: body,
});

describe('evidence bounds', () => {
  test('the failing exchange keeps the start of a 700 KB reply and says how much was cut', () => {
    const log = new EvidenceLog();
    log.add(reply(1, deep));
    log.pinLast();
    const text = renderExchanges(log.list(true));
    expect(text.length).toBeLessThan(BODY_KEPT + 2000);
    expect(text).toContain(deep.slice(0, 1000));
    expect(text).toContain(`[cut: ${deep.length - BODY_KEPT} more characters of ${deep.length} not kept]`);
    expect(text).not.toContain('<pg_status>');
  });

  test('every other kept exchange is cut shorter, with the same marker', () => {
    const log = new EvidenceLog();
    for (let i = 0; i < 30; i++) log.add(reply(i, deep));
    const list = log.list(true);
    const text = renderExchanges(list);
    expect(list.filter((x) => x.method !== '-').length).toBe(25);
    expect(text.length).toBeLessThan(BODY_KEPT + 25 * 6000);
    expect(text).toContain(`[cut: ${deep.length - 4000} more characters of ${deep.length} not kept]`);
  });

  test('a card number at the cut is redacted, not cut in two', () => {
    const pan = '4716047261941981';
    const body = `${'x'.repeat(BODY_KEPT - 8)} ${pan} ${'y'.repeat(BODY_KEPT)}`;
    const log = new EvidenceLog();
    log.add(reply(1, body));
    const [x] = log.list(true);
    expect(x!.responseBody).not.toContain(pan.slice(0, 8));
    expect(x!.responseBody).toContain(' 471604*');
    expect(x!.responseBody).toContain(`more characters of ${body.length} not kept]`);
  });

  test('a body under the bound is kept whole', () => {
    const log = new EvidenceLog();
    const body = 'r'.repeat(BODY_KEPT);
    log.add(reply(1, body));
    expect(log.list(true)[0]!.responseBody).toBe(body);
  });
});
