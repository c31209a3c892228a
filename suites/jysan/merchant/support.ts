import { createHash } from 'node:crypto';
import type { CheckContext } from '../../../src/harness/check.ts';
import {
  fewerThanBlocks,
  ordersOf,
  type DeclaredOrder,
  type OrderSource,
  type Orders,
} from '../../../src/harness/declaration.ts';
import {
  contentRefusal,
  controlAfterEdge403,
  csrfBeside,
  edgeErrorPage,
  notThisMethod,
  wallPage,
} from '../../../src/harness/edge-page.ts';
import type { HttpResponse } from '../../../src/harness/http.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { encodeForm as encodeBankForm, wantsRedirect, withoutRedirect } from '../../../src/protocols/jysan/form.ts';
import fc from 'fast-check';
import { decimalValue } from '../../../src/protocols/common/decimal.ts';
import { CURRENCY_NUMBER } from '../../../src/protocols/jysan/currency.ts';
import { REDIRECT_SIGNED_FIELDS, sign } from '../../../src/protocols/jysan/signature.ts';
import { quote } from '../../../src/harness/clip.ts';
import { placeOf, withoutTokens } from '../../../src/harness/per-request.ts';

export type Ctx = CheckContext<'jysan'>;

/** The declared orders as this check's: a block of its own (specs/jysan/merchant-orders.json), the same
 *  in every run with the same declaration, so that a second run repeats the first's results. A payable
 *  order the check passed over looking for another form (spareWhere) is its next (Orders.giveBack, one
 *  pool per check): the allocator never hands it again, and a take past it went to the end of the
 *  declaration, one more than roomBeyondBlocks allowed (a 32-order layout skipped post-forged: "too few
 *  payable orders"). */
export function orders(t: Ctx): OrderSource {
  return allocator(t).of(t.check.id);
}

function allocator(t: Ctx): Orders {
  if (!t.subject.declarationPath) t.skip('no merchant declaration (--declaration FILE)');
  return ordersOf(t.subject.declarationPath!, t.subject.orderShare);
}

/** The browser's GET redirect to BACKREF happens only when BACKREF carries redirect=true (JY-RED-02,
 *  JY-RED-05, digest §A10); without it the bank only POSTs the result, server to server. A check about
 *  the redirect is skipped then, with the reason: a shop that takes POSTs only (GET answered 405) was
 *  warned JY-MRD-02 "a genuine redirect was refused" and left JY-MRD-01/03/04/06 inconclusive. */
export function redirectsHere(t: Ctx): boolean {
  return wantsRedirect(t.subject.baseUrl);
}

/** Whether the declaration holds every check's block of payable orders (specs/jysan/merchant-orders.json;
 *  the README asks for 32): one more taken from a shorter declaration, whose orders are handed out in
 *  line, leaves a later check without its own. */
export function holdsBlocks(t: Ctx): boolean {
  return fewerThanBlocks(orders(t).declaration) === undefined;
}

export function requireRedirects(t: Ctx): void {
  if (!redirectsHere(t))
    t.skip(
      `BACKREF ${t.subject.baseUrl} has no redirect=true: the bank sends no browser redirect there, only its server POST (judged by the jy.merchant.post-* checks)`,
    );
}

export type Redirect = Record<'order' | 'mpi_order' | 'rrn' | 'res_code' | 'amount' | 'currency' | 'res_desc', string>;

/** Failed payments' results as the bank words them, in Russian (seed 002's texts are): res_code 2
 *  "Транзакция отклонена" (digest §A7, the MPI's declined result) and other documented codes, 28
 *  (seed 002's table "Ошибка MPI при выполнении проверки 3DS: %s") and 27, whose text has quotes
 *  (seed 002 `27 Введите валидное значение в поле "%s".`). Every declined result was res_code 2
 *  "Declined": a shop failing on a non-ASCII res_desc passed JY-MRD-06 and JY-MRD-11; and none had a
 *  quote: a shop HTML-escaping every value before verifying the sign passed JY-MRD-02 and JY-MRD-08. */
export const DECLINES = [
  { code: '2', desc: 'Транзакция отклонена' },
  { code: '28', desc: 'Ошибка MPI при выполнении проверки 3DS: карта не прошла аутентификацию (3-D Secure+)' },
  { code: '27', desc: 'Введите валидное значение в поле "crd_cvc".' },
] as const;

