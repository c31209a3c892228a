import { describe, expect, test } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { reachable } from '../../../src/harness/targets.ts';
import { HttpClient, refuseRedirect, type HttpResponse } from '../../../src/harness/http.ts';
import { parseXml, XmlError } from '../../../src/protocols/greenleaves/xml.ts';
import { parseReply } from '../../../src/protocols/jysan/xml.ts';
import { JsonTooDeep, parseJsonBounded } from '../../../src/protocols/common/json-depth.ts';
import { readReply as readV5Reply } from '../../../src/sdk/greenleaves-v5.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { cpuMsSince } from '../../cpu-time.ts';

// Hostile gateways at the wire level (test/fixtures-hostile/gateway.mjs, role p5): answers that are
// no HTTP paycert can read must be named for what they are, in one line.

/** A server that answers every request with these raw bytes, then closes. */
async function rawServer(bytes: Buffer | string): Promise<{ base: string; close: () => Promise<void> }> {
  const srv = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.once('data', () => sock.end(bytes));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

// a TLS alert record (handshake failure) and the start of a ServerHello: what an HTTPS-only port
// sends back to a plain-HTTP request
const TLS = Buffer.from('15030100020228160303004a020000460303' + '00'.repeat(70), 'hex');

describe('a TLS answer on plain HTTP (the target speaks https)', () => {
  test('start-up probe: says TLS and https://, not undici\'s "Expected HTTP/, RTSP/ or ICE/"', async () => {
    const s = await rawServer(TLS);
    try {
      const why = await reachable(`${s.base}/`, 3_000);
      expect(why).toMatch(/TLS/);
      expect(why).toMatch(/https:\/\//);
      expect(why).not.toMatch(/RTSP/);
    } finally {
      await s.close();
    }
  });

  test('a request of a check: inconclusive naming TLS', async () => {
    const s = await rawServer(TLS);
    try {
      const client = new HttpClient(HttpClient.agent(), { timeoutMs: 3_000, minIntervalMs: 0 }, new EvidenceLog());
      const err = await client.send({ url: `${s.base}/g2g/payment`, form: [['a', 'b']] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Inconclusive);
      expect((err as Error).message).toMatch(/TLS/);
      expect((err as Error).message).toMatch(/https:\/\//);
    } finally {
      await s.close();
    }
  });
});

describe('a gateway that redirects its API (302 to another host, to file://, to itself)', () => {
  const reply = (status: number, location?: string): HttpResponse => ({
    status,
    headers: location === undefined ? {} : { location },
    body: new Uint8Array(),
    text: '',
    ms: 1,
  });

  test('a 3xx with a Location is no reply of the API: inconclusive, naming the status and the Location', () => {
    for (const [status, to] of [
      [302, 'http://203.0.113.7/g2g/payment'],
      [302, 'file:///etc/passwd'],
      [307, '/g2g/payment'],
      [301, 'https://127.0.0.1/'],
    ] as const) {
      let err: unknown;
      try {
        refuseRedirect(reply(status, to), 'POST http://127.0.0.1:1/g2g/payment');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Inconclusive);
      expect((err as Error).message).toContain(`HTTP ${status} to ${JSON.stringify(to)}`);
      expect((err as Error).message).toMatch(/does not follow redirects/);
    }
  });

  test('any other reply passes through (a 304 or a 3xx without Location is judged as it is)', () => {
    for (const r of [reply(200), reply(404), reply(500), reply(302), reply(304, '/x')])
      expect(refuseRedirect(r, 'POST /x')).toBe(r);
  });
});

describe('XML nested 10^6 deep (g2g and Jysan replies)', () => {
  const deep = (root: string) => `<?xml version="1.0"?><${root}>${'<a>'.repeat(1e6)}${'</a>'.repeat(1e6)}</${root}>`;

  test('g2g: refused at paycert\'s depth bound, quickly, and not called "not well-formed" (it is well-formed)', () => {
    const doc = deep('response');
    const t0 = process.cpuUsage();
    let err: unknown;
    try {
      parseXml(doc);
    } catch (e) {
      err = e;
    }
    // the validator walked all 10^6 levels first: 9 s a reply on a quiet machine
    expect(cpuMsSince(t0)).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(XmlError);
    expect((err as XmlError).limit).toBe(true);
    expect((err as Error).message).toMatch(/deeper than 100/);
    expect((err as Error).message).not.toMatch(/not well-formed/);
  });

  test('g2g: a malformed document is still "not well-formed", a shallow one still parses', () => {
    expect(() => parseXml('<response><a></b></response>')).toThrow(/not well-formed/);
    expect(() =>
      parseXml('<?xml version="1.0"?><response><pg_status>ok</pg_status><x><y>1</y></x></response>'),
    ).not.toThrow();
    const r = parseXml('<?xml version="1.0"?>\r\n<response><x><y>1</y></x><x>2</x></response>');
    expect(r.message).toEqual({ x: [{ y: '1' }, '2'] });
  });

  test('g2g: markup inside CDATA, comments and a DOCTYPE does not count as nesting', () => {
    const many = '<b>'.repeat(300);
    const doc = `<?xml version="1.0"?><!DOCTYPE response [<!ENTITY x "y">]><!--${many}--><response><d><![CDATA[${many}]]></d><e/></response>`;
    expect(parseXml(doc).message).toEqual({ d: many, e: '' });
  });

  test('Jysan: the reply is named too deep, not "not well-formed"', () => {
    expect(() => parseReply(deep('result'))).toThrow(/deeper than 100/);
  });
});

describe('JSON nested 10^6 deep (a v5 reply)', () => {
  const deep = `{"status":${'['.repeat(1e6)}${']'.repeat(1e6)}}`;

  test('refused before JSON.parse, in one quick pass, with the reason (was 3 s a parse, then stack overflows)', () => {
    const t0 = process.cpuUsage();
    expect(() => parseJsonBounded(deep)).toThrow(JsonTooDeep);
    expect(() => parseJsonBounded(deep)).toThrow(/nested deeper than 100 levels/);
    expect(cpuMsSince(t0)).toBeLessThan(1_000);
  });

  test("the v5 client reads it as a reply past paycert's bound, not as JSON", () => {
    const r = readV5Reply({ status: 200, headers: {}, body: new Uint8Array(), text: deep }, {
      path: '/v5/g2g/create',
      method: 'POST',
      headers: {},
      body: new Uint8Array(),
    } as never);
    expect(r.json).toBeUndefined();
    expect(r.parseLimit).toBe(true);
    expect(r.parseError).toMatch(/deeper than 100/);
  });

  test('brackets and braces inside strings do not count; 100 levels still parse', () => {
    expect(parseJsonBounded(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`)).toEqual({
      a: `${'['.repeat(500)}"${'{'.repeat(500)}`,
    });
    expect(() => parseJsonBounded(`${'['.repeat(100)}${']'.repeat(100)}`)).not.toThrow();
    expect(() => parseJsonBounded(`${'['.repeat(101)}${']'.repeat(101)}`)).toThrow(JsonTooDeep);
    expect(() => parseJsonBounded('{"a":')).toThrow(SyntaxError);
  });
});
