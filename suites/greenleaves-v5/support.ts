import { randomBytes } from 'node:crypto';
import type { CheckContext } from '../../src/harness/check.ts';
import { GreenleavesV5Client, type V5Reply, type V5Sent } from '../../src/sdk/greenleaves-v5.ts';
import { loadCards, type TestCard } from '../../src/spec/greenleaves-cards.ts';
import { errorCode } from '../../src/spec/load.ts';
import { CREDENTIAL_VARS } from '../../src/spec/credentials.ts';

export type Ctx = CheckContext<'greenleaves-v5'>;
export type Body = Record<string, unknown>;

export const P = 'greenleaves-v5' as const;

export function client(t: Ctx): GreenleavesV5Client {
  const c = t.credentials;
  return new GreenleavesV5Client((r) => t.http.send(r), t.subject.baseUrl, c.authId, c.secretKey);
}

/** The second merchant (auth_id binding, per-merchant idempotency): always there on a reference;
 *  against a real test domain only when its credentials are configured. */
export function otherClient(t: Ctx): GreenleavesV5Client | undefined {
  const c = t.credentials;
  const configured = !!process.env[CREDENTIAL_VARS['greenleaves-v5'].otherAuthId[0]];
  if (t.subject.target === 'real' && !configured) return undefined;
  if (c.otherAuthId === c.authId) return undefined;
  return new GreenleavesV5Client((r) => t.http.send(r), t.subject.baseUrl, c.otherAuthId, c.otherSecretKey);
}

/** A test card with the given capabilities (fixtures/greenleaves/test-cards.json). */
export function card(want: Partial<Pick<TestCard, 'auth' | 'threeDs' | 'clearing' | 'reverse' | 'refund'>>): TestCard {
  const found = [...loadCards().values()].find((c) => Object.entries(want).every(([k, v]) => c[k as keyof TestCard] === v));
  if (!found) throw new Error(`no test card with ${JSON.stringify(want)}`);
  return found;
}

export const allCards = (): TestCard[] => [...loadCards().values()];

/** Letters and digits, unique per call (order_id charset). */
export function orderId(): string {
  return `PC${Date.now().toString(36)}${randomBytes(5).toString('hex')}`.toUpperCase();
}

/** The create body's card object for a test card (year and month as JSON integers, seed 000). */
export function cardObject(c: TestCard): Body {
  return { name: 'TEST TESTOV', pan: c.pan, cvc: c.cvc, year: Number(c.year), month: Number(c.month) };
}

/** A valid create body in the seed's field order, with a fresh order_id. */
export function createBody(c: TestCard, extra: Body = {}): Body {
  return { amount: 500, currency: 'KZT', description: 'paycert test order', order_id: orderId(), from: { type: 'card', card: cardObject(c) }, ...extra };
}

/** The HTTP status errors.json assigns to a code (its note starts "HTTP nnn."). */
export function httpStatusOf(code: number): number | undefined {
  const m = /^HTTP (\d{3})\./.exec(errorCode(P, code).note ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Processed: HTTP 200 with a payment object. */
export const processed = (r: V5Reply): boolean => r.http.status === 200 && !!r.payment;

/** Refused: a 4xx reply; nothing was processed. */
export const refused = (r: V5Reply): boolean => r.http.status >= 400 && r.http.status < 500 && !r.payment;

export function describe(r: V5Reply): string {
  const e = r.error;
  if (e) return `HTTP ${r.http.status}, error ${e.code} (${e.name})`;
  if (r.payment) return `HTTP ${r.http.status}, payment ${r.payment.status ?? '?'} ${r.payment.id ?? ''}`.trim();
  return `HTTP ${r.http.status}: ${r.http.text.slice(0, 160)}`;
}

/** `what` must be refused (under `rule`); when it is, with `code` and its HTTP status (V5-ERR-01). */
export function expectRefused(t: Ctx, r: V5Reply, rule: string, code: number | undefined, what: string, codeRule = 'V5-ERR-01'): boolean {
  if (!t.expect(rule, refused(r), `${what} was not refused: ${describe(r)}`)) return false;
  if (code !== undefined) {
    const status = httpStatusOf(code);
    t.expect(codeRule, r.error?.code === code && r.http.status === status, `${what}: ${describe(r)}, want error ${code} with HTTP ${status}`);
  }
  return true;
}

/** Read a payment by order_id (or id); the reply. */
export function read(t: Ctx, by: { order_id?: string; id?: string }, note?: string): Promise<V5Reply> {
  return client(t).call('status', by, { note: note ?? 'read back' });
}

/** No payment exists for this order_id: the read is refused as not found (3001). */
export async function absent(t: Ctx, order: string): Promise<boolean> {
  const r = await read(t, { order_id: order }, 'read back: nothing was created');
  return r.http.status === 404 || (refused(r) && r.error?.code === 3001);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** byte-for-byte equality */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

/** Against a reference every listed case runs; against a real target only the first `n`. */
export function few<T>(t: Ctx, all: T[], n: number): T[] {
  return t.subject.target === 'real' ? all.slice(0, n) : all;
}

/** A copy of a prepared request with one header replaced (undefined removes it; any case matches). */
export function withHeader(sent: V5Sent, name: string, value: string | undefined): V5Sent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(sent.headers)) if (k.toLowerCase() !== name.toLowerCase()) headers[k] = v;
  if (value !== undefined) headers[name] = value;
  return { ...sent, headers };
}

export const withSignature = (sent: V5Sent, token: string | undefined): V5Sent => withHeader(sent, 'X-JWS-Signature', token);

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
