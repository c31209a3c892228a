import { defineChecks } from '../../../src/harness/check.ts';
import { probeTls } from '../../../src/harness/tls.ts';

export const checks = defineChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-transport' }, [
  {
    id: 'jy.merchant.backref-https',
    title: "a real merchant's BACKREF is https, and its server presents a valid certificate",
    rules: ['JY-MRD-09'],
    plans: ['smoke', 'full'],
    // runs where paycert does not accept BACKREF's certificate: that is what JY-MRD-09 judges
    judgesTls: true,
    async run(t) {
      const url = new URL(t.subject.baseUrl);
      // JY-MRD-09 realOnly: paycert's reference merchant listens on plain http on loopback by design
      if (t.subject.target === 'reference')
        t.skip(`judged only on a real merchant's BACKREF: ${url.origin} is paycert's reference merchant (plain http)`);
      // the URL as declared (its origin alone hid which BACKREF it was)
      if (!t.expect('JY-MRD-09', url.protocol === 'https:', `BACKREF ${t.subject.baseUrl} is not an https URL`)) return;
      const v = await probeTls(url.toString(), { timeoutMs: t.subject.limits.timeoutMs });
      if (v.kind === 'unreachable') t.inconclusive(`no TLS handshake with ${url.host}: ${v.reason}`);
      t.expect('JY-MRD-09', v.kind === 'valid', `BACKREF ${url.host}: ${v.kind === 'invalid' ? v.reason : ''}`);
      if (v.kind === 'valid') t.note(`certificate ${v.subject}, valid until ${v.validTo}`);
    },
  },
]);
