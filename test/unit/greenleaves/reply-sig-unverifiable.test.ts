// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, bug reply_sig_no_salt): where no reply's pg_sig
// verifies under any script name, GL-SIG-11 fails (rightly) and GL-SIG-12 read "skipped: ran but never
// reached an assertion". Which name a reply is signed with cannot be told then: inconclusive, with why.
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const ref = referenceBehindProxies('greenleaves');

test('no reply verifies: GL-SIG-12 inconclusive with the reason, GL-SIG-11 failed', async () => {
  const p = ref.keep(
    await replyRewritingProxy(ref.handle.url, (body) =>
      body.replace(/<pg_sig>[0-9a-f]{32}<\/pg_sig>/, `<pg_sig>${'ab'.repeat(16)}</pg_sig>`),
    ),
  );
  const check = checks.find((c) => c.id === 'gl.sig.replies-signed')!;
  const r = await runCheck(check, { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url }, { seed: 1, plan: 'full' });
  const why = JSON.stringify([r.reason, r.ruleReasons, r.failures]);
  expect(r.ruleOutcomes['GL-SIG-11'], why).toBe('failed');
  expect(r.ruleOutcomes['GL-SIG-12'], why).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-SIG-12'], why).toMatch(/no reply's pg_sig verifies/);
});
