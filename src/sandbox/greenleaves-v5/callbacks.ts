import { request } from 'undici';
import { callbackAgent, loopbackUrl } from '../../reference/callbacks.ts';
import {
  g2gHeader,
  parseAnswer,
  signCallback,
  signDetached,
  type CallbackAnswer,
} from '../../protocols/greenleaves-v5/index.ts';
import { jsonText, type Gw } from './context.ts';
import type { MerchantStore, Payment } from './store.ts';
import { paymentJson } from './handlers.ts';
import type { Body } from './body.ts';
import { readReplyBody } from '../../protocols/common/reply.ts';
import { decodeBody } from '../../protocols/common/charset.ts';

// V5-CB-*: all INFERRED (seed 000 names urls.check_url / urls.result_url only; digest §B5 [I]).
const TIMEOUT_MS = 10_000;

/** The sandbox calls loopback URLs only (tests stay on the machine); other URLs are not called. */
const allowed = (url: string | undefined): url is string => !!url && loopbackUrl(url);

function urls(b: Body): { check_url?: string; result_url?: string } {
  return b.urls && typeof b.urls === 'object' ? (b.urls as { check_url?: string; result_url?: string }) : {};
}

/** One signed JSON POST to a merchant URL: its answer, or undefined when it gave none (not 200, not JSON). */
async function call(gw: Gw, m: MerchantStore, url: string, body: object): Promise<CallbackAnswer | undefined> {
  const bytes = Buffer.from(jsonText(gw, body), 'utf8');
  const c = gw.policy.callbacks;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-request-id': gw.newId(),
  };
  // V5-CB-02: signed as a request is, bound to the path of the URL called
  if (c.signed)
    headers['x-jws-signature'] =
      c.signedUri === 'called'
        ? await signCallback(bytes, url, m.authId, m.secret)
        : await signDetached(bytes, g2gHeader('/v5/g2g/create', m.authId), m.secret);
  try {
    const res = await request(url, {
      method: 'POST',
      headers,
      body: bytes,
      dispatcher: callbackAgent,
      reset: true,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    const text = decodeBody(await readReplyBody(res), res.headers['content-type']).text;
    return res.statusCode === 200 ? parseAnswer(text) : undefined;
  } catch {
    return undefined;
  }
}

/** V5-CB-03: ask check_url before authorising; true when the merchant refused the payment
 *  (anything but HTTP 200 with status "ok"). No check_url (or one the sandbox does not call): false. */
export async function checkRefuses(gw: Gw, m: MerchantStore, b: Body): Promise<boolean> {
  const url = urls(b).check_url;
  if (!gw.policy.callbacks.check) return false;
  // (the variant's knob read only for a check_url the sandbox does not call)
  if (!allowed(url)) return url !== undefined && gw.policy.callbacks.uncalledCheck === 'unreachable';
  const body: Record<string, unknown> = {
    order_id: b.order_id,
    amount: b.amount,
    currency: b.currency,
    description: b.description,
  };
  if (b.user_id !== undefined) body.user_id = b.user_id;
  const answer = await call(gw, m, url, body);
  return answer?.status !== 'ok' && gw.policy.callbacks.honoursCheck;
}

/** V5-CB-01: once the create has its outcome, result_url gets the payment as read returns it. */
export function sendResult(gw: Gw, m: MerchantStore, b: Body, p: Payment | undefined): void {
  const url = urls(b).result_url;
  if (!p || !allowed(url) || !gw.policy.callbacks.result) return;
  const body: Record<string, unknown> = { ...paymentJson(gw, p) };
  if (gw.policy.callbacks.carriesCard) {
    const from = b.from as { card?: { name?: unknown } } | undefined;
    body.card = { pan: p.pan, name: from?.card?.name }; // V5-FMT-03
  }
  void call(gw, m, url, body).catch(() => undefined);
}
