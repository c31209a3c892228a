// A gateway whose PHP shows its notices (display_errors on a test domain) begins every reply with one:
// the replies are no XML or JSON, and the reasons name the notice instead of the parser's "Extra text
// at the end" or "Unexpected token '<'" and the page's markup.
import { expect, test } from 'vitest';
import { readReply as glReply } from '../../../src/sdk/greenleaves.ts';
import { readReply as v5Reply } from '../../../src/sdk/greenleaves-v5.ts';
import { readXml } from '../../../src/sdk/jysan.ts';
import { describe as glDescribe } from '../../../suites/greenleaves/support.ts';
import { describe as v5Describe } from '../../../suites/greenleaves-v5/support.ts';
import { describe as jyDescribe } from '../../../suites/jysan/support.ts';

const NOTICE =
  '<br />\n<b>Warning</b>:  Undefined array key &quot;pg_salt&quot; in <b>/var/www/gw/api.php</b> on line <b>31</b><br />\n';
const named = /^HTTP 200, not (XML|an XML <result>|JSON)|a body that is not JSON/;
const said =
  ' (PHP printed "Warning: Undefined array key "pg_salt" in /var/www/gw/api.php on line 31" before its answer';
const http = (text: string, type: string) => ({
  status: 200,
  headers: { 'content-type': type },
  body: new TextEncoder().encode(text),
  text,
});

test('g2g, v5 and Jysan replies behind a PHP notice: the reason names it', () => {
  const gl = glDescribe(glReply(http(`${NOTICE}<?xml version="1.0"?><response/>`, 'text/html'), 'k'));
  const v5 = v5Describe(
    v5Reply(http(`${NOTICE}{"payment":{}}`, 'text/html'), {
      method: 'POST',
      path: '/v5/x',
      headers: {},
      body: new Uint8Array(),
    }),
  );
  const jy = jyDescribe(readXml(http(`${NOTICE}<result><code>0</code></result>`, 'text/html')));
  for (const reason of [gl, v5, jy]) {
    expect(reason).toMatch(named);
    expect(reason).toContain(said);
    expect(reason).not.toContain('<b>');
  }
});
