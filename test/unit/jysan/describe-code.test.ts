// An edge that re-indents XML puts each value on its own line: <code>\n    0\n  </code>. The reasons
// printed such a code as it was, so "<code> 0 </code>" read like code 0, and a check that took it for
// a refusal looked wrong; the padding is shown now.
import { expect, test } from 'vitest';
import { readXml } from '../../../src/sdk/jysan.ts';
import { describe } from '../../../suites/jysan/support.ts';

const xml = (code: string) =>
  readXml({
    status: 200,
    headers: { 'content-type': 'application/xml' },
    text: `<?xml version="1.0" encoding="UTF-8"?><result><code>${code}</code><description>ok</description></result>`,
    body: new Uint8Array(),
  } as never);

test('a plain code is shown as it is, a padded one quoted', () => {
  expect(describe(xml('0'))).toBe('<code>0</code> "ok"');
  expect(describe(xml('\n    0\n  '))).toBe('<code>"\\n    0\\n  "</code> "ok"');
});

// an HTML page where an XML <result> belongs (the bank's error page answering a confirm, a site's front
// end) was described by its XML parse error, as broken XML; it is said to be a page, with its title
test('an HTML page is described as a page, not as broken XML', () => {
  const page = (text: string) =>
    readXml({ status: 200, headers: { 'content-type': 'text/html' }, text, body: new Uint8Array() } as never);
  const html = '<!DOCTYPE html><html><head><title>Ошибка</title></head><body><p>Error<br></p></body></html>';
  expect(describe(page(html))).toMatch(/^HTTP 200, an HTML page titled "Ошибка", not an XML <result>: <!DOCTYPE html>/);
  // a cut XML reply is still broken XML
  expect(describe(page('<?xml version="1.0"?><result><code>0</co'))).toMatch(/^HTTP 200, not an XML <result> \(/);
});
