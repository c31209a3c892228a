// Found by probe16 (xml_cb_no_escape): a gateway pasting the echoed values into the pg_xml of XML-mode callbacks
// unescaped passed GL-CB-15 and GL-CB-16, since every value paycert sent was plain (defect xml-callback-unescaped
// in the meta-tests). The XML check now sends & < > " ' in pg_description and a merchant parameter and wants them
// back as the elements' text. A value the gateway changes in every call (it keeps "Tom &amp; Jerry" from the
// start) is not the XML form's fault: a POST call of the same payment tells which it is.
import { afterAll, beforeAll, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { Listener } from '../../../src/harness/listener.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const MARKUP = `Tom & Jerry <3 "x" 'y' ->`;
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let h: SandboxHandle;
let listenPort: number;
const edges: http.Server[] = [];

/** An edge in front of the listener that makes each urlencoded call carry html(MARKUP) for MARKUP: in pg_xml
 *  (its text escaped once more), and, `everywhere`, in the plain form values too. */
async function edge(everywhere: boolean): Promise<string> {
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      if (/urlencoded/.test(String(req.headers['content-type']))) {
        const form = [...new URLSearchParams(body)].map(([k, v]): [string, string] => [
          k,
          k === 'pg_xml'
            ? v.replaceAll(html(MARKUP), html(html(MARKUP)))
            : everywhere
              ? v.replaceAll(MARKUP, html(MARKUP))
              : v,
        ]);
        body = new URLSearchParams(form).toString();
      }
      const up = http.request(
        {
          host: '127.0.0.1',
          port: listenPort,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: false,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, { 'content-type': String(r.headers['content-type'] ?? 'text/plain') });
          r.pipe(res);
        },
      );
      up.on('error', () => res.writeHead(502).end());
      up.end(body);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  edges.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // POST calls urlencoded (a tolerated variant), so that the edge can rewrite them all alike
  h = await startReference('greenleaves', 'gateway', [], ['callbacks-urlencoded']);
  const probe = await Listener.open(new EvidenceLog(), {});
  listenPort = Number(new URL(probe.url('x')).port);
  probe.close();
});

afterAll(async () => {
  for (const s of edges) {
    s.closeAllConnections();
    s.close();
  }
  await h?.close();
});

const run = async (everywhere: boolean) =>
  judgeChecks('greenleaves', ['gl.cb.request-method-xml'], {
    ...subjectOf(h, 'gateway'),
    callbackBase: await edge(everywhere),
    listenPort,
  });

test('a value the XML form changes (a POST call carries it as sent) fails GL-CB-15 and GL-CB-16', async () => {
  const { results, shown } = await run(false);
  const r = results[0]!;
  expect(r.ruleOutcomes, shown).toMatchObject({ 'GL-CB-15': 'failed', 'GL-CB-16': 'failed' });
  expect(r.reason, shown).toMatch(
    /pg_description in the result_url call's pg_xml reads .*the element's text is not the value/,
  );
});

test('a value every call changes alike is not blamed on the XML form', async () => {
  const { results, shown } = await run(true);
  const r = results[0]!;
  // (the edge changes the values after the gateway signed them: the signatures, judged apart, are its doing)
  expect(
    r.failures.filter((f) => /text is not the value/.test(f.message)),
    shown,
  ).toEqual([]);
  expect(r.notes.join('\n'), shown).toMatch(
    /pg_description in the result_url call's pg_xml reads .*; a POST call changes it too, so not the XML form/,
  );
  expect(r.notes.join('\n'), shown).toMatch(
    /shop_note in the check_url call's pg_xml reads .*; a POST call changes it too/,
  );
});
