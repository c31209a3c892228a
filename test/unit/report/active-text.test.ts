// A hostile target's words in the reports (a probe's gateways quoting U+FFFF, U+202E, ESC and OSC in
// their replies): junit.xml was not well-formed (U+FFFF), the pre-run warnings wrote the target's ESC
// sequences to the terminal as they were (a retitled window, a cleared screen, a green "all rules
// passed"), and a U+202E turned paycert's own words around in certificate.html and Allure.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { expect, test, vi } from 'vitest';
import { visibleLine, visibleText } from '../../../src/harness/visible.ts';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';
import { buildCertificate } from '../../../src/report/write.ts';
import { junitXml } from '../../../src/report/junit.ts';
import { certificateHtml } from '../../../src/report/certificate-html.ts';
import { renderExchanges } from '../../../src/harness/evidence.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';

const HOSTILE = 'ok\uffff \ufffe \u202epassed\u202c \u001b]0;PWNED\u0007\u001b[2J \u009b31m \u061c \u2028 \ud800 end';

test('visibleText writes what would act as escapes, and keeps the rest as it is', () => {
  const shown = visibleText(HOSTILE);
  expect(shown).toBe(
    'ok\\uffff \\ufffe \\u202epassed\\u202c \\e]0;PWNED\\u0007\\e[2J \\u009b31m \\u061c \\u2028 \\ud800 end',
  );
  // words of any script, a paired surrogate (an emoji), line breaks and tabs stay
  const plain = 'Заказ оплачен 😀 a\tb\nc\r\n';
  expect(visibleText(plain)).toBe(plain);
  expect(visibleLine(plain)).toBe('Заказ оплачен 😀 a\\tb\\nc\\r\\n');
});

test('junit.xml and certificate.html show a reason quoting a hostile reply as escapes: well-formed, not reversed', () => {
  const result = checkResult('jy.a', ['JY-SIG-01'], 'failed');
  result.failures = [{ rule: 'JY-SIG-01', message: visibleText(`the reply: ${HOSTILE}`) }];
  const config = { seed: 1, plan: 'full', subjects: [jysanSubject] } as unknown as RunConfig;
  const cert = buildCertificate(config, [result], '', true);
  const junit = junitXml(config, [result], cert);
  expect(XMLValidator.validate(junit)).toBe(true);
  expect(junit).toContain('\\u202epassed');
  const html = certificateHtml(cert, [result], mkdtempSync(join(tmpdir(), 'paycert-active-')));
  expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u001b\uffff]/);
  expect(html).toContain('\\u202epassed');
  // a reason that did not pass through the runner (results of an older run, a merge) is shown so too
  const raw = checkResult('jy.b', ['JY-SIG-02'], 'failed');
  raw.failures = [{ rule: 'JY-SIG-02', message: HOSTILE }];
  const cert2 = buildCertificate(config, [raw], '', true);
  expect(XMLValidator.validate(junitXml(config, [raw], cert2))).toBe(true);
  expect(certificateHtml(cert2, [raw], mkdtempSync(join(tmpdir(), 'paycert-active-')))).not.toMatch(
    /[\u202a-\u202e\u001b\uffff]/,
  );
});

test("the evidence of an exchange shows the reply's controls as escapes, its lines kept", () => {
  const text = renderExchanges([
    {
      at: '2026-01-01T00:00:00Z',
      direction: 'sent',
      method: 'POST',
      url: 'http://127.0.0.1:1/g2g/payment',
      requestHeaders: {},
      status: 200,
      responseHeaders: { 'content-type': 'text/plain' },
      responseBody: `line one\n${HOSTILE}`,
    },
  ]);
  expect(text).not.toMatch(/[\u001b\u009b\u202e\uffff]/);
  expect(text).toContain('\\e[2J');
  expect(text).toMatch(/line one\n/);
});

test("the pre-run warnings quote a wall page's title with its controls as escapes", async () => {
  const page = '<html><head><title>\u001b]0;PWNED\u0007\u001b[2J\u001b[32mall rules passed\u202e</title></head></html>';
  const wall = async () => ({
    status: 403,
    headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' },
    body: new TextEncoder().encode(page),
    text: page,
  });
  const warned: string[] = [];
  const write = vi.spyOn(console, 'error').mockImplementation((s) => void warned.push(`${String(s)}\n`));
  try {
    const subject = { kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile: 'greenleaves' } as Subject;
    await secretPreflight(subject, wall);
  } finally {
    write.mockRestore();
  }
  expect(warned).toHaveLength(1);
  expect(warned[0]).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  expect(warned[0]).toMatch(/\\e\]0;PWNED\\u0007\\e\[2J/);
  expect(warned[0]).toMatch(/\n$/);
});
