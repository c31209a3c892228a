import { getSchema, schemaId, validate } from '../../spec/ajv.ts';
import { classify, describeViolation, isAdvisory, isOurs } from '../../spec/violations.ts';
import { credentials, sdkCredentials } from '../../spec/credentials.ts';
import { sign, type PgMessage } from '../../protocols/greenleaves/index.ts';
import { Clock, Scheduler } from '../../reference/clock.ts';
import { policyFor } from '../../reference/policy.ts';
import { DEFAULT_GREENLEAVES_POLICY } from './policy.ts';
import { control } from '../../reference/control.ts';
import { formFields, html, serve, text, type Incoming, type Outgoing } from '../../reference/server.ts';
import { handleFrom, type SandboxHandle } from '../../reference/handle.ts';
import { error, unsignedError, type Gw } from './context.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS } from './defects.ts';
import { Store } from './store.ts';
import { loadCards } from '../../spec/greenleaves-cards.ts';
import { loadErrors } from '../../spec/load.ts';
import { parseRequest, signatureOk } from './verify.ts';
import * as h from './handlers.ts';
import * as rec from './recurring.ts';
import { CHECK_TIMEOUT_MS, expireCheck } from './callbacks.ts';
import { resultPage } from './pages.ts';
import { G2G_SCHEMAS, g2gEndpoint, isTokenPayment, requestToValidate, type G2gPath } from './routes.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const GREENLEAVES_CAPABILITIES: readonly string[] = ['clock', 'payer', 'acs', 'callbacks'];

export interface GreenleavesSandboxOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  clock?: Clock;
  /** deliver callbacks to non-loopback hosts too (off by default: tests stay on loopback) */
  anyCallbackHost?: boolean;
  /** the meta-tests' trace: told the path of every policy knob the reference reads (policy.ts `traced`) */
  policyReads?: (path: string) => void;
  callbackTimeoutMs?: number;
  /** how long check_url may take, in real time (default CHECK_TIMEOUT_MS) */
  checkTimeoutMs?: number;
  /** the gateway of an SDK run: it takes the credentials the SDK is configured with (sdkCredentials) */
  sdk?: boolean;
}

type Api = (gw: Gw, script: string, m: PgMessage) => Outgoing | Promise<Outgoing>;

/** path → handler; the request schema of each is G2G_SCHEMAS's (routes.ts) */
const API: { [P in G2gPath]: Api } = {
  '/g2g/payment': async (gw, s, m) => {
    const pay = () => (isTokenPayment(m) ? h.tokenPayment(gw, s, m) : h.cardPayment(gw, s, m));
    // a defect: the request taken twice, the first reply thrown away (policy.ts takenTwice)
    if (gw.policy.payment.takenTwice) await pay();
    return pay();
  },
  '/g2g/paymentAcs': h.paymentAcs,
  '/g2g/invoiceUrl': (gw, s, m) => h.hosted(gw, s, m, 'invoice'),
  '/g2g/any_amount': (gw, s, m) => h.hosted(gw, s, m, 'any_amount'),
  '/g2g/payment_page': (gw, s, m) => h.hosted(gw, s, m, 'page'),
  '/g2g/status_v2': h.status,
  '/g2g/clearing': h.clearing,
  '/g2g/cancel': h.cancel,
  '/g2g/refund': h.refund,
  '/g2g/recurrent': rec.recurrent,
};
/** merchant-API path → [request schema, handler]; the script name is the last segment */
const CARD_ROUTES: Record<string, [string, Api]> = {
  'card/init': ['card-init-request', h.cardInit],
  'card/pay': ['card-pay-request', h.cardPay],
  'card/pay_cvc': ['card-pay-cvc-request', rec.cardPayCvc], // GL-CARD-08
  'cardstorage/list': ['card-list-request', rec.cardList], // GL-CARD-04..07
};
const CARD_API = new RegExp(`^/v1/merchant/([^/]+)/(${Object.keys(CARD_ROUTES).join('|')})$`);

/** A defect's debugging in the reply to a badly signed request: the base it hashed, the secret_key at
 *  its end, or the pg_sig the request should have carried (GL-SIG-17 forbids both). */
function debugged(gw: Gw, script: string, m: PgMessage): string | undefined {
  const shows = gw.policy.errors.badSignatureShows;
  if (shows === 'secret') return `debug: md5(${script};…;${gw.secret})`;
  if (shows === 'expected-sig') return `expected pg_sig: ${sign(script, m, gw.secret)}`;
  return undefined;
}

