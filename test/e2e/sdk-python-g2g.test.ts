// kzpay_g2g (fixtures/third-party/python-sdk/g2g_adapter.py), an outsider's g2g client in Python, with its
// realistic bugs: each judged on every sdk rule (sdk.test.ts has its conformant variants; a file of its
// own so that vitest runs it beside the other sdk files).
import { describe, expect, test } from 'vitest';
import { judgeSdk, judged, shown } from './sdk-judge.ts';
import { hasPython } from './python.ts';

const KZPAY = 'fixtures/third-party/python-sdk';

describe.concurrent('paycert run --subject sdk: the independent Python g2g SDK with its bugs', () => {
  // kzpay_g2g: each bug fails or warns exactly the rules that forbid what it does (a signing bug also
  // breaks the SDK's verification of replies and callbacks: genuine replies are refused as signature
  // errors, GL-SDK-14 (not GL-SDK-05, whose error code the SDK never reached), and genuine calls are
  // refused, GL-SDK-11; ci_sort and drop_empty only those with the
  // merchant's own fields Shop_ref and an empty shop_note, as the seed's sample "Параметры мерчанта=").
  // kzpay_g2g reads a result_url call in XML only as a bare XML body, so it refuses the form field pg_xml
  // (GL-CB-15, INFERRED): every bug but callback_no_verify (which takes any call) warns GL-SDK-23 too.
  test.skipIf(!hasPython).each([
    ['ci_sort', ['GL-SDK-01', 'GL-SDK-11', 'GL-SDK-23']],
    ['no_flatten', ['GL-SDK-01', 'GL-SDK-23']],
    ['drop_empty', ['GL-SDK-01', 'GL-SDK-11', 'GL-SDK-23']],
    ['full_path', ['GL-SDK-01', 'GL-SDK-07', 'GL-SDK-11', 'GL-SDK-14', 'GL-SDK-23']],
    ['latin1', ['GL-SDK-01', 'GL-SDK-11', 'GL-SDK-14', 'GL-SDK-23']],
    ['unsigned_salt', ['GL-SDK-01', 'GL-SDK-07', 'GL-SDK-11', 'GL-SDK-14', 'GL-SDK-23']],
    ['upper_hex', ['GL-SDK-01', 'GL-SDK-07', 'GL-SDK-11', 'GL-SDK-14', 'GL-SDK-23']],
    ['fixed_salt', ['GL-SDK-02', 'GL-SDK-23']],
    // a reply it does not verify is taken whatever it is: a proxy's 502 HTML page too (GL-SDK-17)
    ['no_verify', ['GL-SDK-04', 'GL-SDK-17', 'GL-SDK-23']],
    ['swallow_errors', ['GL-SDK-05', 'GL-SDK-23']],
    ['callback_no_verify', ['GL-SDK-06']],
    ['result_script', ['GL-SDK-07', 'GL-SDK-23']],
    ['reject_always', ['GL-SDK-08', 'GL-SDK-23']],
    ['never_reject', ['GL-SDK-10', 'GL-SDK-23']],
    ['debug_header', ['GL-SDK-09', 'GL-SDK-23']],
    ['paid_always', ['GL-SDK-13', 'GL-SDK-23']],
  ])('greenleaves: the independent g2g SDK with bug %s fails or warns %j, and no other rule', async (bug, expected) => {
    const rules = await judgeSdk('greenleaves', ['env', `KZPAY_BUGS=${bug}`, 'python3', `${KZPAY}/g2g_adapter.py`]);
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(expected);
    // the MUST rules among them fail (the run would exit 1), the others warn
    expect(judged(rules, 'failed'), shown(rules)).toEqual(
      expected.filter((id) => ['GL-SDK-01', 'GL-SDK-08', 'GL-SDK-10', 'GL-SDK-11', 'GL-SDK-15'].includes(id)),
    );
  });

  test.skipIf(!hasPython)(
    'greenleaves: a g2g SDK that cannot read the multipart result_url calls the gateway sends fails GL-SDK-11 and passes none of GL-SDK-06, 08, 10',
    async () => {
      const rules = await judgeSdk('greenleaves', [
        'env',
        'KZPAY_BUGS=urlencoded_only',
        'python3',
        `${KZPAY}/g2g_adapter.py`,
      ]);
      expect(rules.filter((r) => r.verdict !== 'passed').map((r) => `${r.id} ${r.verdict}`)).toEqual([
        'GL-SDK-06 inconclusive',
        'GL-SDK-08 inconclusive',
        'GL-SDK-10 inconclusive',
        'GL-SDK-11 failed',
        // the form field pg_xml is refused (see above)
        'GL-SDK-23 warning',
        // GL-SDK-28 is judged on the answers to the forged calls though every call is refused (probe 23)
      ]);
    },
  );

  // an adapter printing its answers without flushing them (Python's stdout on a pipe is block-buffered):
  // every check waited out its time, "no answer to request 1 … within 120000 ms", the SDK never judged.
  // paycert starts adapters with PYTHONUNBUFFERED=1 unless the run sets it (this machine's environment
  // may: it is taken away here)
  test.skipIf(!hasPython)(
    'greenleaves: an adapter that does not flush its answers is judged as one that does',
    async () => {
      const saved = process.env.PYTHONUNBUFFERED;
      delete process.env.PYTHONUNBUFFERED;
      try {
        const rules = await judgeSdk(
          'greenleaves',
          ['env', 'KZPAY_BUGS=no_flush', 'python3', `${KZPAY}/g2g_adapter.py`],
          ['gl.sdk.requests'],
        );
        expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
        expect(judged(rules, 'passed')).toContain('GL-SDK-01');
      } finally {
        if (saved !== undefined) process.env.PYTHONUNBUFFERED = saved;
      }
    },
  );

  // a CI runner behind an egress proxy: urllib (as requests) sends even 127.0.0.1 through HTTP_PROXY
  // unless NO_PROXY lists it, so every request the SDK made to paycert's loopback gateway went to the
  // proxy (here a port where nothing listens) and GL-SDK-01 was inconclusive
  test.skipIf(!hasPython)("behind HTTP_PROXY, the SDK's calls to paycert's loopback gateway go direct", async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    delete process.env.NO_PROXY;
    try {
      const rules = await judgeSdk('greenleaves', ['python3', `${KZPAY}/g2g_adapter.py`], ['gl.sdk.requests']);
      expect(judged(rules, 'passed'), shown(rules)).toEqual([
        'GL-SDK-01',
        'GL-SDK-02',
        'GL-SDK-03',
        'GL-SDK-09',
        'GL-SDK-12',
        'GL-SDK-16',
        'GL-SDK-18',
        'GL-SDK-20',
        'GL-SDK-21',
        'GL-SDK-22',
        // judged on every answer of every sdk check: no secret in what the SDK reports
        'GL-SDK-25',
        'GL-SDK-26',
        // and on every answer to a card payment: no card
        'GL-SDK-27',
      ]);
      // an adapter told to use the proxy anyway: no request reached the gateway, and the reason says
      // what the SDK answered instead
      const proxied = await judgeSdk(
        'greenleaves',
        ['env', 'NO_PROXY=', 'no_proxy=', 'python3', `${KZPAY}/g2g_adapter.py`],
        ['gl.sdk.requests'],
      );
      expect(proxied.find((r) => r.id === 'GL-SDK-01')).toMatchObject({
        verdict: 'inconclusive',
        reason: expect.stringMatching(
          /the SDK sent no request to the gateway for payment\.create \(it answered error .*(refused|Errno 111)/i,
        ),
      });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
