import { createHash, randomInt } from 'node:crypto';
import { REDIRECT_SIGNED_FIELDS, sign, verify, type Fields } from '../../protocols/jysan/index.ts';
import { JysanClient, readXml, type XmlReply } from '../../sdk/jysan.ts';
import type { JysanSdkPolicy } from '../policy.ts';
import { fail, obj, str, type Op as AnyOp, type OpContext as AnyContext } from './types.ts';

type Op = AnyOp<JysanSdkPolicy>;
type OpContext = AnyContext<JysanSdkPolicy>;

/** The secret it signs and verifies with: the configured one (a defect: a constant, policy.signingSecret). */
const secretOf = (ctx: OpContext): string => ctx.policy.signingSecret ?? ctx.credentials.sharedSecret!;

function client(ctx: OpContext): JysanClient {
  const { merchant, terminal } = ctx.credentials;
  return new JysanClient(ctx.send, ctx.gateway, merchant!, terminal!, secretOf(ctx));
}

/** A client posting to another path of the gateway than /ecom/api (policy.xmlPath, JY-SDK-18). */
class ElsewhereClient extends JysanClient {
  path = '';
  override get apiUrl(): string {
    return `${this.baseUrl.replace(/\/$/, '')}${this.path}`;
  }
}

function xmlClient(ctx: OpContext): JysanClient {
  const path = ctx.policy.xmlPath;
  if (path === null) return client(ctx);
  const { merchant, terminal } = ctx.credentials;
  return Object.assign(new ElsewhereClient(ctx.send, ctx.gateway, merchant!, terminal!, secretOf(ctx)), { path });
}

const strings = (v: unknown, what: string): Record<string, string> => {
  const o = obj(v ?? {}, what);
  for (const [k, x] of Object.entries(o))
    if (typeof x !== 'string') fail('validation', `${what}.${k} must be a string`);
  return o as Record<string, string>;
};

// per policy: one adapter process may serve several defect sets (a request's `defects`)
const formCaches = new WeakMap<object, Map<string, Record<string, unknown>>>();

/** The signed payment form the merchant's page posts to the bank (the SDK does not send it). */
const paymentForm: Op = async (ctx, input) => {
  if (!ctx.policy.formCache) return buildForm(ctx, input);
  const key = JSON.stringify(input.fields); // JY-SDK-02
  let formCache = formCaches.get(ctx.policy);
  if (!formCache) formCaches.set(ctx.policy, (formCache = new Map()));
  if (!formCache.has(key)) formCache.set(key, await buildForm(ctx, input));
  return structuredClone(formCache.get(key)!);
};

/** policy.nonceCounter's counter (one per adapter process, as an SDK's module-level one) */
let nonceCount = 100_000;

/** What an SDK written for the minimal form keeps (policy.dropsOptionalFields) */
const MINIMAL_FORM = new Set(['MERCHANT', 'TERMINAL', 'ORDER', 'AMOUNT', 'CURRENCY', 'DESC', 'LANGUAGE']);

