// A "merchant" that accepts every call whatever it is sent (a handler verifying nothing, comparing
// nothing): what it accepts fails the rules about refusals, and a rule about how it reads what it takes
// (the amount as a number) or about what a refused call leaves behind is not passed on acceptances
// alone. Each such rule counts only beside its control: another amount refused, the forged call refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import { scriptName, sign } from '../../src/protocols/greenleaves/signature.ts';
import { credentials } from '../../src/spec/credentials.ts';
import { judgeMerchantAt } from '../merchant-edge.ts';

/** the answer of an accept-all merchant of each profile to a call at `path` */
const ACCEPT = {
  greenleaves: (path, n) => {
    const f = { pg_status: 'ok', pg_salt: `s${n}` };
    const sig = sign(scriptName(`http://x${path}`), f, credentials('greenleaves').secretKey);
    return {
      type: 'application/xml',
      body: `<response><pg_status>ok</pg_status><pg_salt>${f.pg_salt}</pg_salt><pg_sig>${sig}</pg_sig></response>`,
    };
  },
  'greenleaves-v5': () => ({ type: 'application/json', body: '{"status":"ok","description":"Принято"}' }),
  jysan: () => ({ type: 'text/html; charset=utf-8', body: '<html><body>Спасибо за покупку</body></html>' }),
} satisfies Record<string, (path: string, n: number) => { type: string; body: string }>;
type Stubbed = keyof typeof ACCEPT;

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function acceptAll(profile: Stubbed): Promise<string> {
  let n = 0;
  const s = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = ACCEPT[profile](new URL(req.url ?? '/', 'http://x').pathname, ++n);
      res.writeHead(200, { 'content-type': a.type }).end(a.body);
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** the checks `ids` of `profile` against its accept-all merchant, with the reference merchant's orders */
async function judge(profile: Stubbed, ids: string[]) {
  const h = await startReference(profile, 'merchant');
  try {
    return await judgeMerchantAt(h, await acceptAll(profile), ids);
  } finally {
    await h.close();
  }
}

test.concurrent(
  'g2g: GL-MCB-04 and GL-MCB-21 are not passed by a merchant taking forged calls and any amount',
  async () => {
    const v = await judge('greenleaves', ['gl.merchant.forged', 'gl.merchant.other-amount']);
    expect(v.of('warning')).toEqual(['GL-MCB-03', 'GL-MCB-19']);
    expect(v.of('inconclusive')).toEqual(['GL-MCB-04', 'GL-MCB-21']);
    expect(v.reason('GL-MCB-04')).toMatch(/the forged call was accepted \(GL-MCB-03\)/);
    expect(v.reason('GL-MCB-21')).toMatch(/was answered ok \(GL-MCB-19\): a merchant that takes another amount/);
  },
);

// GL-MCB-15 (the call is read in the form the merchant declared) was passed on its ok to a genuine call
test.concurrent('g2g: GL-MCB-15 is not passed by a merchant answering ok to anything it is sent', async () => {
  const v = await judge('greenleaves', ['gl.merchant.result-ok']);
  // GL-MCB-25: none of its answers shows the secret_key
  expect(v.of('passed')).toEqual(['GL-MCB-01', 'GL-MCB-02', 'GL-MCB-11', 'GL-MCB-14', 'GL-MCB-25']);
  expect(v.of('inconclusive')).toEqual(['GL-MCB-15']);
  expect(v.reason('GL-MCB-15')).toMatch(/was answered ok too \(GL-MCB-03\): whether the merchant reads the form/);
});

test.concurrent('v5: V5-MCB-03 is not passed by a merchant taking forged callbacks', async () => {
  const v = await judge('greenleaves-v5', ['v5.mcb.forged']);
  expect(v.of('warning')).toEqual(['V5-MCB-02']);
  expect(v.of('inconclusive')).toEqual(['V5-MCB-03']);
  expect(v.reason('V5-MCB-03')).toMatch(/was answered ok \(V5-MCB-02\)/);
});

test.concurrent('Jysan: JY-MRD-14 is not passed by a BACKREF taking any amount', async () => {
  const v = await judge('jysan', ['jy.merchant.other-amount']);
  // nor JY-MRD-16 by one taking any currency; one taking a result for an order it does not have warns
  expect(v.of('warning')).toEqual(['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-15']);
  expect(v.of('inconclusive')).toEqual(['JY-MRD-14', 'JY-MRD-16']);
  expect(v.reason('JY-MRD-16')).toMatch(/a result in another currency for [0-9]+ was taken \(JY-MRD-13\)/);
  expect(v.reason('JY-MRD-14')).toMatch(/results of another amount and of one tenge more were taken \(JY-MRD-12\b/); // the certificate's reason is cut at 400 characters
});
