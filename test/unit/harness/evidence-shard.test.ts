import { describe, expect, test } from 'vitest';
import { EvidenceLog, bodyLines, renderExchanges, type Exchange } from '../../../src/harness/evidence.ts';
import { ruleGroups, shardChecks, parseShard } from '../../../src/harness/shard.ts';
import type { Check } from '../../../src/harness/check.ts';
import { CHECKS } from '../../../suites/registry.ts';

const x = (n: number): Exchange => ({
  at: '',
  direction: 'sent',
  method: 'POST',
  url: `http://h/${n}`,
  requestHeaders: {},
  requestBody: `a=${n}&b=x%20y`,
});

describe('evidence', () => {
  test('the failing exchange is kept and listed first, however many follow', () => {
    const log = new EvidenceLog();
    log.add(x(0));
    log.add(x(1));
    log.pinLast();
    for (let i = 2; i < 60; i++) log.add(x(i));
    const list = log.list(true).filter((e) => e.method !== '-');
    expect(list[0]!.url).toBe('http://h/1');
    expect(list.length).toBe(25);
  });

  test('a property replay is pinned first, complete', () => {
    const log = new EvidenceLog();
    for (let i = 0; i < 40; i++) log.add(x(i));
    log.mark('replay');
    log.add({ ...x(99), status: 200, responseBody: 'r'.repeat(9000) });
    const text = renderExchanges(log.list(true));
    expect(text.indexOf('http://h/99')).toBeLessThan(text.indexOf('http://h/16'));
    expect(text).toContain('r'.repeat(9000));
  });

  test('form bodies are decoded, one field a line', () => {
    expect(bodyLines('a=1&pg_description=x%20y%3D', 'application/x-www-form-urlencoded')).toEqual([
      'a = 1',
      'pg_description = x y=',
    ]);
    expect(bodyLines('{"a":1}', 'application/json')).toEqual(['{"a":1}']);
  });
});

describe('shards', () => {
  const all = CHECKS.greenleaves.filter((c) => c.subject === 'gateway');
  test('every check in exactly one shard, deterministic, rule groups never split', () => {
    const shards = [1, 2, 3].map((i) => shardChecks(all, i, 3));
    expect(shards.flat().sort()).toEqual(all.map((c) => c.id).sort());
    expect(shardChecks(all, 2, 3)).toEqual(shards[1]);
    for (const g of ruleGroups(all))
      expect(new Set(g.map((c) => shards.findIndex((s) => s.includes(c.id)))).size).toBe(1);
  });
  test('checks sharing a rule form one group', () => {
    const c = (id: string, rules: string[]) =>
      ({ id, rules, profile: 'greenleaves', subject: 'gateway' }) as unknown as Check;
    expect(
      ruleGroups([c('a', ['R1']), c('b', ['R2']), c('c', ['R2', 'R1']), c('d', ['R3'])]).map((g) => g.map((x) => x.id)),
    ).toEqual([['a', 'b', 'c'], ['d']]);
  });
  test('--shard syntax', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b']) expect(parseShard(bad)).toBeUndefined();
  });
});

describe('evidence redaction', () => {
  test('what leaves the log is redacted, and redacted once per kept exchange', async () => {
    const { registerSecret } = await import('../../../src/harness/redact.ts');
    registerSecret('lazy-s3cr3t-4242');
    const pan = '4716047261941981';
    const log = new EvidenceLog();
    const sent: Exchange = {
      at: '',
      direction: 'sent',
      method: 'POST',
      url: 'http://h/pay',
      requestHeaders: { authorization: 'Bearer t' },
      requestBody: `pg_card_pan=${pan}&k=lazy-s3cr3t-4242`,
      signatureBase: 'a;lazy-s3cr3t-4242',
    };
    log.add(sent);
    sent.requestBody = 'changed after add';
    for (const read of [log.list(true), log.since(0)]) {
      const text = JSON.stringify(read);
      expect(text).not.toContain(pan);
      expect(text).not.toContain('lazy-s3cr3t-4242');
      expect(text).not.toContain('Bearer t');
      expect(text).not.toContain('changed after add');
      expect(text).toContain('471604******1981');
    }
    expect(log.list()[0]).toBe(log.since(0)[0]);
  });
  test('dropped exchanges are never kept, pinned ones always', () => {
    const log = new EvidenceLog();
    for (let i = 0; i < 5; i++) log.add(x(i));
    log.pinLast();
    log.pinLast();
    for (let i = 5; i < 500; i++) log.add(x(i));
    const list = log.list(true).filter((e) => e.method !== '-');
    expect(list.map((e) => e.url)).toEqual([
      'http://h/4',
      ...Array.from({ length: 24 }, (_, i) => `http://h/${476 + i}`),
    ]);
  });
});
