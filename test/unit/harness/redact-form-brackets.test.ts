import { describe, expect, test } from 'vitest';
import { redactText, removedValues, REMOVED } from '../../../src/harness/redact.ts';
import { EvidenceLog, renderExchanges } from '../../../src/harness/evidence.ts';

// A probe's PHP SDK wrote the v5 create with http_build_query: its certificate, evidence and Allure
// attachments showed `from%5Bcard%5D%5Bcvc%5D=123`, `…%5Byear%5D=30`, `…%5Bmonth%5D=12` in clear. Redaction
// by name read a form's names whole (pg_card_cvc), never a bracketed one (from[card][cvc]), URL-encoded or not.
const CARD = {
  'from[type]': 'card',
  'from[card][name]': 'TEST TESTOV',
  'from[card][pan]': '4716047261941981',
  'from[card][cvc]': '123',
  'from[card][year]': '30',
  'from[card][month]': '12',
};
const FORM = new URLSearchParams({ amount: '0.01', currency: 'KZT', order_id: 'A-12', ...CARD }).toString();

describe('bracketed form names (PHP http_build_query, Rails): read by their segments', () => {
  test('the form body as sent: CVC and expiry removed, PAN masked, the rest kept', () => {
    expect(FORM).toContain('from%5Bcard%5D%5Bcvc%5D=123');
    const r = redactText(FORM);
    expect(r).toContain(`from%5Bcard%5D%5Bcvc%5D=${REMOVED}`);
    expect(r).toContain(`from%5Bcard%5D%5Byear%5D=${REMOVED}`);
    expect(r).toContain(`from%5Bcard%5D%5Bmonth%5D=${REMOVED}`);
    expect(r).toContain(`from%5Bcard%5D%5Bname%5D=${REMOVED}`);
    expect(r).toContain('from%5Bcard%5D%5Bpan%5D=471604******1981');
    expect(r).toContain('amount=0.01&currency=KZT&order_id=A-12&from%5Btype%5D=card&');
  });

  test('unencoded brackets, in a query string; a name whose last segment is sensitive on its own', () => {
    expect(redactText('/pay?from[card][cvc]=737&from[card][month]=12&order[id]=12')).toBe(
      `/pay?from[card][cvc]=${REMOVED}&from[card][month]=${REMOVED}&order[id]=12`,
    );
    expect(redactText('payment[cvv]=737&payment[amount]=12')).toBe(`payment[cvv]=${REMOVED}&payment[amount]=12`);
    expect(redactText('x=1&data%5Bcard_number%5D=4716047261941981')).toBe('x=1&data%5Bcard_number%5D=471604******1981');
  });

  test('bracketed names outside card data are left as they are', () => {
    for (const s of ['items[0][price]=12&items[0][qty]=30', 'from%5Btype%5D=card&device%5Buser_ip%5D=1.2.3.4'])
      expect(redactText(s)).toBe(s);
  });

  test("removedValues reads them too: the request's values an exchange may echo without their names", () => {
    const v = removedValues(FORM);
    for (const x of ['123', '30', '12', 'TEST TESTOV']) expect(v.has(x), x).toBe(true);
    expect(v.has('A-12')).toBe(false);
  });

  test('the evidence of such a request shows none of them', () => {
    const log = new EvidenceLog();
    log.add({
      at: '',
      direction: 'received',
      method: 'POST',
      url: '/v5/g2g/create',
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: FORM,
      status: 400,
      responseBody: '{"error":{"code":1106}}',
    });
    const report = renderExchanges(log.list());
    for (const leak of ['cvc%5D=123', 'year%5D=30', 'month%5D=12', 'TEST+TESTOV', '4716047261941981'])
      expect(report, leak).not.toContain(leak);
  });
});
