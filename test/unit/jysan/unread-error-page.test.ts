// Probe 21: a gateway whose code-21 page is a table of its own ("Код ошибки | 21", "Неправильная подпись!
// (expected …)", title "Ошибка"), which paycert cannot read. jy.flow.card-data read that page, the answer
// to a request signed over the plaintext card data, as acceptance and failed JY-ENC-03 (MUST): "a
// signature over plaintext card data was not refused", though nothing was paid. A page paycert cannot
// read is no acceptance: the status query of the order settles it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference } from '../../../src/harness/reference.ts';
import { checkThrough } from '../harness/judge-checks.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void } | undefined;

/** The reference's code-21 page as the probe's gateway writes it: no id, the code in a table cell (its
 *  "(expected 0f)" after the message is read since probe 22: here the text after it is no bracket, so
 *  that the page stays one paycert cannot read). */
function ownErrorPage(body: string): string {
  if (!/<span id="code">21<\/span>/.test(body)) return body;
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Ошибка</title></head>
<body><main><h2>Невозможно провести платёж</h2><table>
<tr><td>Код ошибки</td><td>21</td></tr>
<tr><td>Описание</td><td>Неправильная подпись! / expected 0f</td></tr>
</table></main></body></html>`;
}

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, ctx) => (ctx.url.startsWith('/ecom/') ? ownErrorPage(body) : body));
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('a signature over plaintext card data refused on a page paycert cannot read is settled by the status query, not failed', async () => {
  const r = await checkThrough('jysan', h, 'jy.flow.card-data', proxy!.url, 1);
  const why = JSON.stringify([r.ruleReasons, r.failures]);
  expect(r.ruleOutcomes['JY-ENC-03'], why).toBe('passed');
  expect(r.failures, why).toEqual([]);
  expect(r.notes.join('\n'), why).toMatch(/status query shows order \d+ not paid/);
});

test.each(['jy.flow.error-redirect', 'jy.backref.error-post'])(
  '%s: a wrong P_SIGN answered on a page paycert cannot read is no refusal made before the signature',
  async (id) => {
    const r = await checkThrough('jysan', h, id, proxy!.url, 1);
    expect(r.ruleOutcomes['JY-RED-04'], JSON.stringify([r.reason, r.ruleReasons, r.failures])).toBe('passed');
  },
);
