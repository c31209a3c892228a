// A do-nothing SDK adapter for bench/sdk-floor.ts: the JSON-lines protocol and one node:http POST per
// request (as the reference adapter's send.ts: keep-alive Agent, a form body, the reply read whole),
// with no SDK work (no signing, no XML, no validation).
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

const agent = new Agent({ keepAlive: true, timeout: 1_000 });
const body =
  'pg_merchant_id=1&pg_amount=100&pg_description=floor&pg_salt=abcdef&pg_sig=0123456789abcdef0123456789abcdef';
const post = (url) =>
  new Promise((resolve, reject) => {
    const r = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    r.on('error', reject);
    r.end(body);
  });

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const req = JSON.parse(line);
  if (req.op === 'post') await post(req.gateway);
  process.stdout.write(`${JSON.stringify({ id: req.id, ok: true, output: {} })}\n`);
}
