import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

// The seed names no media type for the XML replies. The reference gateway sends the live gateway's,
// "text/xml; charset=UTF-8": published g2g clients compare it byte for byte and refuse every reply of
// another type, so with "application/xml" such an SDK failed every call against the embedded reference.
let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
});
afterAll(() => h?.close());

test('signed, error and unsigned replies, classic script and /g2g alike, are text/xml; charset=UTF-8', async () => {
  const post = (path: string, body: string) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  // unknown merchant: the unsigned error; a known merchant with a wrong signature: a signed error
  for (const [path, body] of [
    ['/g2g/status_v2', 'pg_merchant_id=1&pg_salt=s&pg_sig=x'],
    ['/get_status3.php', 'pg_merchant_id=1&pg_salt=s&pg_sig=x'],
    ['/g2g/status_v2', 'pg_merchant_id=123456&pg_order_id=1&pg_salt=s&pg_sig=x'],
  ]) {
    const r = await post(path!, body!);
    expect(r.headers.get('content-type'), `${path} ${body}`).toBe('text/xml; charset=UTF-8');
    expect(await r.text()).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*<response>/);
  }
});