const buildForm: Op = async (ctx, input) => {
  const c = client(ctx);
  const p = ctx.policy;
  const fields: Record<string, string> = {
    MERCHANT: p.formMerchant ?? c.merchant, // JY-SDK-20
    TERMINAL: p.formTerminal ?? c.terminal, // JY-SDK-20
    ...strings(input.fields, 'input.fields'),
  };
  if (p.dropsOptionalFields) for (const k of Object.keys(fields)) if (!MINIMAL_FORM.has(k)) delete fields[k]; // JY-SDK-16
  if (p.descLengthInBytes && Buffer.byteLength(fields.DESC ?? '', 'utf8') > 50)
    fail('validation', 'DESC is longer than 50'); // JY-SDK-13
  if (p.amountTwoDecimalsOnly && !/^[0-9]+\.[0-9]{2}$/.test(fields.AMOUNT ?? ''))
    fail('validation', 'AMOUNT must have two decimals'); // JY-SDK-13
  if (p.maxAmount !== null && Number(fields.AMOUNT) > p.maxAmount) fail('validation', 'AMOUNT is too large'); // JY-SDK-13
  if (p.formCurrency !== null) fields.CURRENCY = p.formCurrency; // JY-SDK-15
  if (p.orderPadSix && /^[0-9]+$/.test(fields.ORDER ?? ''))
    fields.ORDER = String(Number(fields.ORDER)).padStart(6, '0'); // JY-SDK-15
  if (p.descHtmlEscaped && fields.DESC !== undefined) fields.DESC = htmlEscape(fields.DESC); // JY-SDK-16
  if (p.emailLowercased && fields.EMAIL) fields.EMAIL = fields.EMAIL.toLowerCase(); // JY-SDK-16
  if (p.backrefAddsRedirect && fields.BACKREF && !fields.BACKREF.includes('redirect=true'))
    fields.BACKREF += `${fields.BACKREF.includes('?') ? '&' : '?'}redirect=true`; // JY-SDK-16
  if (p.descCutBytes && fields.DESC) fields.DESC = Buffer.from(fields.DESC, 'utf8').subarray(0, 50).toString('utf8'); // JY-SDK-16
  // an address the variant holds no e-mail address: a local part with a dot at either end or two in a row
  if (p.validatesEmail && fields.EMAIL && !/^[^.@\s]+(\.[^.@\s]+)*@[^@\s]+$/.test(fields.EMAIL))
    fail('validation', 'EMAIL is not a valid e-mail address');
  const grouped = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  if (p.amountThreeDecimals && fields.AMOUNT) fields.AMOUNT = Number(fields.AMOUNT).toFixed(3); // JY-SDK-14
  if (p.amountWholeUnits && fields.AMOUNT) fields.AMOUNT = String(Math.trunc(Number(fields.AMOUNT))); // JY-SDK-15
  if (p.groupedAmount && fields.AMOUNT) fields.AMOUNT = Number(fields.AMOUNT).toLocaleString('en-US', grouped); // JY-SDK-09
  fields.NONCE = p.nonceCounter
    ? String(++nonceCount) // JY-SDK-02
    : p.freshNonce
      ? String(randomInt(100_000_000, 2 ** 47))
      : '123456789'; // JY-SDK-02
  if (p.emptyNonce) fields.NONCE = ''; // JY-SDK-09
  delete fields.P_SIGN;
  // JY-SDK-01: AMOUNT signed as number_format($a, 2) writes it, the form's as given
  const signedAs: Record<string, string> = p.signsAmountTwoDecimals
    ? { ...fields, AMOUNT: Number(fields.AMOUNT).toFixed(2) }
    : { ...fields };
  // JY-SDK-01: the shop's texts signed otherwise than sent
  const signedText = p.signedTextAs === 'html-escaped' ? htmlEscape : p.signedTextAs ? noSemicolons : undefined;
  if (signedText)
    for (const k of ['DESC', 'DESC_ORDER', 'BACKREF'])
      if (signedAs[k] !== undefined) signedAs[k] = signedText(signedAs[k]);
  if (p.signsDescEmpty) for (const k of ['DESC', 'DESC_ORDER']) if (signedAs[k] !== undefined) signedAs[k] = ''; // JY-SDK-01
  fields.P_SIGN = sign('payment', signedAs, c.secret, p.paymentSign); // JY-SDK-01
  if (p.upperHex) fields.P_SIGN = fields.P_SIGN.toUpperCase(); // JY-SDK-01
  if (p.secretInForm) fields.SHARED_SECRET = c.secret; // JY-SDK-05
  if (p.keyInForm) fields.SIGN_KEY = Buffer.from(c.secret, 'utf8').toString('hex'); // JY-SDK-05, -07
  if (p.keyHashInForm) fields.SIGN_KEY = createHash('sha512').update(c.secret, 'utf8').digest('hex'); // JY-SDK-07
  if (p.keyCheckInForm) fields.KEY_CHECK = createHash('sha512').update(c.secret, 'utf8').digest('hex').slice(0, 16); // JY-SDK-07
  // JY-SDK-11: the bare base address, or the production host whatever gateway the SDK was given
  const action = p.actionWithoutApiPath
    ? c.baseUrl
    : p.hardcodedAction
      ? 'https://jpay.jysanbank.kz/ecom/api'
      : p.actionOnLocalhost
        ? c.apiUrl.replace(/^(https?:\/\/)127\.0\.0\.1(?=[:/])/, '$1localhost')
        : c.apiUrl;
  // the adapter's JSON writes AMOUNT as a number where it round-trips (Perl's JSON::PP after `$amount > 0`)
  const answered: Record<string, unknown> = { ...fields };
  if (p.amountJsonNumber && fields.AMOUNT !== undefined && String(Number(fields.AMOUNT)) === fields.AMOUNT)
    answered.AMOUNT = Number(fields.AMOUNT);
  return { action, method: 'POST', fields: answered };
};