/** merchant known → signature → fields → business. */
async function signedApi(
  gw: Gw,
  req: Incoming,
  script: string,
  schema: (m: PgMessage) => string,
  api: Api,
  pathMerchant?: string,
  verifyAs = script,
): Promise<Outgoing> {
  const p = gw.policy;
  let m: PgMessage;
  try {
    m = parseRequest(req, gw);
  } catch (e) {
    return unsignedError(h.CODES.generic, `the request cannot be read: ${(e as Error).message}`, gw);
  }
  const merchant = typeof m.pg_merchant_id === 'string' ? m.pg_merchant_id : pathMerchant;
  if (merchant !== gw.merchantId || (pathMerchant !== undefined && pathMerchant !== gw.merchantId)) {
    return unsignedError(p.errors.unknownMerchantCode, 'the merchant cannot be identified', gw); // GL-SIG-13
  }
  // the request's own condition first: a knob is read only where it can change the answer (verify.ts)
  if ((req.headers['content-type'] ?? '').toLowerCase().includes('multipart') && !p.transport.acceptsMultipart)
    return unsignedError(h.CODES.generic, 'multipart is not accepted', gw); // GL-TX-01
  const asXml = formFields(req).some(([k]) => k === 'pg_xml');
  if (asXml && !p.transport.acceptsPgXml) return unsignedError(h.CODES.generic, 'pg_xml is not accepted', gw); // GL-TX-05
  // GL-SIG-04: a pg_xml request is verified as a form one is (a defect takes it unverified)
  if (!(asXml && !p.signature.verifiesPgXml) && !signatureOk(gw, verifyAs, m)) {
    const code = p.errors.badSignatureCode; // GL-ERR-01
    // GL-SIG-14 (INFERRED): the reference signs this reply; one vendor example does not
    if (!p.errors.badSignatureSigned) return unsignedError(code, 'the signature does not verify', gw);
    return error(gw, script, code, debugged(gw, verifyAs, m));
  }
  const { name, fields: checked } = requestToValidate(m, schema, p.fields.emptyOptionalAsAbsent);
  const v = validate(schemaId('greenleaves', name), checked);
  if (!v.ok) {
    const root = getSchema(schemaId('greenleaves', name));
    const found = classify(root, checked as Record<string, unknown>, v.errors)
      // GL-PAY-09: the charsets of the field tables are advice to the merchant
      .filter((x) => !(isAdvisory(root, x) && !p.fields.enforceAdvisedCharsets))
      // limits of our own (x-ours: pg_salt's length and letters), not the documents'
      .filter((x) => !isOurs(root, x))
      // GL-PAY-10: documented parameters of the other sections may come along
      .filter((x) => !(x.kind === 'unknown' && otherSectionFields().has(x.field) && !p.fields.refuseOtherSectionParams))
      // GL-PAY-02, GL-PAGE-03, GL-ANY-03, GL-INV-02, GL-TOK-03, GL-CARD-03: the length limits
      .filter((x) => !(x.kind === 'tooLong' && p.fields.lengthUnchecked[name]?.includes(x.field)))
      // GL-SIG-01
      .filter((x) => !(!p.fields.saltRequired && x.field === 'pg_salt' && x.kind === 'missing'))
      // GL-ACS-02
      .filter(
        (x) => !(!p.acs.mdRequired && name === 'payment-acs-request' && x.field === 'pg_md' && x.kind === 'missing'),
      )
      // GL-PAY-07
      .filter((x) => !(x.field === 'pg_currency' && p.fields.extraCurrencies.includes(String(checked.pg_currency))))
      // a variant: optional fields whose values are not checked at all
      .filter((x) => !(x.kind !== 'missing' && p.fields.unchecked[name]?.includes(x.field)));
    const first = found[0];
    // GL-PAY-03: the description names the field
    if (first) {
      // the defect reply-values-unescaped: the bound as "<= 1024", pasted in unescaped (GL-TX-02)
      const bound = p.replies.unescaped && first.kind === 'tooLong' ? `${first.field} <= ${first.limit}` : undefined;
      return error(
        gw,
        script,
        cardDataField(first.field) ? p.errors.cardFieldViolationCode : p.errors.fieldViolationCode,
        bound ?? (p.errors.namesField ? describeViolation(first) : 'invalid request'),
        {},
        h.CODES.generic, // "Ошибка в параметрах запроса", whatever the code
      );
    }
  }
  // variant own-phone-bound: a bound of the gateway's own on a field the documents bound nowhere
  if (p.fields.kzPhoneOnly && typeof checked.pg_user_phone === 'string' && !/^7[0-9]{10}$/.test(checked.pg_user_phone))
    return error(gw, script, h.CODES.generic, 'pg_user_phone is not a Kazakhstan mobile number');
  return api(gw, script, checked);
}

