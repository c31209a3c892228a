import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCTION, normalHost, productionHost, productionList } from '../../../src/harness/targets.ts';
import { PROFILES, ROOT } from '../../../src/spec/paths.ts';

// the seeds live next to the repository (../shared), or next to the worktrees (../../shared)
const SEEDS = [join(ROOT, '..', 'shared', 'seeds'), join(ROOT, '..', '..', 'shared', 'seeds')].find((d) =>
  existsSync(join(d, '001_8f961472b569f384.txt')),
);
const DIGESTS = [join(ROOT, '..', 'shared', 'reference'), join(ROOT, '..', '..', 'shared', 'reference')].find((d) =>
  existsSync(join(d, 'greenleaves-g2g.md')),
);

describe('production guard', () => {
  test.each([
    ['https://api.greenleavespay.kz', 'api.greenleavespay.kz'],
    ['https://api.greenleavespay.kz.', 'api.greenleavespay.kz'],
    ['https://api.greenleavespay.kz..', 'api.greenleavespay.kz'],
    ['https://api.greenleavespay%2Ekz', 'api.greenleavespay.kz'],
    ['https://api%2egreenleavespay%2ekz%2e', 'api.greenleavespay.kz'],
    ['https://API.GREENLEAVESPAY.KZ.:443', 'api.greenleavespay.kz'],
    ['https://ａｐｉ.greenleavespay.kz/g2g/payment', 'api.greenleavespay.kz'],
    ['https://api.greenleavespay.kz\u3002', 'api.greenleavespay.kz'],
    ['https://user:pw@api.greenleavespay.kz:8443/x', 'api.greenleavespay.kz'],
    ['http://eu.api.greenleavespay.kz', 'api.greenleavespay.kz'],
    ['https://jpay.jysanbank.kz./ecom/api', 'jpay.jysanbank.kz'],
    ['https://JPAY.jysanbank.kz', 'jpay.jysanbank.kz'],
    ['https://ecom.jysanbank.kz/ecom/api', 'ecom.jysanbank.kz'],
    ['https://jpay.alataucitybank.kz:1443/cgi-bin/cgi_link', 'jpay.alataucitybank.kz'],
    ['https://api.freedompay.kz/v5/g2g/create', 'api.freedompay.kz'],
    ['https://api.freedompay.kg', 'api.freedompay.kg'],
    ['https://api.paybox.money/g2g/payment', 'api.paybox.money'],
    ['https://api.freedompay.money/g2g/payment', 'api.freedompay.money'],
    ['https://api.freedompay.uz/v5/g2g/read', 'api.freedompay.uz'],
    ['https://customer.freedompay.kz/dev/error', 'customer.freedompay.kz'],
  ])('%s is refused as %s, for every profile', (url, host) => {
    expect(productionHost(url)?.host).toBe(host);
  });

  test.each([
    'https://test-api.freedompay.kz',
    'https://test-api.freedompay.money',
    'https://test.greenleavespay.kz',
    'https://api.greenleavespay.kz.example.com',
    'https://notapi.greenleavespay.kz',
    'https://ecom.jysanbank.kz:8462/ecom/api', // the seed's test pages
    'https://epay.post.kz/test/api',
    'http://127.0.0.1:47001',
  ])('%s is not a production host', (url) => {
    expect(productionHost(url)).toBeUndefined();
  });

  test('a production host of another profile is refused too (the guard does not depend on --profile)', () => {
    expect(productionHost('https://api.greenleavespay.kz')?.profiles).not.toContain('jysan');
    expect(productionHost('https://api.greenleavespay.kz')).toBeDefined();
  });

  test.skipIf(!SEEDS)('every host the seeds name as a live endpoint is listed, with its provenance', () => {
    const seeds = ['001_8f961472b569f384.txt', '002_67295db9b26735c0.txt']
      .map((f) => readFileSync(join(SEEDS!, f), 'utf8'))
      .join('\n');
    for (const m of seeds.matchAll(/https:\/\/([a-z0-9.-]+)(?::\d+)?\/(?:g2g|ecom\/api)/g)) {
      expect(
        PRODUCTION.some((p) => p.host === normalHost(`https://${m[1]}`)),
        m[0],
      ).toBe(true);
    }
    for (const p of PRODUCTION) {
      expect(p.source.length).toBeGreaterThan(20);
      expect(p.profiles.length).toBeGreaterThan(0);
    }
  });

  test.skipIf(!DIGESTS)('every live API host the digests name is listed; their test hosts are not', () => {
    const digests = ['greenleaves-g2g.md', 'jysan-ecom-and-v5.md']
      .map((f) => readFileSync(join(DIGESTS!, f), 'utf8'))
      .join('\n');
    const hosts = new Set([...digests.matchAll(/https?:\/\/([a-z0-9.-]+[a-z0-9])/g)].map((m) => m[1]!));
    const live = [...hosts].filter((h) => /^(api|customer|jpay)\./.test(h));
    expect(live.length).toBeGreaterThan(4);
    for (const h of live) expect(productionHost(`https://${h}`)?.host, h).toBe(h);
    for (const h of [...hosts].filter((x) => x.startsWith('test-api.')))
      expect(productionHost(`https://${h}`), h).toBeUndefined();
  });

  test('every profile has a production host in specs/targets.json; a profile missing there is an error', () => {
    for (const p of PROFILES)
      expect(
        PRODUCTION.some((h) => h.profiles.includes(p)),
        p,
      ).toBe(true);
    const data = { production: PRODUCTION };
    expect(() => productionList(data, [...PROFILES, 'fourth'])).toThrow(/no production host for fourth/);
    expect(() =>
      productionList(
        data,
        PROFILES.filter((p) => p !== 'jysan'),
      ),
    ).toThrow(/unknown profile\(s\) jysan/);
    expect(productionList(data)).toBe(PRODUCTION);
  });
});