/** PHP's htmlspecialchars (ENT_QUOTES): what a shop's template escapes, signed or sent so (defects). */
const htmlEscape = (v: string): string =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' })[c]!);
const noSemicolons = (v: string): string => v.replace(/;/g, '');

/** The fields sent by GET in the URL's query (policy.statusByGet, a defect). */
async function getQuery(ctx: OpContext, url: string, fields: Fields): Promise<XmlReply> {
  const query = new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
  return readXml(await ctx.send({ url: `${url}?${query}`, method: 'GET' }));
}

/** The fields posted as name=value&… without URL-encoding them (policy.formUnencoded, a defect). */
async function postUnencoded(ctx: OpContext, url: string, fields: Fields): Promise<XmlReply> {
  const body = Object.entries(fields)
    .map(([k, v]) => `${k}=${v ?? ''}`)
    .join('&');
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  return readXml(await ctx.send({ url, method: 'POST', body, headers }));
}

async function xmlOp(ctx: OpContext, fields: Fields, cancel = false): Promise<Record<string, unknown>> {
  const p = ctx.policy;
  const c = xmlClient(ctx);
  const reply = await (
    p.formUnencoded
      ? postUnencoded(ctx, c.apiUrl, fields)
      : p.statusByGet && fields.GETSTATUS !== undefined
        ? getQuery(ctx, c.apiUrl, fields) // JY-SDK-26
        : p.resendsEachRequest
          ? c.postXml(fields).then(() => c.postXml(fields))
          : c.postXml(fields)
  ).catch((e: Error) => fail('transport', e.message));
  if (!reply.reply) {
    if (p.noCodeAsSuccess) return { code: '0', description: '', operation: {} }; // JY-SDK-22
    return fail('transport', `the reply is not XML (HTTP ${reply.http.status}): ${reply.parseError ?? ''}`);
  }
  const code = reply.code ?? '0';
  // JY-SDK-06: every code but 0 is an error (a defect: only those of a range); JY-SDK-17: 0 is a success
  const range = p.errorCodeRange;
  const error =
    (range ? Number(code) >= range[0] && Number(code) <= range[1] : code !== '0') &&
    !p.successCodes.includes(code) &&
    !(p.successIfOperation && Object.keys(reply.operation ?? {}).length > 0);
  // JY-SDK-17: a success read from the text, or a cancel's from its <operation>
  const unseen =
    (p.successByText && !(reply.description ?? '').startsWith('Обработано успешно')) ||
    (p.cancelRequiresOperation && cancel && reply.operation === undefined);
  if ((error && !p.errorAsSuccess) || p.successAsError || (!error && unseen))
    return fail('rejected', reply.description ?? 'error', code);
  // JY-SDK-23: <result>([\s\S]*?)</result> ends at the <operation>'s own </result>, and the operation is lost
  const nonGreedy = /<result\b[^>]*>([\s\S]*?)<\/result>/.exec(reply.http.text)?.[1] ?? '';
  const lost = p.nonGreedyResult && !nonGreedy.includes('</operation>');
  return { code, description: reply.description ?? '', operation: lost ? {} : (reply.operation ?? {}) };
}

