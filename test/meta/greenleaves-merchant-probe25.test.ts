import { expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { judgeMerchantAt } from '../merchant-edge.ts';
import { startStub } from '../stub-edge.ts';

// probe 25 (a PHP shop on Apache, a mod_rewrite [F] rule on quotes in a POST, mod_security style): the
// genuine result-ok call, its e-mail o'brien+shop@mail.kz, got Apache's bare 403 page, and GL-MCB-01's
// reason said "an address not let through?", while 19 rules passed from that address. A control call
// right after it (result_url without the call's fields) got through: the refusal is by its content.
const APACHE_403 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>403 Forbidden</title>
</head><body>
<h1>Forbidden</h1>
<p>You don't have permission to access this resource.</p>
<hr>
<address>Apache/2.4.62 (Debian) Server at 127.0.0.1 Port 80</address>
</body></html>
`;

/** A front of `origin` refusing with Apache's 403 page every POST whose body carries ' " or <. */
function quoteRule(origin: string) {
  return startStub(origin, (req, body, up) =>
    req.method === 'POST' && /['"<]/.test(body.toString('latin1'))
      ? { status: 403, headers: { 'content-type': 'text/html; charset=iso-8859-1' }, body: Buffer.from(APACHE_403) }
      : up,
  );
}

test("an edge's bare 403 to a genuine call carrying a quote, the control let through: GL-MCB-01 says refused by its content", async () => {
  const h = await startReference('greenleaves', 'merchant');
  const front = await quoteRule(new URL(h.url).origin);
  try {
    const v = await judgeMerchantAt(h, front.url, ['gl.merchant.result-ok']);
    const r = v.rules.find((x) => x.id === 'GL-MCB-01')!;
    expect(r.verdict, r.reason).toBe('failed');
    expect(r.reason).toMatch(/refused by its content: .*got through/);
    expect(r.reason).toMatch(/this one carries .*pg_user_contact_email \(a quote\)/);
    expect(r.reason).not.toMatch(/an address not let through/);
  } finally {
    await front.close();
    await h.close();
  }
});

// every call refused alike (an address list): the control meets the page too, and the reason stays the
// address one
test("an edge's bare 403 to every call, the control too: GL-MCB-01 still asks whether the address is let through", async () => {
  const h = await startReference('greenleaves', 'merchant');
  const front = await startStub(new URL(h.url).origin, () => ({
    status: 403,
    headers: { 'content-type': 'text/html; charset=iso-8859-1' },
    body: Buffer.from(APACHE_403),
  }));
  try {
    const v = await judgeMerchantAt(h, front.url, ['gl.merchant.result-ok']);
    const r = v.rules.find((x) => x.id === 'GL-MCB-01')!;
    expect(r.verdict, r.reason).toBe('failed');
    expect(r.reason).toMatch(/an address not let through/);
    expect(r.reason).not.toMatch(/refused by its content/);
  } finally {
    await front.close();
    await h.close();
  }
});
