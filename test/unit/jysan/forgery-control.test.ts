import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { encodeForm, parseUrlencoded } from '../../../src/protocols/common/form.ts';
import { judgeChecks, withEnv } from '../harness/judge-checks.ts';

// A Jysan gateway that refuses every correct P_SIGN (of every operation, or of the XML operations
// only) refuses every wrong one with the same code 21; that shows nothing about the cause each rule
// names. The rules "X is refused" (JY-SIG-05, -07, -08, -16) end inconclusive or unjudged with the
// reason, never passed; the formula rules (JY-SIG-01, -11, -12, -13) fail on the refused correct ones.
const VAR = 'PAYCERT_JYSAN_SHARED_SECRET';
let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

/** Every status, list and cancel request gets a P_SIGN with its last hex digit changed: the gateway
 *  refuses their correct signatures as a gateway verifying the XML formulas wrongly does. */
function xmlSignatureBroken(body: string): string {
  const f = Object.fromEntries(parseUrlencoded(body)) as Record<string, string>;
  const xml = f.GETSTATUS !== undefined || f.DATE_FROM !== undefined || f.REV_AMOUNT !== undefined;
  if (!xml || !f.P_SIGN) return body;
  f.P_SIGN = `${f.P_SIGN.slice(0, -1)}${f.P_SIGN.endsWith('0') ? '1' : '0'}`;
  return encodeForm(Object.entries(f));
}

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  proxy = await requestRewritingProxy(h.url, (req, body) =>
    req.method === 'POST' && /urlencoded/.test(String(req.headers['content-type'])) ? xmlSignatureBroken(body) : body,
  );
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const judged = (ids: string[], baseUrl: string) => judgeChecks('jysan', ids, { ...subjectOf(h, 'gateway'), baseUrl });

test('a Jysan gateway refusing every correct P_SIGN passes no forgery rule: they are inconclusive, with the reason', async () => {
  const ids = ['jy.sig.secret-prefix', 'jy.sig.trailing-separator', 'jy.sig.tampered'];
  const { results, verdicts, shown } = await withEnv(VAR, '98765432109876543210987', () => judged(ids, h.url));
  expect(verdicts.passed ?? [], shown).toEqual([]);
  expect(verdicts.failed ?? [], shown).toEqual([]);
  for (const r of results) {
    expect(r.outcome, `${r.id}: ${r.reason}`).toBe('inconclusive');
    expect(r.reason, r.id).toMatch(/correctly signed control request .* was refused too/);
  }
}, 300_000);

test('a gateway refusing every correct status, list and cancel P_SIGN is not passed on JY-SIG-16', async () => {
  const { results, verdicts, shown } = await judged(['jy.sig.xml-operations'], proxy!.url);
  // confirm's signatures pass the proxy untouched: its formula is judged and taken. JY-ERR-01 is the
  // refusals' code and message as a pair, whatever the control: every 21 here says "Неправильная подпись!";
  // no reply shows the secret or the right P_SIGN (JY-SIG-17)
  expect((verdicts.passed ?? []).sort(), shown).toEqual(
    ['jy.sig.xml-operations JY-SIG-14', 'jy.sig.xml-operations JY-ERR-01', 'jy.sig.xml-operations JY-SIG-17'].sort(),
  );
  expect((verdicts.failed ?? []).sort(), shown).toEqual(
    ['jy.sig.xml-operations JY-SIG-11', 'jy.sig.xml-operations JY-SIG-12', 'jy.sig.xml-operations JY-SIG-13'].sort(),
  );
  expect(results[0]!.ruleReasons?.['JY-SIG-16'], shown).toMatch(/control request of each operation was refused too/);
  // undecided, not "not applicable" (it was skipped): every gateway must refuse a wrong P_SIGN
  expect(results[0]!.ruleOutcomes['JY-SIG-16'], shown).toBe('inconclusive');
}, 300_000);
