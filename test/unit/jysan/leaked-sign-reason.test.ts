import { afterAll, expect, test } from 'vitest';
import { checkOnReference, closeReferences } from '../harness/judge-checks.ts';

// Probe 22: an error page "<span class="code">21</span> Неправильная подпись! (expected <P_SIGN>)" was a
// page paycert could not read (about 20 rules inconclusive), and where the same message was read (an XML
// <message>), JY-ERR-01's reason quoted it whole: the right P_SIGN in certificate.html and junit.xml.
// The page is now read as code 21, JY-SIG-17 fails on it, and a reason shows the signature's first 8
// characters only (the evidence keeps it: docs/architecture.md, probe 22).
afterAll(closeReferences);

test('a code-21 page with the expected P_SIGN after the message: read, JY-SIG-17 failed, no reason carries the signature', async () => {
  const r = await checkOnReference('jysan', ['error-message-shows-expected-sign'], 'jy.sig.tampered');
  expect(r.ruleOutcomes['JY-SIG-17'], r.why).toBe('failed');
  // the XML path: the same text in a status refusal's <message>, quoted by JY-ERR-01's reason
  const x = await checkOnReference('jysan', ['error-message-shows-expected-sign'], 'jy.sig.xml-operations');
  expect(x.ruleOutcomes['JY-ERR-01'], x.why).toBe('failed');
  const reasons = [...r.failures, ...x.failures].map((f) => f.message).join('\n');
  expect(reasons).toMatch(/\(expected [0-9a-f]{8}…\)/);
  // (the request's own P_SIGN, in the reason's "sent:" line, is what paycert sent: not the leak)
  expect(reasons.replace(/P_SIGN=[0-9a-f]+/g, '').match(/.{0,80}[0-9a-f]{64}/g) ?? []).toEqual([]);
});
