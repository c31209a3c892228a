import { getSchema, schemaId, validate } from '../../spec/ajv.ts';
import { classify, describeViolation } from '../../spec/violations.ts';
import { credentials } from '../../spec/credentials.ts';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { Clock, Scheduler } from '../../reference/clock.ts';
import { DefectSet } from '../../reference/defects.ts';
import { control } from '../../reference/control.ts';
import { formFields, html, serve, text, type Incoming, type Outgoing } from '../../reference/server.ts';
import { handleFrom, type SandboxHandle } from '../../reference/handle.ts';
import { error, unsignedError, type Gw } from './context.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS, type GreenleavesDefect, type GreenleavesVariant } from './defects.ts';
import { Store } from './store.ts';
import { loadCards } from '../../spec/greenleaves-cards.ts';
import { parseRequest, signatureOk } from './verify.ts';
import * as h from './handlers.ts';
import { resultPage } from './pages.ts';

export interface GreenleavesSandboxOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  clock?: Clock;
  /** deliver callbacks to non-loopback hosts too (off by default: tests stay on loopback) */
  anyCallbackHost?: boolean;
  callbackTimeoutMs?: number;
}

type Api = (gw: Gw, script: string, m: PgMessage) => Outgoing | Promise<Outgoing>;

/** path → [request schema (chosen per message), handler] */
const API: Record<string, [(m: PgMessage) => string, Api]> = {
  '/g2g/payment': [
    (m) => (typeof m.pg_card_token === 'string' && m.pg_card_pan === undefined ? 'payment-token-request' : 'payment-request'),
    (gw, s, m) => (typeof m.pg_card_token === 'string' && m.pg_card_pan === undefined ? h.tokenPayment(gw, s, m) : h.cardPayment(gw, s, m)),
  ],
  '/g2g/paymentAcs': [() => 'payment-acs-request', h.paymentAcs],
  '/g2g/invoiceUrl': [() => 'invoice-url-request', (gw, s, m) => h.hosted(gw, s, m, 'invoice')],
  '/g2g/any_amount': [() => 'any-amount-request', (gw, s, m) => h.hosted(gw, s, m, 'any_amount')],
  '/g2g/payment_page': [() => 'payment-page-request', (gw, s, m) => h.hosted(gw, s, m, 'page')],
  '/g2g/status_v2': [() => 'status-request', h.status],
  '/g2g/clearing': [() => 'clearing-request', h.clearing],
  '/g2g/cancel': [() => 'cancel-request', h.cancel],
  '/g2g/refund': [() => 'refund-request', h.refund],
};
const CARD_API = /^\/v1\/merchant\/([^/]+)\/card\/(init|pay)$/;

/** merchant known → signature → fields → business. */
async function signedApi(gw: Gw, req: Incoming, script: string, schema: (m: PgMessage) => string, api: Api, pathMerchant?: string): Promise<Outgoing> {
  let m: PgMessage;
  try {
    m = parseRequest(req);
  } catch (e) {
    return unsignedError(h.CODES.generic, `the request cannot be read: ${(e as Error).message}`);
  }
  const merchant = typeof m.pg_merchant_id === 'string' ? m.pg_merchant_id : pathMerchant;
  if (merchant !== gw.merchantId || (pathMerchant !== undefined && pathMerchant !== gw.merchantId)) {
    return unsignedError(h.CODES.unknownMerchant, 'the merchant cannot be identified');
  }
  if (!signatureOk(gw, script, m)) return error(gw, script, gw.defects.has('wrong-error-code') ? h.CODES.generic : h.CODES.badSignature);
  const name = schema(m);
  const v = validate(schemaId('greenleaves', name), m);
  if (!v.ok) {
    const found = classify(getSchema(schemaId('greenleaves', name)), m as Record<string, unknown>, v.errors)
      .filter((x) => !(gw.defects.has('accepts-overlong-field') && x.field === 'pg_order_id' && x.kind === 'tooLong'))
      .filter((x) => !(gw.defects.has('missing-salt-accepted') && x.field === 'pg_salt' && x.kind === 'missing'));
    const first = found[0];
    if (first) return error(gw, script, h.CODES.generic, describeViolation(first));
  }
  return api(gw, script, m);
}

export async function startGreenleavesSandbox(opts: GreenleavesSandboxOptions = {}): Promise<SandboxHandle> {
  const creds = credentials('greenleaves');
  const clock = opts.clock ?? new Clock();
  const scheduler = new Scheduler(clock);
  const defects = new DefectSet<GreenleavesDefect | GreenleavesVariant>(GREENLEAVES_DEFECTS, opts.defects ?? [], GREENLEAVES_VARIANTS, opts.variants ?? []);
  let base = '';
  const gw: Gw = {
    merchantId: creds.merchantId, secret: creds.secretKey, base: () => base, store: new Store(() => clock.now()), clock, scheduler, defects,
    cards: loadCards(), anyCallbackHost: opts.anyCallbackHost ?? false, callbackTimeoutMs: opts.callbackTimeoutMs ?? 10_000,
  };
  const capabilities = ['clock', 'payer', 'acs', 'callbacks'];
  const ctl = control({ profile: 'greenleaves', role: 'gateway', capabilities, defects: defects.list(), variants: defects.variants, scheduler });
  const handler = async (req: Incoming): Promise<Outgoing> => {
    const c = await ctl(req);
    if (c) return c;
    const api = API[req.path];
    if (api) return signedApi(gw, req, req.path.slice(req.path.lastIndexOf('/') + 1), api[0], api[1]);
    const card = CARD_API.exec(req.path);
    if (card) return signedApi(gw, req, card[2]!, () => `card-${card[2]}-request`, card[2] === 'init' ? h.cardInit : h.cardPay, card[1]);
    const form = req.method === 'POST' ? new Map(formFields(req)) : undefined;
    if (req.path === '/acs' || req.path === '/acs/confirm') return h.acs(gw, new Map(formFields(req)), req.path === '/acs/confirm');
    const page = /^\/(pay|amount)\/([0-9a-f]+)$/.exec(req.path);
    if (page) return page[1] === 'pay' ? h.payPage(gw, page[2]!, form) : h.amountPage(gw, page[2]!, form);
    if (req.path === '/') return html(resultPage(true, 'paycert reference sandbox: Greenleavespay g2g'));
    return text('not found', 404);
  };
  const running = await serve(handler, { port: opts.port, host: opts.host });
  base = running.url;
  return handleFrom(running, { profile: 'greenleaves', role: 'gateway', capabilities, defects: defects.list(), variants: defects.variants, scheduler });
}