/** The card-data fields errors.json lets a violation of answer 10005 "wrong card data" (GL-PAY-03). */
const cardDataField = (field: string): boolean =>
  (loadErrors('greenleaves').violations?.alsoAccepted ?? []).some((a) => a.fields.includes(field));

let others: Set<string> | undefined;
/** Every field documented in some g2g request schema. */
function otherSectionFields(): Set<string> {
  if (others) return others;
  others = new Set();
  const names = [
    ...Object.values(G2G_SCHEMAS).map((pick) => pick({})),
    'payment-token-request',
    'card-init-request',
    'card-pay-request',
    'card-pay-cvc-request',
    'card-list-request',
  ];
  for (const n of names)
    Object.keys((getSchema(schemaId('greenleaves', n)).properties ?? {}) as object).forEach((k) => others!.add(k));
  return others;
}

export async function startGreenleavesSandbox(opts: GreenleavesSandboxOptions = {}): Promise<SandboxHandle> {
  const creds = (opts.sdk ? sdkCredentials : credentials)('greenleaves');
  const clock = opts.clock ?? new Clock();
  const scheduler = new Scheduler(clock);
  const { policy, defects, variants } = policyFor(
    DEFAULT_GREENLEAVES_POLICY,
    GREENLEAVES_DEFECTS,
    opts.defects,
    GREENLEAVES_VARIANTS,
    opts.variants,
    opts.policyReads,
  );
  let base = '';
  const gw: Gw = {
    merchantId: creds.merchantId,
    secret: creds.secretKey,
    base: () => base,
    store: new Store(() => clock.now()),
    clock,
    scheduler,
    policy,
    cards: loadCards(),
    anyCallbackHost: opts.anyCallbackHost ?? false,
    callbackTimeoutMs: opts.callbackTimeoutMs ?? 10_000,
    checkTimeoutMs: opts.checkTimeoutMs ?? CHECK_TIMEOUT_MS,
  };
  const capabilities = [...GREENLEAVES_CAPABILITIES];
  const actions = {
    'recurring/age': (body: unknown) => rec.ageProfile(gw, body),
    'check/expire': (body: unknown) => expireCheck(gw, body),
  };
  const ctl = control({ profile: 'greenleaves', role: 'gateway', capabilities, defects, variants, scheduler, actions });
  const handler = async (req: Incoming): Promise<Outgoing> => {
    const c = await ctl(req);
    if (c) return c;
    const route = g2gEndpoint(req.path, false);
    if (route) return signedApi(gw, req, req.path.slice(req.path.lastIndexOf('/') + 1), G2G_SCHEMAS[route], API[route]);
    const twin = policy.transport.classicEndpoints ? g2gEndpoint(req.path) : undefined; // GL-TX-07
    if (twin) {
      const file = req.path.slice(1);
      // GL-TX-08: verified with the file name including .php; GL-SIG-12: the reply is signed with it too
      const verifyAs = policy.signature.classicScriptWithPhp ? file : file.replace(/\.php$/, '');
      const replyAs = policy.replies.classicWithPhp ? file : file.replace(/\.php$/, '');
      return signedApi(gw, req, replyAs, G2G_SCHEMAS[twin], API[twin], undefined, verifyAs);
    }
    const card = CARD_API.exec(req.path);
    if (card) {
      const [schema, api] = CARD_ROUTES[card[2]!]!;
      return signedApi(gw, req, card[2]!.split('/')[1]!, () => schema, api, card[1]);
    }
    const form = req.method === 'POST' ? new Map(formFields(req)) : undefined;
    if (req.path === '/acs' || req.path === '/acs/confirm')
      return h.acs(gw, new Map(formFields(req)), req.path === '/acs/confirm');
    const cvc = /^\/cvc\/([0-9a-f]+)$/.exec(req.path);
    if (cvc) return rec.cvcEntry(gw, cvc[1]!, form); // GL-CARD-08
    const page = /^\/(pay|amount)\/([0-9a-f]+)$/.exec(req.path);
    if (page) return page[1] === 'pay' ? h.payPage(gw, page[2]!, form) : h.amountPage(gw, page[2]!, form);
    if (req.path === '/') return html(resultPage(true, 'paycert reference sandbox: Greenleavespay g2g'));
    return text('not found', 404);
  };
  const running = await serve(handler, { port: opts.port, host: opts.host });
  base = running.url;
  return handleFrom(running, { profile: 'greenleaves', role: 'gateway', capabilities, defects, variants, scheduler });
}