/** The declined result whose res_desc has quotes (DECLINES), and its text without them. */
export const QUOTED = DECLINES.findIndex((d) => d.desc.includes('"'));
export const unquoted = (desc: string) => desc.replace(/"/g, '');

/** The result the bank appends to BACKREF after a payment (digest §A10). mpi_order and rrn are this
 *  check's own, derived from the order, the check and the purpose: a re-run repeats the same
 *  redirect, and no two checks share one. A failed payment's res_code and res_desc: DECLINES[0]. */
export function redirectFields(
  t: Ctx,
  o: { orderId: string; amount?: string; currency?: string },
  purpose: string,
  ok = true,
  resDesc: string = ok ? 'Approved' : DECLINES[0].desc,
  resCode: string = ok ? '0' : DECLINES[0].code,
): Redirect {
  const h = createHash('sha256').update(`${o.orderId}|${t.check.id}|${purpose}`).digest();
  const digits = (from: number, n: number) => Array.from(h.subarray(from, from + n), (b) => String(b % 10)).join('');
  return {
    order: o.orderId,
    mpi_order: `1${digits(0, 25)}`,
    rrn: ok ? digits(25, 7) + digits(0, 5) : '',
    res_code: resCode,
    amount: o.amount ?? '100',
    currency: o.currency ?? 'KZT',
    res_desc: resDesc,
  };
}

/** The result as the bank sends it, with its sign. A declined payment carries no rrn at all (digest
 *  §A10 "present only on success", JY-RED-03): the sign is over an empty rrn, and the parameter is
 *  left out (a shop reading an absent rrn as `null`, or requiring it, refuses the bank's own result). */
export function signed(t: Ctx, r: Redirect, lead: 'zero' | 'other' = 'other'): Record<string, string> {
  const { fields, sig } = withSignLead(r, t.credentials.sharedSecret, lead);
  const { rrn, ...rest } = fields;
  return { ...(rrn === '' ? rest : fields), sign: sig };
}

/** `r` with its mpi_order's last three digits changed (deterministically, the first fit) so that its
 *  sign starts with "0" (`zero`) or with another digit. A shop writing the hex of the digest as a
 *  number (Java's BigInteger.toString(16)) drops a leading 0 and refuses 1 in 16 genuine results: which
 *  ones depended on the secret, and paycert blamed whatever it had varied there (quotes, 398, the
 *  amount's spelling). Every result a check signs has no leading 0, and the checks of the genuine results
 *  send ones that have (genuineForms). */
export function withSignLead(r: Redirect, secret: string, lead: 'zero' | 'other'): { fields: Redirect; sig: string } {
  for (let k = 0; k < 1000; k++) {
    const fields = k === 0 ? r : { ...r, mpi_order: `${r.mpi_order.slice(0, -3)}${String(k).padStart(3, '0')}` };
    const sig = sign('redirect', fields, secret);
    if ((sig[0] === '0') === (lead === 'zero')) return { fields, sig };
  }
  return { fields: r, sig: sign('redirect', r, secret) };
}

/** Why a genuine result whose sign starts with "0" (sent first, signed(…, 'zero')) was refused where the
 *  same result signed with another first digit (another mpi_order) was taken: asked before any other
 *  contrast (res_desc, ORDER's form), which the leading 0 would otherwise be blamed on. */
export const SIGN_ZERO =
  'the sign is 128 hex digits (SHA-512, digest §A10) and the refused one starts with "0": the shop writes its own sign without its leading zeros (the digest read as a number, Java\'s BigInteger.toString(16), say), and refuses 1 in 16 genuine results';

/** ORDER's largest value a 32-bit int holds: a shop parsing ORDER (N(6-10)) as one fails above it. */
const INT_MAX = 2147483647;

/** Genuine results of the forms the bank sends that a shop may mishandle, each for a spare payable
 *  order of the check's, sent after a genuine result for `o` was taken: ORDER with leading zeros
 *  (0004100, N(6-10) is a digit string) and ORDER above 2^31 − 1 (3000000102: ten digits are no int).
 *  `why` words the refusal of one beside o's acceptance. (The sign starting with "0": o's own, see
 *  SIGN_ZERO.) */
export function genuineForms(
  t: Ctx,
  o: DeclaredOrder,
  purpose: string,
  aboveInt = true,
): Array<{ order: DeclaredOrder; params: Record<string, string>; what: string; why: string }> {
  const out: Array<{ order: DeclaredOrder; params: Record<string, string>; what: string; why: string }> = [];
  const SEED = 'seed 002 "ORDER Да N(6 - 10)"';
  // one look further than spareOfForm's: the check's own evidence for JY-MRD-02/08 on ORDER's leading
  // zeros (probe 25: post-genuine's look passed over three without them, the fourth from the end had
  // them; JY-MRD-08 rested on post-repeat's refusal beside post-genuine's takes, an order of checks)
  const z = leadingZeros(o.orderId) ? undefined : spareOfForm(t, true, 4);
  if (z)
    out.push({
      order: z,
      params: signed(t, redirectFields(t, z, `${purpose}-zeros`)),
      what: `ORDER with leading zeros`,
      why: `ORDER is a digit string (${SEED}) and ${z.orderId}, with its leading zeros, the order the bank sends: the sign is not verified over ORDER as sent (read as a number, ${z.orderId} is ${String(Number(z.orderId))}), or the order not found by it`,
    });
  const above = (x: DeclaredOrder) => Number(x.orderId) > INT_MAX;
  const big = !aboveInt || above(o) ? undefined : spareWhere(t, above);
  if (big)
    out.push({
      order: big,
      params: signed(t, redirectFields(t, big, `${purpose}-above-int`)),
      what: `ORDER above 2^31 − 1`,
      why: `ORDER is up to ten digits (${SEED}) and ${big.orderId} is above 2147483647, the largest 32-bit int${leadingZeros(o.orderId) ? ` (${o.orderId}'s leading zeros it has not: the two differ in that too)` : ''}: the shop fails on a valid ORDER (parsed as an int, say)`,
    });
  return out;
}

/** Whether an amount has tiyn (a fraction other than zero: 1000.50, not 700 nor 700.00). */
export const inTiyn = (amount: string | undefined): boolean => /\.[0-9]*[1-9]/.test(amount ?? '');

/** How orders `a` and `b` differ beside ORDER, for a reason: their amounts (value, or one in whole tenge
 *  and one with tiyn) and currencies; '' when alike. A refusal of one beside the other's acceptance is
 *  blamed on ORDER's form only where they do not (was "leading zeros" for 89990.99 beside 4500). */
export function otherwiseDiffer(a: DeclaredOrder | undefined, b: DeclaredOrder | undefined): string {
  if (!a || !b) return '';
  const out: string[] = [];
  if (a.amount !== undefined && b.amount !== undefined && decimalValue(a.amount) !== decimalValue(b.amount))
    out.push(
      `amount (${a.amount} and ${b.amount}${inTiyn(a.amount) !== inTiyn(b.amount) ? ', one in whole tenge and one with tiyn' : ''})`,
    );
  if ((a.currency ?? 'KZT') !== (b.currency ?? 'KZT'))
    out.push(`currency (${a.currency ?? 'KZT'} and ${b.currency ?? 'KZT'})`);
  return out.join(' and ');
}

/** A declared order by its ORDER. */
export const declared = (t: Ctx, id: string): DeclaredOrder | undefined =>
  orders(t).declaration.orders.find((o) => o.orderId === id);

/** A spare payable order of the next few that `fits`, when the declaration has one; else undefined. Those
 *  passed over (of another form than it looked for), nothing sent for them, are the check's next look,
 *  take or spare (orders), so that no order of its block is wasted (the checks after it take theirs
 *  from the end of the declaration, which a wasted one empties). */
export const spareWhere = (t: Ctx, fits: (o: DeclaredOrder) => boolean, tries = 4): DeclaredOrder | undefined =>
  allocator(t).spareWhere(fits, tries, t.check.id);

/** Forgeries no random case is sure to reach: the result with no sign at all (a verifier skipping an
 *  absent sign) and with its genuine sign cut to 64 characters (a verifier comparing over the length
 *  given, or whose constant-time compare throws on another length, a 5xx). */
export function unsignedAndCut(r: Redirect, secret: string): Array<[string, Record<string, string>]> {
  const sig = sign('redirect', r, secret);
  return [
    ['no sign', { ...r }],
    ['its sign cut to 64 characters', { ...r, sign: sig.slice(0, 64) }],
  ];
}

/** BACKREF asks for credentials: 401 with a WWW-Authenticate challenge, or 407. */
export const wantsAuth = (r: { status: number; headers?: Record<string, string> }) =>
  (r.status === 401 && !!r.headers?.['www-authenticate']) || r.status === 407;

/** The browser arriving at BACKREF with the result appended (GET). An answer asking for credentials,
 *  or sending the browser to a login page, ends the check inconclusive (JY-MRD-05 judges that) unless
 *  `authAllowed`. */
/** A result's parameters: by name, or as a list in the order sent (a name sent twice). */
export type Params = Record<string, string> | Array<[string, string]>;
const pairsOf = (p: Params): Array<[string, string]> => (Array.isArray(p) ? p : Object.entries(p));

export async function land(t: Ctx, params: Params, note?: string, authAllowed = false, spaces: Spaces = '%20') {
  const url = t.subject.baseUrl;
  const query = encodeForm(pairsOf(params));
  const r = await fromShop(
    t,
    await t.http.send({
      url: `${url}${url.includes('?') ? '&' : '?'}${spaced(query, spaces)}`,
      statuses: 'any',
      note,
      // answered 502/503/504 or an edge's page for them, there or where its redirect leads (no answer
      // from the shop): the payer reloads, once
      resendNoAnswer: true,
      lookPastRedirect: true,
    }),
    true,
  );
  Object.assign(r, { sent: Object.fromEntries(pairsOf(params)) });
  if (!authAllowed && wantsAuth(r))
    t.inconclusive(`BACKREF asks for authentication (HTTP ${r.status}): no redirect gets through to be judged`);
  if (!authAllowed && toLogin(r))
    t.inconclusive(`BACKREF sends the browser to a login page (${answered(r)}), see JY-MRD-05`);
  return r;
}

/** How a redirect's query writes a space: %20 (encodeURIComponent), or `+` (an HTML form's GET,
 *  URLSearchParams, Java's URLEncoder), or `both` (every other space each way, in one query). Nothing
 *  says which the bank writes (digest §A10 is silent), and a query decoder must read both: a shop
 *  reading `+` as a `+` verifies the sign over other text. */
export type Spaces = '%20' | '+' | 'both';

function spaced(query: string, spaces: Spaces): string {
  let n = 0;
  return spaces === '%20' ? query : query.replace(/%20/g, () => (spaces === '+' || n++ % 2 === 1 ? '+' : '%20'));
}

/** The bank's server POST of a result to BACKREF: BACKREF without redirect=true, the fields in a
 *  form body (digest §A10; the fields and sign as the redirect's, JY-RED-06/07), serialised as
 *  application/x-www-form-urlencoded is (a space is `+`, as HTML forms and Java's URLEncoder send it).
 *  The bank follows no redirect, but where a 3xx leads (same origin, looked at once per place) tells
 *  whose answer it was: an edge's error page there is the 5xx it states, as for the redirect. Was
 *  "answered HTTP 302 to /50x.html", as if the shop had sent the bank on. */
export async function post(t: Ctx, params: Params, note?: string) {
  const r = await fromShop(
    t,
    await t.http.send({
      method: 'POST',
      // the shop's own query as it wrote it (`route=extension/payment/…`), redirect=true left out
      url: withoutRedirect(t.subject.baseUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Array.isArray(params) ? new URLSearchParams(params).toString() : encodeBankForm(params),
      statuses: 'any',
      note,
      // answered 502/503/504 or an edge's page for them, there or where its redirect leads (no answer
      // from the shop): sent again, once
      resendNoAnswer: true,
      lookPastRedirect: true,
    }),
  );
  return Object.assign(r, { sent: Object.fromEntries(pairsOf(params)) });
}

/** An answer as the shop's. An edge's error page (the shop down, or not answering in time) sent with a
 *  2xx is the 5xx it states: the shop never saw the result, and a 2xx from its edge says nothing about
 *  it (taken as the shop's acceptance, every genuine result passed JY-MRD-02/08 and every forged or
 *  wrong one was blamed on the shop, JY-MRD-07/12/13). So is a redirect to a place of the same origin
 *  where an edge answers (HttpClient.edgeBehindRedirect, nginx `error_page 502 https://shop/50x.html`):
 *  it looked like a shop sending the payer on, and a genuine redirect passed JY-MRD-02 though the shop
 *  never saw it. (The call was already sent once more, land and post: this is the answer it ended with.) */
const noted = new WeakSet<Ctx>();
async function fromShop<R extends HttpResponse>(
  t: Ctx,
  r: R,
  payer = false,
): Promise<R & { edge?: string; byContent?: string }> {
  // a bot wall's challenge is for browsers, which pass it: the payer's redirect reaches the shop, and
  // its answer is not this page (a 403 was read as the shop refusing a genuine result, JY-MRD-02, and a
  // wall refusing every reload passed JY-MRD-04). The bank's server POST meets the wall as it is.
  const wall = payer ? wallPage(r) : undefined;
  if (wall) {
    const content = await refusedByContent(t, r);
    if (content) return Object.assign(r, { byContent: content });
    t.inconclusive(
      `BACKREF answered HTTP ${r.status} with ${wall}: a payer's browser gets past it, paycert does not; let paycert's requests through to judge the shop`,
    );
  }
  const page = r.status >= 200 && r.status < 300 ? edgeErrorPage(r.text) : undefined;
  const place = page ? undefined : await t.http.edgeBehindRedirect(t.subject.baseUrl, r);
  const to = place && `HTTP ${r.status} to ${place.path}, `;
  const edge = page
    ? { status: page.status, why: `an edge's "${quote(page.title, 80)}" page sent as HTTP ${r.status}` }
    : place && {
        status: place.status,
        why: place.page
          ? `${to}an edge's "${place.page}" page sent as HTTP ${place.httpStatus}`
          : `${to}answered HTTP ${place.httpStatus} there`,
      };
  if (!edge) return r;
  const why = `${edge.why}: the shop did not answer`;
  if (!noted.has(t)) t.note(`BACKREF answered ${why}; judged as the HTTP ${edge.status} it states`);
  noted.add(t);
  return { ...r, status: edge.status, edge: why };
}

/** An edge's bare 403 to the payer's redirect (bareEdge403) where BACKREF as declared, without this
 *  result, gets through (controlAfterEdge403: asked once per check, a redirect counting as through): the
 *  address is let through, so the edge refused this result by its content, as it will a payer's browser
 *  carrying the same (probe 25: seed 002's own res_desc `поле "crd_cvc".` refused by a rule on quotes;
 *  the rules were left unjudged, "an address not let through?"). What it is, or undefined. */
async function refusedByContent(t: Ctx, r: HttpResponse): Promise<string | undefined> {
  const url = t.subject.baseUrl;
  const c = await controlAfterEdge403(
    t,
    url,
    r,
    () =>
      t.http.send({ url, statuses: 'any', note: 'BACKREF without the result (does the edge let paycert through?)' }),
    // a BACKREF refuses a call without a result, with its own 401 or 403 page at times
    [401, 403],
  );
  return c?.controlPassed ? contentRefusal({ ...r, refusedContent: c }) : undefined;
}

/** Times and dates a page states (when it was made), and epoch seconds or milliseconds: made afresh
 *  for every request, as tokens are. */
const TIMES =
  /[0-9]{1,4}[-./][0-9]{1,2}[-./][0-9]{1,4}(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?|(?<![0-9])1[5-9][0-9]{8}(?:[0-9]{3})?(?![0-9])/g;

/** The words a payer reads on a page (its tags left out), for a reason. */
const words = (text: string): string[] =>
  text
    .replace(/<[^>]*>/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

/** Where the words of `a` and `b` first differ, a few words of each from there (quoted for a reason). */
function whereDiffer(a: string, b: string): [string, string] {
  const [x, y] = [words(a), words(b)];
  let k = 0;
  while (k < x.length && x[k] === y[k]) k++;
  const from = (w: string[]) => `"${quote(w.slice(Math.max(0, k - 3), k + 9).join(' '), 160)}"`;
  return [from(x), from(y)];
}

/** How a repeat's answer differs from the first (`answers[0]`, then each repeat in order), or
 *  undefined: the same answer. Compared: the status and where it leads (landsAlike), never the
 *  wording: no seed or digest line names a page's or an answer's text ("Заказ уже оплачен" for
 *  "Оплата прошла успешно", "OK (duplicate)" for "OK" were warned; a redirect's repeat shown as a
 *  failure or a refusal is the caller's, see reloadShownAs). Where the texts are alike but for their
 *  numbers (what is made afresh for every request masked: tokens, times, dates), a number that grows
 *  by one with each repeat (a shipment №1, №2; "OK 2") is the result acted on again, what a repeat
 *  must not do; numbers differing otherwise (a request id) are the request's own. */
export function repeatedOtherwise(
  answers: Array<{ r: Landing; page?: string }>,
): { i: number; why: string } | undefined {
  const shownText = ({ r, page }: { r: Landing; page?: string }) =>
    withoutTokens(`${r.text ?? ''}\n${page ?? ''}`).replace(TIMES, '~');
  const texts = answers.map(shownText);
  const i = answers.findIndex((a) => !landsAlike(a.r, answers[0]!.r));
  if (i > 0) {
    const [first, again] = whereDiffer(texts[0]!, texts[i]!);
    return {
      i,
      why: `answered ${answered(answers[i]!.r)} (${again}), the first ${answered(answers[0]!.r)} (${first})`,
    };
  }
  // a counter only where the texts are one but for their numbers (other wording misaligns them)
  const skeletons = texts.map((x) => x.replace(/[0-9]+/g, '#'));
  if (skeletons.some((x) => x !== skeletons[0])) return undefined;
  const numbers = texts.map((x) => x.match(/[0-9]+/g) ?? []);
  for (let k = 0; k < numbers[0]!.length; k++) {
    const column = numbers.map((n) => Number(n[k]));
    if (column.every((v, j) => v === column[0]! + j) && column.length > 1) {
      const [first, last] = whereDiffer(texts[0]!, texts.at(-1)!);
      return {
        i: 1,
        why: `a number in the answer grows by one with each repeat (${column.join(', ')}: ${first}, then ${last}): the result acted on again (a shipment counted each time)`,
      };
    }
  }
  return undefined;
}

/** Words of a page telling the payer an error, in Russian (the bank's and the shops' pages are) and
 *  English: "Ошибка", "error", "failed", "не удалось", "отклонён", "неверн…", "denied", "invalid". */
const ERROR_WORDS = /ошибк|\berror|\bfail|не удалось|неудач|отклон|неверн|\bdenied\b|\binvalid\b/i;

/** What a page tells as its verdict: its <title> and first <h1>, else the first 300 characters of its
 *  text (<script> and <style> left out); the error words in it (ERROR_WORDS) as they stand, or
 *  undefined. Only the page's own heads: a paid page's "if an error occurred, contact us", an order
 *  status page's FAQ heading (<h2>Payment failed? Contact us</h2>) or a script's console.error is no
 *  verdict (session 23 review: every h2 and a title-less page's script text were read). */
export function errorTold(html: string | undefined): string | undefined {
  const told = headsOf(html, 'verdict');
  return told !== undefined && ERROR_WORDS.test(told) ? told : undefined;
}

/** What a page tells in its <title> and top headings (h1, h2; for a `verdict`, the title and the first
 *  h1), else in the first 300 characters of its text without scripts and styles, blanks collapsed;
 *  undefined for an empty page. */
function headsOf(html: string | undefined, read: 'heads' | 'verdict' = 'heads'): string | undefined {
  if (!html) return undefined;
  const all = [...html.slice(0, 200_000).matchAll(/<(title|h1|h2)\b[^>]{0,500}>([^<]{0,300})<\/\1\s{0,8}>/gi)];
  const heads = (
    read === 'heads'
      ? all
      : [all.find((m) => m[1]!.toLowerCase() === 'title'), all.find((m) => m[1]!.toLowerCase() === 'h1')].filter(
          (m) => m !== undefined,
        )
  ).map((m) => m[2]!);
  const told =
    heads.length > 0
      ? heads.join(' / ')
      : withoutScripts(html.slice(0, 20_000))
          .replace(/<[^>]{0,500}>/g, ' ')
          .slice(0, 300);
  return told.replace(/\s+/g, ' ').trim() || undefined;
}

/** `html` without its <script> and <style> elements (an unclosed one to the end), in one pass. */
function withoutScripts(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  for (const open of lower.matchAll(/<(script|style)\b/g)) {
    if (open.index < at) continue;
    out += html.slice(at, open.index) + ' ';
    const close = lower.indexOf(`</${open[1]!}`, open.index);
    const end = close < 0 ? -1 : lower.indexOf('>', close);
    at = end < 0 ? html.length : end + 1;
  }
  return out + html.slice(at);
}

/** For a reason about a result that was not read as refused: what a refusal would have been, and what
 *  the page answered says (a refusal page the check could not read as one shows here). */
export function noRefusal(r: Landing, channel: 'redirect' | 'post'): string {
  const heads = r.status < 300 ? headsOf(r.text) : undefined;
  const says = heads === undefined ? '' : `, its page saying ${quote(heads, 160)}`;
  return channel === 'post'
    ? `${says}: not refused (a 4xx)`
    : `${says}: not refused (a 4xx, a redirect elsewhere than a genuine result's, or, where every result is sent to one place, a page other than a paid order's there)`;
}

/** Ends the check inconclusive when the first answer and every repeat were the same server error (the
 *  shop down, or failing before it reads the result) or the same refusal of the genuine result: the same
 *  answer, but not one to a repeat of a result the shop took (a wall refusing every request passed
 *  JY-MRD-04 and JY-MRD-10). `what` names the answers, `of` what they would have shown. */
export function sameServerErrorEachTime(t: Ctx, first: Landing, agains: Landing[], what: string, of: string): void {
  if (first.status >= 400 && agains.every((a) => a.status === first.status))
    t.inconclusive(
      `${what} were answered ${answered(first)}: ${first.status >= 500 ? 'a server error' : 'a refusal of the genuine result'} each time tells nothing of ${of}`,
    );
}

const askedEveryFails = new WeakSet<Ctx>();

/** A failed payment's result answered with a server error: when a genuine successful payment's result,
 *  sent the same way (`send`), gets one too, the check ends inconclusive: a server error for every
 *  result (the shop down, or failing before it reads the result) says nothing of failed payments. */
export async function unlessEveryResultFails(
  t: Ctx,
  failed: Landing,
  how: {
    send: (params: Record<string, string>, note: string) => Promise<Landing>;
    what: string;
    tag: string;
    see: string;
  },
): Promise<void> {
  // asked once a check: the first server error decides it for the check's other failed results
  if (failed.status < 500 || askedEveryFails.has(t)) return;
  askedEveryFails.add(t);
  const p = orders(t).take('payable', 'a successful payment (is every result answered with a server error?)');
  const paid = await how.send(signed(t, redirectFields(t, p, how.tag)), 'a genuine successful payment');
  if (paid.status >= 500)
    t.inconclusive(
      `a genuine ${how.what} for a failed payment was answered ${answered(failed)}, one for a successful payment ${answered(paid)}: a server error for every result tells nothing of failed payments (see ${how.see})`,
    );
}

/** The bank's server POST is taken (JY-MRD-08: any 2xx). */
export const ok = (status: number) => status >= 200 && status < 300;

export const accepted = (status: number) => status >= 200 && status < 400;
export const refused = (status: number) => status >= 400 && status < 500;

/** An answer of BACKREF: its status and, for a redirect, its Location. */
export interface Landing {
  status: number;
  headers?: Record<string, string>;
  text?: string;
  /** the redirect's parameters as sent (land): a page that echoes them differs for every request */
  sent?: Record<string, string>;
  /** the answer was an edge's error page with a 2xx, or a redirect to one, judged as the 5xx it states (fromShop) */
  edge?: string;
  /** an edge's refusal of the payer's redirect by its content (fromShop): what it is, for a reason */
  byContent?: string;
}
/** Where a redirect answer sends the payer: placeOf its Location's path, without the query (order
 *  ids, mpi_order, rrn and an order's UUID: `/orders/4911834/thanks` is the same place for every order). */
function goesTo(r: Landing): string | undefined {
  if (r.status < 300 || r.status >= 400) return undefined;
  const at = r.headers?.location;
  if (at === undefined) return undefined;
  return placeOf(URL.canParse(at, 'http://x') ? new URL(at, 'http://x').pathname : at);
}

/** A login page's path, as session-based shops (CMS customer areas) name it. */
const LOGIN = /(^|\/)(log-?in|sign-?in|sign_in|auth|authenticate|wp-login\.php|session\/new)(\.[a-z]+)?\/?$/i;

/** The answer sends the browser to a login page: the shop's session wall, not its own verdict. */
export function toLogin(r: Landing): boolean {
  const to = goesTo(r);
  return to !== undefined && LOGIN.test(to);
}

/** The payer's browser is turned away: HTTP 4xx, or (with a genuine redirect's answer to compare)
 *  a redirect to another place than the genuine one was sent, as a shop's failure page. */
export function turnedAway(r: Landing, genuine?: Landing): boolean {
  if (refused(r.status)) return true;
  const to = goesTo(r);
  const genuineTo = genuine && goesTo(genuine);
  return to !== undefined && genuineTo !== undefined && to !== genuineTo;
}

/** What the payer is shown after an answer: the page a redirect leads to (fetched as the browser
 *  would, same origin only) or the answer's own page, with its status, its text masked (see masked).
 *  `unseen`: why there is no page to compare (`page` undefined): the redirect leads to another origin,
 *  or to a login (the page is behind the shop's login wall, as BACKREF itself may be: JY-MRD-05);
 *  two landings on a login page are not one page of the shop's (a failed payment "shown as paid"). */
export interface Shown {
  status: number;
  page: string | undefined;
  unseen?: string;
  /** the page as it came, unmasked */
  text?: string;
}
export async function shown(t: Ctx, r: Landing, note: string): Promise<Shown> {
  // a 2xx "please wait" page moving the browser on by a meta refresh is followed as a Location is
  // (one with a 200 to the order's page left JY-MRD-01/03/06 inconclusive: "every result … the same page")
  const at = r.status >= 300 && r.status < 400 ? r.headers?.location : ok(r.status) ? refreshTo(r.text) : undefined;
  if (at === undefined) return { status: r.status, page: masked(r.text, r.sent), text: r.text };
  const base = new URL(t.subject.baseUrl);
  const url = URL.canParse(at, base.href) ? new URL(at, base) : undefined;
  if (!url || url.origin !== base.origin)
    return {
      status: r.status,
      page: undefined,
      unseen: `another origin (${url ? quote(url.origin, 120) : quote(at, 120)}), whose page paycert does not fetch`,
    };
  const p = await t.http.send({ url: url.toString(), statuses: 'any', note });
  if (wantsAuth(p) || toLogin(p))
    return {
      status: p.status,
      page: undefined,
      unseen: `${quote(url.pathname, 120)}, behind a login (${answered(p)}), whose page paycert does not see`,
    };
  return { status: p.status, page: masked(p.text, r.sent), text: p.text };
}

const seen = async (t: Ctx, r: Landing, note: string) => (await shown(t, r, note)).page;

/** Where a page sends the browser on by itself, a meta refresh of a few seconds at most
 *  (`<meta http-equiv="refresh" content="0;url=/shop/order?o=…">`), as the payer's browser follows it. */
export function refreshTo(html: string | undefined): string | undefined {
  for (const tag of html?.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?refresh\b/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const m = /^\s*([0-9.]+)\s*[;,]?\s*(?:url\s*=\s*)?(["']?)(.*?)\2\s*$/i.exec(
      content?.[1] ?? content?.[2] ?? content?.[3] ?? '',
    );
    if (m && m[3] && Number(m[1]) <= 5)
      return m[3].replace(/&(amp|quot|#39|#039|apos);/g, (_, e: string) => ({ amp: '&', quot: '"' })[e] ?? "'");
  }
  return undefined;
}

/** For a reason: a page moving the browser on by a script alone (location.replace, location.href = …),
 *  which paycert does not run (a meta refresh it follows). */
export function byScript(html: string | undefined): string {
  return html !== undefined &&
    refreshTo(html) === undefined &&
    /<script\b[^>]*>[^]*?\blocation(\.href)?\s*(=(?!=)|\.(replace|assign)\s*\()/i.test(html)
    ? ' (its page moves the browser on by a script alone, which paycert does not run: a meta refresh or a Location it follows)'
    : '';
}

/** A page or a Location as the shop's verdict, without what the request itself carried or what is made
 *  afresh for every request, every number as `#` (order ids, amounts). A page echoing the redirect's
 *  values (its sign, res_desc, the URL) differs for every request, and was read as a refusal of a forged
 *  one (JY-MRD-01 passed for a shop that verifies nothing); so did a status page carrying a CSRF token, a
 *  nonce or a session id (and a correct shop warned on JY-MRD-03 and -06). The values are removed, not
 *  marked: a declined result's page echoing its absent rrn ("RRN: .") was another page than the paid
 *  one's ("RRN: 7396…"), and a declined redirect shown the paid page passed JY-MRD-06. */
function masked(text: string | undefined, sent: Record<string, string> = {}): string | undefined {
  if (text === undefined) return undefined;
  // the tokens first: a sent value found inside one (a currency's 398 in a CSRF token's hex) cut it into
  // runs too short to be seen as a token, and a shop's two pages of one verdict differed
  text = withoutTokens(text);
  for (const [k, v] of Object.entries(sent))
    if (v.length >= 2)
      for (const form of [
        ...new Set(
          spellings(k, v)
            .flatMap(asShown)
            .flatMap((w) => [w, encodeURIComponent(w), encodeForm([['', w]]).slice(1), encodeBankForm({ w }).slice(2)]),
        ),
      ].sort((a, b) => b.length - a.length))
        text = text.split(form).join('');
  return text.replace(/[0-9]+([.,][0-9]+)?/g, '#');
}

/** The ways a page may show a value: as sent, its line breaks left out (as the sign leaves them out
 *  of res_desc), and each HTML-escaped (htmlspecialchars with and without quotes, `&#39;`, `&apos;`). */
function asShown(v: string): string[] {
  const forms = [v, v.replace(/[\r\n]/g, '')];
  if (!/[&<>"']/.test(v)) return forms;
  const esc = (w: string, q: string) =>
    w.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, q);
  return forms.flatMap((w) => [
    w,
    ...['&#039;', '&#39;', '&apos;', "'"].map((q) => esc(w, q)),
    esc(w, "'").replace(/&quot;/g, '"'),
  ]);
}

/** `v` as sent for `key`, and for the amount and the currency its other spellings (705, 705.00; KZT,
 *  398): a page showing the order's amount or currency as the shop writes it is one
 *  page whichever spelling a result carried (two pages compared mask both, JY-MRD-14 and -16). */
function spellings(key: string, v: string): string[] {
  const forms = [v];
  if (key === 'amount' && decimalValue(v) !== undefined) {
    const [whole, fraction = ''] = decimalValue(v)!.split('.');
    forms.push(`${whole}${fraction ? `.${fraction}` : ''}`, `${whole}.${fraction.padEnd(2, '0')}`);
    if (!fraction) forms.push(`${whole}.0`);
  } else if (key === 'currency') {
    const up = v.toUpperCase();
    forms.push(up, ...Object.entries(CURRENCY_NUMBER).flatMap(([l, n]) => (l === up ? [n] : n === v ? [l] : [])));
  }
  return forms;
}

/** The payer (or the bank) is told the same by `a` as by `b`: answers landing alike (landsAlike), the
 *  same Location and the same page once masked. What each was shown is given (`as`, `bs`: shown). */
export function toldAlike(a: Landing, as: Shown | undefined, b: Landing, bs: Shown | undefined): boolean {
  return (
    landsAlike(a, b) &&
    masked(a.headers?.location, a.sent) === masked(b.headers?.location, b.sent) &&
    as?.page === bs?.page
  );
}

/** Whether `r`, a 4xx for a genuine result, is the refusal a result whose sign does not verify gets:
 *  a forged one (a spare payable order's result of the same kind, `paid` or declined, sign `f…`) sent
 *  the same way is answered alike (status and masked text). Undefined: `r` is no 4xx, or no payable
 *  order is left to send one for. */
export async function refusedAsForged(
  t: Ctx,
  r: Landing,
  paid: boolean,
  send: (params: Record<string, string>, note: string) => Promise<Landing>,
): Promise<{ forged: Landing; alike: boolean } | undefined> {
  if (!refused(r.status)) return undefined;
  const f = orders(t).spare('payable');
  if (!f) return undefined;
  const fields = redirectFields(t, f, 'forged beside a refusal', paid);
  const forged = await send({ ...signed(t, fields), sign: 'f'.repeat(128) }, 'a forged result, sent alike');
  return { forged, alike: answeredAlike(r, forged) };
}

/** `a` and `b` are the same answer: the same status and Location, their own texts alike once masked. */
export function answeredAlike(a: Landing, b: Landing): boolean {
  const own = (x: Landing): Shown => ({ status: x.status, page: masked(x.text, x.sent) });
  return toldAlike(a, own(a), b, own(b));
}

/** ORDER is a digit string (seed 002 "ORDER Да N(6 - 10)"): 0004100 is an order, and the bank sends it
 *  so. A shop reading it as a number (4100) verifies the sign over another value or finds no order:
 *  a refusal for an order with leading zeros, beside an acceptance for one without, may be that. */
export const leadingZeros = (id: string): boolean => /^0[0-9]/.test(id);

/** Why a genuine result for `id` (answered `r`, and `plain` with res_desc "Approved") was refused,
 *  as a reason: when `id` has leading zeros and the same for a spare order without them is taken, the
 *  sign is not verified over ORDER as sent (a shop reading it as a number). */
export async function orderAsSent(
  t: Ctx,
  id: string,
  r: Landing,
  plain: Landing,
  how: {
    what: string;
    send: (params: Record<string, string>, note: string) => Promise<Landing>;
    takes: (r: Landing) => boolean | Promise<boolean>;
  },
): Promise<string> {
  const both = `a genuine ${how.what} for a payable order was answered ${answered(r)}, also with res_desc "Approved" (${answered(plain)}), both for ${id}`;
  const o = declared(t, id);
  // no leading zeros, and else as id's order where the declaration has one so
  const p = !leadingZeros(id)
    ? undefined
    : (spareWhere(t, (x) => !leadingZeros(x.orderId) && otherwiseDiffer(o, x) === '') ??
      spareWhere(t, (x) => !leadingZeros(x.orderId)));
  if (!p || leadingZeros(p.orderId)) return both;
  const other = await how.send(
    signed(t, redirectFields(t, p, 'order as sent')),
    `a genuine ${how.what} for ${p.orderId}, no leading zeros`,
  );
  if (!(await how.takes(other))) return `${both}; one for ${p.orderId} too (${answered(other)})`;
  if (how.what === 'redirect' || how.what === 'server POST') tookZeroFree(t, how.what, p);
  const also = otherwiseDiffer(o, p);
  if (also)
    return `${both}; one for ${p.orderId} was accepted (${answered(other)}): the two differ in ORDER (${id} has leading zeros, ${p.orderId} none) and in ${also}, and which of them the shop refuses is not told`;
  return `${both}; one for ${p.orderId} was accepted (${answered(other)}): ORDER is a digit string (seed 002 "ORDER Да N(6 - 10)") and ${id}, with its leading zeros, the order the bank sends: the sign is not verified over ORDER as sent (read as a number, ${id} is ${String(Number(id))}), or the order not found by it`;
}

/** A genuine result (`r`, for order `o`) the shop did not take (`takes`), where `o` has leading zeros:
 *  the same sent for a spare order without them (of the next few), taken, stands in for it, so that a
 *  check judges its own rules on an order the shop takes (probe 24: a shop refusing only ORDERs with
 *  leading zeros, JY-MRD-02/08's, left nine rules unjudged at a precondition). Else `o` and `r`.
 *  o's refusal beside that spare's, sent here and taken, fails the channel's rule (refusedForZeros): the
 *  evidence is the check's own, whatever ran before it (--check, --replay, --shard). Without a spare, the
 *  leading zeros are named in `zeros` only where one without them was taken earlier in this process
 *  (zerosHint: wording, never a verdict; probe 25: blamed where every genuine POST was refused, CSRF's
 *  403, whatever its ORDER). */
export async function zeroFreeInstead(
  t: Ctx,
  o: DeclaredOrder,
  r: Landing,
  how: {
    what: 'redirect' | 'server POST';
    send: (z: DeclaredOrder) => Promise<Landing>;
    takes: (r: Landing) => boolean;
    /** the suite's last check (post-forged): an order taken from the end starves no check after it */
    last?: boolean;
  },
): Promise<{ o: DeclaredOrder; r: Landing; zeros: string }> {
  if (how.takes(r)) tookZeroFree(t, how.what, o);
  if (how.takes(r) || !leadingZeros(o.orderId)) return { o, r, zeros: '' };
  // one otherwise alike o first (else which of the two the shop refuses is not told, refusedForZeros)
  const z =
    how.last || roomBeyondBlocks(t, (x) => !leadingZeros(x.orderId))
      ? (spareWhere(t, (x) => !leadingZeros(x.orderId) && otherwiseDiffer(o, x) === '', 3) ?? spareOfForm(t, false))
      : undefined;
  // no spare to send: nothing gathered in this check tells the leading zeros' doing; what other checks
  // of this run saw shapes the wording only, never a verdict (which checks ran before is no evidence)
  if (!z) {
    const hint = zerosHint(t, how.what, o.orderId);
    return {
      o,
      r,
      zeros:
        hint &&
        `${hint}, and no payable order beyond the checks' own was left to judge on one without them here (declare more)`,
    };
  }
  const rz = await how.send(z);
  if (!how.takes(rz))
    return { o, r, zeros: `; one for ${z.orderId}, without leading zeros, was answered ${answered(rz)} too` };
  tookZeroFree(t, how.what, z);
  refusedForZeros(t, how.what, o, r, z, answered(rz));
  t.note(
    `a genuine ${how.what} for ${o.orderId}, with leading zeros, was answered ${answered(r)}, one for ${z.orderId}, without, ${answered(rz)} (JY-MRD-02 and 08 judge ORDER as sent): judged on ${z.orderId} instead`,
  );
  return { o: z, r: rz, zeros: '' };
}

/** The rule a genuine result refused breaks, per channel. */
const RULE_OF = { redirect: 'JY-MRD-02', 'server POST': 'JY-MRD-08' } as const;

/** Per subject object and channel, an order without leading zeros whose genuine result, nothing sent for
 *  it before, the shop took. Shared only by the checks one process runs against one subject (never for
 *  embedded subjects, whose served() is a new object per check), so it depends on which checks ran
 *  before: a hint's wording (zerosHint) only, never a verdict's evidence (refusedForZeros takes none). */
const zeroFreeTaken = new WeakMap<object, Map<string, DeclaredOrder>>();

/** `o`'s genuine result, nothing sent for it before, was taken on `what`: kept when `o` has no leading zeros. */
export function tookZeroFree(t: Ctx, what: 'redirect' | 'server POST', o: DeclaredOrder): void {
  if (leadingZeros(o.orderId)) return;
  const seen = zeroFreeTaken.get(t.subject) ?? new Map<string, DeclaredOrder>();
  zeroFreeTaken.set(t.subject, seen);
  if (!seen.has(what)) seen.set(what, o);
}

/** The hint a reason about `id`'s refused genuine result on `what` gives: its leading zeros, only where
 *  one without them was taken in this run (else every result may be refused alike: CSRF, a method). */
export function zerosHint(t: Ctx, what: 'redirect' | 'server POST', id: string): string {
  const earlier = leadingZeros(id) ? zeroFreeTaken.get(t.subject)?.get(what) : undefined;
  return earlier
    ? `; ORDER ${id} has leading zeros, and a genuine ${what} for ${earlier.orderId}, without them, was taken in this run: a shop reading ORDER as a number refuses it (see ${RULE_OF[what]})`
    : '';
}

/** The bank's genuine result for `o` (with leading zeros, nothing sent for it before) refused (4xx) where
 *  one for `z`, without them, sent in the same check, was taken (`how`: its answer): the channel's rule
 *  (JY-MRD-02, -08) fails, on arrival in a check that judges it otherwise on other orders (probe 25:
 *  post-repeat's 0000000025 refused 400, post-genuine's orders without zeros, JY-MRD-08 passed). Where the
 *  two orders differ otherwise too (otherwiseDiffer), which of them the shop refuses is not told (as
 *  orderAsSent says): the rule is not judged on it, with the reason. */
function refusedForZeros(
  t: Ctx,
  what: 'redirect' | 'server POST',
  o: DeclaredOrder,
  r: Landing,
  z: DeclaredOrder,
  how: string,
): void {
  const rule = RULE_OF[what];
  if (!refused(r.status) || r.edge || !t.check.rules.includes(rule)) return;
  const both = `a genuine ${what} for ${o.orderId}, nothing sent for it before, was answered ${answered(r)}, one for ${z.orderId}, without leading zeros, taken (${how})`;
  const also = otherwiseDiffer(o, z);
  if (also) {
    const why = `${both}: the two differ in ORDER (${o.orderId} has leading zeros, ${z.orderId} none) and in ${also}, and which of them the shop refuses is not told`;
    // an arrival rule's cannotJudge alone leaves no result where nothing else arrived: noted too
    t.note(`${rule} not judged on it: ${why}`);
    return t.partNotJudged(rule, why);
  }
  t.expectOnArrival(
    rule,
    false,
    `${both}: ORDER is a digit string (seed 002 "ORDER Да N(6 - 10)") and ${o.orderId}, with its leading zeros, the order the bank sends, refused (ORDER read as a number, ${String(Number(o.orderId))}, say)`,
  );
}

/** Whether a payable order is left beyond every check's block (specs/jysan/merchant-orders.json): one
 *  taken from the end of the declaration to judge a check's rules on another order then starves no
 *  later check of its own (the README's 32 are the blocks' and two). */
export function roomBeyondBlocks(t: Ctx, fits: (o: DeclaredOrder) => boolean = () => true): boolean {
  const all = allocator(t);
  // one passed over before (spareWhere takes it first)
  if (all.returned(t.check.id).some(fits)) return true;
  const payable = all.mine('payable');
  const blocks = Object.values(all.budgets.payable ?? {}).reduce((a, b) => a + b, 0);
  const handed = new Set([...all.handed.values()].flat());
  // the orders past the blocks, taken from the end: one no check was handed is room (those before it
  // from the end are room too, and passed over on the way)
  return payable.slice(blocks).some((o) => !handed.has(o.orderId) && fits(o));
}

/** A spare payable order with (`zeros`) or without leading zeros, of the next few; undefined when none. */
export function spareOfForm(t: Ctx, zeros: boolean, tries = 3): DeclaredOrder | undefined {
  // none declared: no order is spent looking (the checks after need theirs)
  return spareWhere(t, (o) => leadingZeros(o.orderId) === zeros, tries);
}

/** When one of two orders has leading zeros and the other none, what a reason comparing their
 *  answers must say (JY-MRD-02 judges ORDER as sent); else ''. */
export function formsDiffer(a: string, b: string): string {
  if (leadingZeros(a) === leadingZeros(b)) return '';
  const [zeros, none] = leadingZeros(a) ? [a, b] : [b, a];
  return ` (ORDER ${zeros} has leading zeros, ${none} none: a shop reading ORDER as a number answers them otherwise, see JY-MRD-02)`;
}

/** A check blaming the answer `after` for order `o` on what it sent for o before (a forged result, a
 *  failed payment's), beside its control answered otherwise for order `p`: when one of o and p has
 *  leading zeros and the other none, a genuine result for a spare order of o's form (of the next few),
 *  with nothing sent for it before, tells whether o's answer is its form's (`alike`: that fresh answer
 *  is told as `after`). The reason not to blame, or undefined: blame (the forms do not differ, or the
 *  fresh one was answered otherwise). Was: 0004100's refusal after a failure blamed on the failure. */
export async function answeredAsFresh(
  t: Ctx,
  o: string,
  p: string,
  after: Landing,
  how: {
    what: string;
    send: (params: Record<string, string>, note: string) => Promise<Landing>;
    alike: (fresh: Landing, after: Landing) => Promise<boolean>;
  },
): Promise<string | undefined> {
  const differ = formsDiffer(o, p);
  if (!differ) return undefined;
  const z = spareOfForm(t, leadingZeros(o));
  if (!z) return `${differ}; no other payable order of ${o}'s form was left to tell`;
  const fresh = await how.send(
    signed(t, redirectFields(t, z, 'order form')),
    `a genuine ${how.what} for ${z.orderId}, of ${o}'s form, nothing sent for it before`,
  );
  if (!(await how.alike(fresh, after))) return undefined;
  return `${differ}; a genuine ${how.what} for ${z.orderId}, of the same form as ${o} and with nothing sent for it before, was answered alike (${answered(fresh)}): ${o}'s answer is its form's, not the doing of what came before`;
}

/** Redirect answers refusalJudge found refused by the page of the order itself (every result sent to
 *  one place, the order's status page, showing it otherwise than a paid order): the order is seen not
 *  taken as paid. */
const seenUnpaid = new WeakSet<Landing>();

/** What the merchant took as paid, per order (its paying mpi_order), where it says (paycert's reference,
 *  capability 'inspect'); undefined for a real shop. Taken before results that must leave orders unpaid. */
export async function paidOrders(t: Ctx): Promise<Map<string, string | undefined> | undefined> {
  if (!t.control || !t.subject.capabilities.includes('inspect')) return undefined;
  const all = await t.control.get<Array<{ orderId: string; paidBy?: string }>>('orders');
  return new Map(all.map((o) => [o.orderId, o.paidBy]));
}

/** `rules` say that the results refused for `orderId` (`what`) left it unpaid ("the order is not taken
 *  as paid", "changes nothing"). Seen where the merchant says what it took as paid (`before`:
 *  paidOrders before them) or where a redirect's refusal (`r`) was told by the order's own page
 *  (refusalJudge); not where one of them failed already. Elsewhere nothing BACKREF answers shows
 *  it: a shop marking an order paid before it verifies the result answers alike (its later genuine
 *  result taken as a repeat), and the rules are judged in part, as JY-MRD-11 is. */
export async function notTakenAsPaid(
  t: Ctx,
  rules: string[],
  before: Map<string, string | undefined> | undefined,
  orderId: string,
  what: string,
  r?: Landing,
  /** the rules an order left unpaid passes; the others it only fails when paid, their verdict the
   *  caller's, reached later (a pass here stood over a later cannotJudge: post-forged's JY-MRD-07 passed
   *  where its refusals were all the order's form's) */
  passes: readonly string[] = rules,
): Promise<void> {
  // one failed already (a forgery taken): what followed from it is not blamed again
  if (t.failures.some((f) => rules.includes(f.rule)) || (r && seenUnpaid.has(r))) return;
  const now = before && (await paidOrders(t));
  if (before && now) {
    const paid = now.get(orderId) !== before.get(orderId);
    for (const rule of rules)
      if (paid || passes.includes(rule))
        t.expect(rule, !paid, `${what} for ${orderId} were refused, but the merchant took ${orderId} as paid by them`);
    return;
  }
  for (const rule of rules)
    t.judgedInPart(
      rule,
      `${what} for ${orderId} were refused, but nothing BACKREF answered shows whether ${orderId} was taken as paid (no page of the order's state): a shop marking an order paid before it verifies the result answers alike`,
    );
}

/** Redirect answers refusalJudge found taken by the page of the order itself: every result sent to one
 *  place, the order's status page, which shows what it showed after a genuine paid result, where it
 *  shows another after a genuine declined one and for an order nothing was sent for. The answer
 *  depends on the order's state, and that state is paid (probe 26: a Rails shop's redirect of 700.01
 *  for a 700 order, its page "PAID", was taken for one "awaiting the bank" page for every result). */
const seenPaid = new WeakSet<Landing>();

/** Whether refusalJudge saw this answer's page show its order as paid (see seenPaid). */
export const shownAsPaid = (r: Landing): boolean => seenPaid.has(r);

/** Whether the status page of an order nothing was sent for (the genuine result's Location with its
 *  order's id changed for a payable order no check was handed) shows another page than `paidPage`: then that page
 *  is the paid order's, not one every order shows ("awaiting the bank's confirmation"). False where no
 *  such page is told (no other payable order, no order id in the Location, another origin). */
async function untouchedDiffers(t: Ctx, genuine: Landing, paidPage: string): Promise<boolean> {
  const at = genuine.status >= 300 && genuine.status < 400 ? genuine.headers?.location : undefined;
  const id = genuine.sent?.order;
  // not taken from the allocator (a spare taken here starved later checks), its page only fetched: the
  // last payable order of this process's share no check was handed so far (a check past its block is
  // handed the last declared first), so nothing was sent for it in this run
  const all = ordersOf(t.subject.declarationPath!, t.subject.orderShare);
  const handed = new Set([...all.handed.values()].flat());
  const z = all
    .mine('payable')
    .filter((x) => x.orderId !== id && !handed.has(x.orderId))
    .at(-1);
  if (at === undefined || !id || !z || !at.includes(id) || id === z.orderId) return false;
  const fresh = await shown(
    t,
    {
      ...genuine,
      headers: { ...genuine.headers, location: at.split(id).join(z.orderId) },
      // masked as the paid page was: without the values a result for it would carry
      sent: { order: z.orderId, ...(z.amount && { amount: z.amount }), currency: z.currency ?? 'KZT' },
    },
    `the status page of ${z.orderId}, nothing sent for it`,
  );
  return fresh.page !== undefined && ok(fresh.status) && fresh.page !== paidPage;
}

/** Whether a redirect answer is a refusal (see turnedAway). An answer at the very place a genuine paid
 *  result's goes tells nothing by itself; if a genuine declined result (for another payable order) goes
 *  elsewhere it is an acceptance, and for a shop that sends every result to one place (the order's
 *  status page) the page decides: a refused result must not show what a paid order's does. A string:
 *  the reason neither tells. */
export function refusalJudge(t: Ctx, genuine: Landing): (r: Landing) => Promise<boolean | string> {
  let onePlace: Promise<{ paidPage: string; same?: string; paidShown?: boolean } | string | undefined> | undefined;
  const declinedPlace = async () => {
    const d = orders(t).take('payable', 'a declined payment (does the shop send every result to one place?)');
    const declined = await land(t, signed(t, redirectFields(t, d, 'declined', false)), 'a genuine declined payment');
    if (!landsAlike(declined, genuine)) return undefined;
    const paid = await shown(t, genuine, 'the page after a genuine paid result');
    const every = `every result, paid or declined, is answered ${answered(genuine)}`;
    const stored = storedCopies(genuine, declined);
    // said as seen: a page on another origin or behind a login was not fetched, so none is "the same"
    if (paid.page === undefined)
      return `${every}${stored}, which leads to ${paid.unseen ?? `no page (HTTP ${paid.status})`}: where the payer lands does not tell a refusal`;
    const declinedPage = await seen(t, declined, 'the page after a genuine declined result');
    // a declined payment shown as a paid one (JY-MRD-06's) tells nothing of where a refusal lands, but a
    // page other than the paid one's is still no paid order's (an order's status page "awaiting payment")
    return {
      paidPage: paid.page,
      ...(paid.page !== declinedPage && (await untouchedDiffers(t, genuine, paid.page)) && { paidShown: true }),
      ...(paid.page === declinedPage && {
        // which of the two is wrong, if either, is not told: a shop acting on the server POST alone
        // shows every redirect one page (its order's status, "awaiting the bank")
        same: `${every} and leads to the same page${stored}${byScript(paid.text)}: where the payer lands does not tell a refusal (one page whatever the result: the redirect not acted on, JY-MRD-06 or JY-MRD-02)`,
      }),
    };
  };
  let genuinePage: Promise<string | undefined> | undefined;
  return async (r) => {
    if (turnedAway(r, genuine)) return true;
    // a redirect where a genuine result got a page in place leads elsewhere (the shop's failure page):
    // a refusal, unless it leads to the very page the genuine one showed
    if (goesTo(r) !== undefined && goesTo(genuine) === undefined && accepted(genuine.status) && !genuine.edge) {
      const at = await seen(t, r, 'the page the redirect leads to');
      return at === undefined || at !== (await (genuinePage ??= seen(t, genuine, 'the genuine result page')));
    }
    // a page in place where a genuine result is sent on (a forged one naming no order of the shop's
    // cannot be sent to its status page): judged as one place's page, below (probe 23: a 200 refusal
    // page was warned "answered HTTP 200" where every result goes to the order's status page)
    const inPlace = ok(r.status) && !r.edge && goesTo(r) === undefined && goesTo(genuine) !== undefined;
    // such a page telling an error in its heads (errorTold), not the page a genuine result leads to: a
    // refusal, whatever its status (probe 24: "Ошибка оплаты" with HTTP 200 in place, genuine results
    // sent 303 to the order's page, was warned "not refused"; nothing fixes the status the payer's
    // browser gets). Whether the order was taken as paid is notTakenAsPaid's
    if (inPlace && errorTold(r.text) !== undefined) {
      const paidPage = await (genuinePage ??= seen(t, genuine, 'the genuine result page'));
      if (masked(r.text, r.sent) !== paidPage) return true;
    }
    if (!inPlace && !landsAlike(r, genuine)) return false;
    const one = await (onePlace ??= declinedPlace());
    if (one === undefined || typeof one === 'string') return one ?? false;
    if ((await seen(t, r, 'the page after the result')) !== one.paidPage) {
      // the order's page showed it unpaid; a page in place shows no order's state (notTakenAsPaid asks)
      if (!inPlace) seenUnpaid.add(r);
      return true;
    }
    // the page a paid order's status shows, where a declined result's and an untouched order's show
    // another: the order taken as paid, whatever else the shop answers (probe 26)
    if (one.paidShown && !inPlace) seenPaid.add(r);
    return one.same ?? false;
  };
}

/** An answer with an Age header was not made by the shop for this request (RFC 9111 5.1: "the
 *  response was not generated or validated by the origin server for this request"): a cache in front
 *  of BACKREF answered from a stored copy, and the shop never saw the result. Said in a reason when
 *  every result gets the same page (a cache keyed by the path alone, the query ignored). */
function storedCopies(...rs: Landing[]): string {
  const ages = rs.map((r) => r.headers?.age).filter((a): a is string => a !== undefined);
  if (ages.length === 0) return '';
  return ` (${ages.length} of ${rs.length} answers are stored copies, Age: ${ages.join(', ')}: a cache in front of BACKREF answered for the shop, RFC 9111 5.1, as one keyed without the query does)`;
}

/** `HTTP 302 to /shop/fail` for a reason, and the key two answers are compared by (where the payer
 *  lands: the path, long numbers masked, as goesTo gives it), so never the whole Location. */
/** Two answers the payer's browser takes alike: redirects to one place (302, 303 or 307 alike: the
 *  browser follows each to the same page; a shop answering refusals 303 and results taken 302 to the
 *  order's status page failed JY-MRD-01 on the status code), else the same answer. */
export function landsAlike(a: Landing, b: Landing): boolean {
  const [x, y] = [goesTo(a), goesTo(b)];
  // an edge's refusal by content is one answer whatever its reason counts (calls that got through)
  const as = (r: Landing) => (r.byContent ? `HTTP ${r.status} refused by its content` : answered(r));
  return x !== undefined && y !== undefined && !a.edge && !b.edge ? x === y : as(a) === as(b);
}

export function answered(r: Landing): string {
  const to = goesTo(r);
  if (r.edge) return `HTTP ${r.status} (${r.edge})`;
  if (r.byContent) return `HTTP ${r.status} with ${r.byContent}`;
  return to === undefined
    ? `HTTP ${r.status}${csrfBeside(r, "the bank's POST carries") || notThisMethod(r)}`
    : `HTTP ${r.status} to ${quote(to, 200)}`;
}

/** For generated cases: a result with one signed field, or the sign, changed after signing is refused
 *  (4xx, or for the redirect a place other than `genuine`'s, see turnedAway) under `rule`; `deliver`
 *  sends it the way the bank does (the redirect, or the server POST). */
export async function tamperedAreRefused(
  t: Ctx,
  rule: string,
  what: string,
  purpose: string,
  deliver: (t: Ctx, params: Record<string, string>) => Promise<Landing>,
  /** true, false, or why it is undecided ('': judged by the caller) */
  isRefused: (r: Landing) => Promise<boolean | string> = async (r) => turnedAway(r),
  /** an order of the check's that its forgeries left payable (one order fewer): else one of its own */
  payable?: { orderId: string; amount?: string; currency?: string },
): Promise<void> {
  const target = payable ?? orders(t).spare('payable');
  // the rule was judged on the forgeries before: in part, not skipped
  if (!target)
    return t.judgedInPart(
      rule,
      `no payable order was left to send ${what} with a field changed after signing (give the declaration more)`,
    );
  let i = 0;
  await t.property(
    rule,
    fc.tuple(fc.constantFrom(...REDIRECT_SIGNED_FIELDS, 'sign'), fc.stringMatching(/^[0-9A-Za-z]{1,4}$/)),
    async ([k, junk]) => {
      const q = signed(t, redirectFields(t, target, `${purpose}-${i++}`));
      const r = await deliver(t, { ...q, [k]: `${q[k]}${junk}` });
      const refusal = await isRefused(r);
      // undecidable (see refusalJudge): the forged result before was decided, so this case is noted;
      // '' a refusal the caller judges later (post-forged, beside the order's genuine POST)
      if (typeof refusal === 'string') return void (refusal && t.note(`${what} with ${k} changed: ${refusal}`));
      t.expect(
        rule,
        refusal,
        `${what} with ${k} changed after signing was answered ${answered(r)}${noRefusal(r, what.includes('POST') ? 'post' : 'redirect')}`,
      );
    },
  );
}

/** JY-MRD-19: a genuine failed payment's result for `o`, which the genuine successful result `paid`
 *  (sent on `channel`, first answered `first`, its page `firstShown` for the redirect) paid, as a late
 *  or replayed result of an earlier failed attempt arrives, leaves the order paid. Judged by the order's
 *  state where the merchant shows it (paidOrders); else by the payer's pages: the declined redirect's
 *  page the paid order's passes where an unpaid order's failed result is answered otherwise (the page
 *  shows the order's state: one page for every result shows none), the paid redirect reloaded after it now landing as the declined one
 *  fails (the order's page shows it turned back), and anything else is inconclusive (the pages show the
 *  result, not the order: probe 25, a shop turning the paid order back "passed, partly" where nothing
 *  showed its state; a rule about the order's state is not passed where no answer shows it). */
export async function declinedLeavesPaid(
  t: Ctx,
  o: DeclaredOrder,
  paid: Record<string, string>,
  channel: 'redirect' | 'server POST',
  first: Landing,
  firstShown?: Shown,
): Promise<void> {
  const RULE = 'JY-MRD-19';
  const taken = channel === 'redirect' ? accepted(first.status) && !first.edge : ok(first.status);
  let before = taken ? await paidOrders(t) : undefined;
  // a shop the redirect alone does not pay (variant redirect-awaits-post): the bank's server POST of
  // the same payment does, as it follows every redirect
  if (channel === 'redirect' && before && before.get(o.orderId) === undefined) {
    await post(
      t,
      paid,
      `the bank's server POST of the successful payment for ${o.orderId} (its redirect paid nothing)`,
    );
    before = await paidOrders(t);
  }
  if (!taken || (before && before.get(o.orderId) === undefined))
    return t.cannotJudge(
      RULE,
      `the genuine successful ${channel} for ${o.orderId} was answered ${answered(first)}${taken ? `, and the merchant did not take ${o.orderId} as paid` : ''}: no paid order to send a failed payment's result for`,
    );
  const q = signed(t, redirectFields(t, o, `declined after paid (${channel})`, false));
  const what = `a genuine ${channel} of a failed payment for ${o.orderId} (res_code ${q.res_code}, "${q.res_desc}"), paid by then (a late or replayed result of an earlier failed attempt)`;
  const landed = async (params: Record<string, string>, note: string) => {
    const r = await land(t, params, note, true);
    return { r, shown: await shown(t, r, 'the page after it') };
  };
  // the paid order's page, as its redirect shows it: the POST's answer shows none
  const p =
    channel === 'redirect'
      ? { r: first, shown: firstShown! }
      : !before && redirectsHere(t)
        ? await landed(paid, "the payer's redirect of the successful payment")
        : undefined;
  const sent = channel === 'redirect' ? await land(t, q, what, true) : await post(t, q, what);
  if (before) {
    const now = await paidOrders(t);
    return void t.expect(
      RULE,
      now?.get(o.orderId) !== undefined,
      `${what} was answered ${answered(sent)}, and the merchant took ${o.orderId} as unpaid after it: a paid order turned back by a failed attempt's result`,
    );
  }
  if (!p)
    return t.cannotJudge(
      RULE,
      `whether ${o.orderId}, paid by then, stays paid after a late failed result is not shown: BACKREF ${t.subject.baseUrl} has no redirect=true, so no page of the order is seen${STATE_SHOWN}. ${what} was answered ${answered(sent)}`,
    );
  if (p.shown.page === undefined || !accepted(p.r.status))
    return t.cannotJudge(
      RULE,
      `the paid order's redirect for ${o.orderId} leads to ${p.shown.unseen ?? answered(p.r)}: no page of the order shows whether a failed payment's result after it left it paid${STATE_SHOWN}`,
    );
  const d = channel === 'redirect' ? { r: sent, shown: await shown(t, sent, 'the page after it') } : undefined;
  const dd = d ?? (await landed(q, "then the payer's redirect of the same failed payment"));
  // the failed result shows the paid order's page: the order is seen paid still, where the page shows
  // the order's state at all: the same failed result for an unpaid order (a spare of o's form, nothing
  // sent for it before) answered otherwise. A shop answering every result with one page showed nothing
  if (toldAlike(dd.r, dd.shown, p.r, p.shown)) {
    // another order's same failed result, the merchant's unknown one (no declared order spent: reload and
    // post-repeat have one each, specs/jysan/merchant-orders.json), answered otherwise: the page is the
    // order's, not one for every result (probe 25's shop answering every result alike passed)
    const id = orders(t).unknown('declined-unknown');
    const u = await landed(
      signed(t, redirectFields(t, { ...o, orderId: id }, `declined, another order (${channel})`, false)),
      `the payer's redirect of the same failed payment for ${id}, an order the merchant does not have`,
    );
    if (toldAlike(u.r, u.shown, p.r, p.shown))
      return t.cannotJudge(
        RULE,
        `whether ${o.orderId}, paid by then, stays paid after a late failed result is not shown: one page for every result shows no order's state${STATE_SHOWN}. ${what} was answered ${answered(dd.r)}, as the paid order's redirect (${answered(p.r)}), and so was the same failed result for ${id}, an order the merchant does not have (${answered(u.r)})`,
      );
    return t.pass(RULE);
  }
  // the page the paid redirect leads to now shows the failed result's page, no longer its own
  const turnedBack = (now: Shown) => now.page !== undefined && now.page === dd.shown.page && now.page !== p.shown.page;
  // the paid redirect sent on (the order's status page), the failed one shown otherwise: that page
  // fetched again, nothing sent, tells whether it shows the order's state (now as the failed result's)
  // or the result (the paid one's still). Before the reload below, which a shop whose last result wins
  // pays again (probe 23: passed in part, "the pages show the result"). Wherever the failed one was
  // sent (probe 24: /orders/<id>/failure beside /orders/<id>/success, both rendered from the order's
  // state, passed in part)
  if (goesTo(p.r) !== undefined) {
    const now = await shown(t, p.r, "the paid order's page again, after the failed result (nothing sent)");
    if (turnedBack(now))
      return void t.expect(
        RULE,
        false,
        `${what} was answered ${answered(dd.r)}, the paid one ${answered(p.r)}; the paid one's page there, fetched again with nothing sent, now shows what the failed result's does, no longer what it showed after the payment: the order's page shows ${o.orderId} turned back from paid`,
      );
  }
  const again = await landed(paid, "the successful payment's redirect again (a reload), after the failed one");
  const reloadTurned = landsAlike(again.r, p.r) && turnedBack(again.shown);
  if (
    reloadTurned ||
    (toldAlike(again.r, again.shown, dd.r, dd.shown) && !toldAlike(again.r, again.shown, p.r, p.shown))
  )
    return void t.expect(
      RULE,
      false,
      `${what} was answered ${answered(dd.r)}; the successful payment's redirect, reloaded after it, was answered as that one (${answered(again.r)}), no longer as at first (${answered(p.r)}): the order's page shows ${o.orderId} turned back from paid`,
    );
  t.cannotJudge(
    RULE,
    // what would judge it first: a long `what` pushed it past the certificate's 400 characters (probe 26)
    `whether ${o.orderId}, paid by then, stays paid after a late failed result is not shown: the pages show the result, not the order's state${STATE_SHOWN}. ${channel === 'redirect' ? what : `${what}, then its redirect,`} was answered ${answered(dd.r)} with another page than the paid order's redirect (${answered(p.r)}), and that one reloaded shows its first page`,
  );
}

/** What would let JY-MRD-19 be judged against a shop whose answers show no order's state (the
 *  declaration names no order-status URL: specs/_meta/declaration.schema.json). */
const STATE_SHOWN =
  " (judged where BACKREF sends each result on to the order's status page, a page showing the order as it is now)";