const status: Op = async (ctx, input) => {
  if (ctx.policy.unsupported.includes('status.get')) fail('unsupported', 'this SDK has no status request');
  const c = client(ctx);
  const fields: Record<string, string> = {
    ORDER: str(input.order, 'input.order'),
    MERCHANT: ctx.policy.xmlMerchant ?? c.merchant, // JY-SDK-19
    GETSTATUS: ctx.policy.getStatus, // JY-SDK-21
  };
  fields.P_SIGN = sign('status', fields, c.secret, ctx.policy.statusSign); // JY-SDK-03
  return xmlOp(ctx, fields);
};

const cancel: Op = async (ctx, input) => {
  if (ctx.policy.unsupported.includes('payment.cancel')) fail('unsupported', 'this SDK has no cancel');
  const c = client(ctx);
  const fields: Record<string, string> = {
    ORDER: str(input.order, 'input.order'),
    MERCHANT: ctx.policy.xmlMerchant ?? c.merchant, // JY-SDK-19
    REV_AMOUNT: str(input.amount, 'input.amount'),
    REV_DESC: ctx.policy.revDesc ?? str(input.description ?? 'refund', 'input.description'), // JY-SDK-19
  };
  if (ctx.policy.cancelWithoutRevDesc) delete fields.REV_DESC; // JY-SDK-21
  if (ctx.policy.cancelAmountMinor) fields.REV_AMOUNT = String(Math.round(Number(fields.REV_AMOUNT) * 100)); // JY-SDK-19
  if (ctx.policy.cancelAmountWholeUnits) fields.REV_AMOUNT = String(Math.trunc(Number(fields.REV_AMOUNT))); // JY-SDK-19
  // JY-SDK-03: REV_DESC signed trimmed, sent as given
  const signedAs = ctx.policy.cancelSignsTrimmed ? { ...fields, REV_DESC: fields.REV_DESC?.trim() } : fields;
  fields.P_SIGN = sign('cancel', signedAs, c.secret, ctx.policy.cancelSign); // JY-SDK-03
  return xmlOp(ctx, fields, true);
};

function decodeTwice(v: string): string {
  const spaced = v.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Verify the bank's result redirect to BACKREF (the query parameters it carries). */
const backref: Op = async (ctx, input) => {
  const q = { ...strings(input.query, 'input.query') };
  if (ctx.policy.backrefDecodeTwice) for (const [k, v] of Object.entries(q)) q[k] = decodeTwice(v); // JY-SDK-10
  if (ctx.policy.backrefTrims) for (const [k, v] of Object.entries(q)) q[k] = v.trim(); // JY-SDK-10
  const ok =
    !ctx.policy.verifyBackref || // JY-SDK-04
    (typeof q.sign === 'string' &&
      (ctx.policy.backrefPrefixCompare // JY-SDK-04
        ? q.sign !== '' && sign('redirect', q, secretOf(ctx)).startsWith(q.sign.toLowerCase())
        : verify(
            'redirect',
            q,
            secretOf(ctx),
            q.sign,
            // JY-SDK-10: the empty values (a declined redirect's absent rrn) left out with their ';'
            ctx.policy.backrefSkipsEmpty ? { fields: REDIRECT_SIGNED_FIELDS.filter((k) => (q[k] ?? '') !== '') } : {},
          )));
  if (!ok) return fail('signature', 'the redirect sign does not verify');
  const paid =
    ctx.policy.backrefPaidAlways ||
    (ctx.policy.paidByDesc ? !/отклон|declin|ошибк|error/i.test(q.res_desc ?? '') : q.res_code === '0'); // JY-SDK-12
  const order = (ctx.policy.backrefOrderFromMpi ? q.mpi_order : q.order) ?? ''; // JY-SDK-25
  return { verified: true, order, resCode: q.res_code ?? '', paid };
};

export const OPS: Record<string, Op> = {
  'payment.form': paymentForm,
  'status.get': status,
  'payment.cancel': cancel,
  'backref.verify': backref,
};
