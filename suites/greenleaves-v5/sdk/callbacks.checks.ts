import { randomUUID } from 'node:crypto';
import type { SdkSession } from '../../../src/harness/sdk.ts';
import {
  answerDuplicates,
  g2gHeader,
  parseAnswer,
  signCallback,
  signDetached,
  signDetachedRaw,
  undecided,
  type CallbackKind,
} from '../../../src/protocols/greenleaves-v5/index.ts';
import { describeDuplicates } from '../../../src/protocols/common/json-names.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { decodeProtectedHeader, type HmacAlg } from '../../../src/protocols/greenleaves-v5/jws.ts';
import { describeAnswer, sdkChecks, signatureInAnswer } from '../../sdk-support.ts';
import { caseChanged, nearEndChanged, phpJson, type Json } from '../merchant/support.ts';
import type { Ctx } from '../support.ts';
import { quote } from '../../../src/harness/clip.ts';

// The suite plays the v5 gateway calling the merchant's check_url / result_url through the SDK's
// callback handler (adapter op callback.handle); the callback model is INFERRED (V5-CB-02).
const base = { profile: 'greenleaves-v5', subject: 'sdk', area: 'sdk' } as const;

/** The merchant's URLs: distinct paths, so a signature for one is not one for the other. */
const URLS: Record<CallbackKind, string> = {
  check: 'https://shop.example.kz/pay/v5/check',
  result: 'https://shop.example.kz/pay/v5/result',
};

type Signing =
  | 'genuine'
  | 'none'
  | 'empty-signature'
  | 'near-end-changed'
  | 'case-swapped'
  | 'one-short'
  | 'half'
  | 'few'
  | 'attached'
  | 'other-key'
  | 'other-auth-id'
  | 'create-uri'
  | 'other-callback-uri'
  | 'alg-none'
  | 'alg-none-with-mac'
  | 'alg-hs512-with-mac'
  | 'alg-hs512-signed'
  | 'alg-hs256-lowercase';

/** A callback body; the description has "/" and Cyrillic, which PHP's json_encode escapes. */
function callbackBody(kind: CallbackKind): Json {
  const order = { order_id: `SDK-${randomUUID().slice(0, 8)}`, amount: 500, currency: 'KZT' };
  const description = 'Оплата заказа 1/2';
  if (kind === 'check') return { ...order, description };
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    ...order,
    status: 'cleared',
    description,
    auto_clearing: true,
    cleared_amount: 500,
    refunded_amount: 0,
    masked_pan: '440044******4440',
    created_at: now,
    updated_at: now,
  };
}

/** A header with these fields, MACed with the merchant's key (HS256 unless `mac` says otherwise)
 *  whatever alg it names. */
function macWithHeader(t: Ctx, body: Buffer, url: string, alg: string, mac: HmacAlg = 'HS256'): string {
  const h = JSON.stringify({
    uri: new URL(url).pathname,
    auth_id: t.credentials.authId,
    method: 'POST',
    params: '',
    alg,
  });
  return signDetachedRaw(h, body, t.credentials.secretKey, mac);
}

async function signature(t: Ctx, s: Signing, body: Buffer, url: string): Promise<string | undefined> {
  const { authId, secretKey } = t.credentials;
  const genuine = () => signCallback(body, url, authId, secretKey);
  switch (s) {
    case 'genuine':
      return genuine();
    case 'none':
      return undefined;
    case 'empty-signature':
      return (await genuine()).replace(/\.\.[^.]*$/, '..');
    case 'near-end-changed':
      return nearEndChanged(await genuine());
    case 'case-swapped':
      return caseChanged(await genuine());
    // the signature part cut short: a verifier comparing over the length given (strncmp(expected, given,
    // strlen(given))) takes any prefix of the right one. Half and a few characters are cut at a multiple of
    // 4, so they also decode to whole bytes (a prefix of the MAC's) for one comparing decoded bytes so
    case 'one-short':
      return cutSignature(await genuine(), (n) => n - 1);
    case 'half':
      return cutSignature(await genuine(), (n) => (n >> 3) << 2);
    case 'few':
      return cutSignature(await genuine(), () => 4);
    case 'attached': // the genuine token with the signed body as its payload (RFC 7515 compact, not detached)
      return (await genuine()).replace('..', `.${body.toString('base64url')}.`);
    case 'other-key':
      return signCallback(body, url, authId, `${secretKey}-not`);
    case 'other-auth-id':
      return signCallback(body, url, `${authId}9`, secretKey);
    case 'create-uri':
      return signDetached(body, g2gHeader('/v5/g2g/create', authId), secretKey);
    case 'other-callback-uri':
      return signCallback(body, url === URLS.check ? URLS.result : URLS.check, authId, secretKey);
    case 'alg-none': // an unsecured JWS (RFC 7515 §A.5): alg "none", empty signature
      return macWithHeader(t, body, url, 'none').replace(/\.\.[^.]*$/, '..');
    case 'alg-none-with-mac':
      return macWithHeader(t, body, url, 'none');
    case 'alg-hs512-with-mac':
      return macWithHeader(t, body, url, 'HS512');
    case 'alg-hs512-signed': // what a verifier that lets the header choose its algorithm takes
      return macWithHeader(t, body, url, 'HS512', 'HS512');
    case 'alg-hs256-lowercase': // alg values are case-sensitive (RFC 7515 §4.1.1): "hs256" is no HS256
      return macWithHeader(t, body, url, 'hs256');
  }
}

/** The token with its signature part cut to `keep(length)` characters. */
function cutSignature(token: string, keep: (n: number) => number): string {
  const at = token.lastIndexOf('.') + 1;
  return token.slice(0, at + keep(token.length - at));
}

interface Handled {
  /** answered HTTP 200 with a JSON body whose status is ok */
  ok: boolean;
  /** where the answer carries the signature the body received should have had (V5-SDK-23) */
  signatureShown?: string;
  /** the adapter's `accepted`: handed to the application as genuine; undefined when it does not report
   *  it (optional, specs/greenleaves-v5/sdk.json): the call is then judged on its answer alone */
  accepted: boolean | undefined;
  raw: string;
}

/** Taken as genuine by what the handler showed: its answer, or its report of handing the call over. */
const taken = (h: Handled): boolean => h.ok || h.accepted === true;

/** Hand a call to the SDK's handler: the body's bytes as `spelling` writes them, signed as `signing`
 *  says; `tamper` changes the body after signing. */
async function handle(
  t: Ctx,
  sdk: SdkSession,
  kind: CallbackKind,
  o: { signing?: Signing; spelling?: 'compact' | 'php'; tamper?: (b: Json) => Json; note: string },
): Promise<Handled> {
  const url = URLS[kind];
  const body = callbackBody(kind);
  const signed = Buffer.from(o.spelling === 'php' ? phpJson(body) : JSON.stringify(body), 'utf8');
  const sig = await signature(t, o.signing ?? 'genuine', signed, url);
  const sent = o.tamper ? JSON.stringify(o.tamper(body)) : signed.toString('utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-request-id': randomUUID(),
    ...(sig !== undefined && { 'x-jws-signature': sig }),
  };
  const a = await sdk.call(
    'callback.handle',
    { kind, request: { method: 'POST', url, headers, body: sent } },
    { note: o.note },
  );
  const signatureShown = signatureInAnswer(a, await shouldHave(t, Buffer.from(sent, 'utf8'), url, sig));
  if (!a.ok) return { ok: false, accepted: false, raw: describeAnswer(a), signatureShown };
  const out = a.output as { status?: unknown; body?: unknown; accepted?: unknown };
  const text = typeof out.body === 'string' ? out.body : '';
  const answer = out.status === 200 ? parseAnswer(text) : undefined;
  // a status written twice with different values: whether it is ok is the reading parser's choice
  const open = out.status === 200 ? undecided(answerDuplicates(text)) : [];
  if (open.length > 0)
    throw new Inconclusive(
      `${o.note} was answered ${quote(text, 160)}, naming ${describeDuplicates(open)}: whether it is ok depends on which copy a gateway's parser keeps, so it is not judged`,
    );
  const accepted = typeof out.accepted === 'boolean' ? out.accepted : undefined;
  const handed = accepted === undefined ? '' : `, ${accepted ? '' : 'not '}handed to the application`;
  return {
    ok: answer?.status === 'ok',
    accepted,
    raw: `HTTP ${String(out.status)} ${quote(text, 200)}${handed}`,
    signatureShown,
  };
}

/** The signatures (V5-SDK-23) the body a call carried should have had: the HS256 MAC with the merchant's
 *  key under the header the called URL asks for, and under the header the call's token named; never the
 *  one the call carried (a refusal may quote what it was sent: one made with the key for another auth_id or
 *  uri, say). */
async function shouldHave(t: Ctx, body: Buffer, url: string, token: string | undefined) {
  const { authId, secretKey } = t.credentials;
  const tokens = [await signCallback(body, url, authId, secretKey)];
  const d = token === undefined ? undefined : decodeProtectedHeader(token);
  if (d?.ok) tokens.push(signDetachedRaw(d.headerText, body, secretKey));
  const sent = token?.slice(token.lastIndexOf('.') + 1);
  return tokens
    .map((k) => k.slice(k.lastIndexOf('.') + 1))
    .filter((text) => text !== sent)
    .map((text) => ({ text, bytes: Buffer.from(text, 'base64url') }));
}

/** V5-SDK-23 on the answer to a forged call, whatever it decides (a valid signature in it signs for the sender
 *  all the same; GL-SDK-28 is read so too). */
function expectNoSignatureShown(t: Ctx, call: string, a: Handled): void {
  t.expect(
    'V5-SDK-23',
    a.signatureShown === undefined,
    `${call} was ${taken(a) ? 'taken' : 'refused'} with an answer carrying the signature it should have had (${a.signatureShown}): anyone gets a valid signature for a body of their choosing`,
  );
}

const KINDS: CallbackKind[] = ['check', 'result'];

export const checks = sdkChecks(base, [
  {
    id: 'v5.sdk.callback-genuine',
    title: "the SDK's handler accepts a genuine check_url or result_url call, whatever the JSON spelling of its bytes",
    rules: ['V5-SDK-07'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      for (const kind of KINDS)
        for (const spelling of ['compact', 'php'] as const) {
          const what = `a genuine ${kind}_url call${spelling === 'php' ? " spelled as PHP's json_encode (\\/, \\u escapes)" : ''}`;
          const a = await handle(t, sdk, kind, { spelling, note: what });
          // an adapter that does not report `accepted` is judged on its answer
          t.expect(
            'V5-SDK-07',
            a.ok && a.accepted !== false,
            `${what} was answered ${a.raw}${spelling === 'php' ? ': is the signature verified over a re-serialised body instead of the bytes received?' : ''}`,
          );
        }
    },
  },
  {
    id: 'v5.sdk.callback-forged',
    title: "the SDK's handler never accepts a call whose X-JWS-Signature does not verify, nor one naming another alg",
    rules: ['V5-SDK-08', 'V5-SDK-09', 'V5-SDK-23'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      // a kind whose genuine call is refused too cannot show a refusal (V5-SDK-07 judges that): a genuine
      // call is taken when answered ok or reported handed to the application (HTTP 500 with accepted
      // true: the forgeries' accepted false tells them apart); an unreported accepted is no refusal
      const kinds: CallbackKind[] = [];
      const refused: string[] = [];
      for (const kind of KINDS) {
        const g = await handle(t, sdk, kind, { note: `a genuine ${kind}_url call` });
        if (taken(g)) kinds.push(kind);
        else refused.push(`${kind}_url: ${g.raw}`);
      }
      // V5-SDK-08/09 need a genuine call taken, to tell a refusal apart; V5-SDK-23 is judged on every forged
      // call's answer (to both URLs when neither genuine call was taken)
      const control = kinds.includes('result');
      if (!control)
        for (const rule of ['V5-SDK-08', 'V5-SDK-09'])
          t.cannotJudge(
            rule,
            `a genuine call was neither answered HTTP 200 with status ok nor handed to the application, so refusals cannot be told apart: ${refused.join('; ')}`,
          );
      const sendTo = control ? kinds : KINDS;
      const forgeries: Array<[string, Signing, ((b: Json) => Json)?]> = [
        ['without X-JWS-Signature', 'none'],
        ['with an empty signature part', 'empty-signature'],
        ["whose signature's last full character was changed", 'near-end-changed'],
        ["whose signature had one letter's case changed", 'case-swapped'],
        ['whose signature was cut short by its last character', 'one-short'],
        ['whose signature was cut to its first half', 'half'],
        ['whose signature was cut to its first 4 characters', 'few'],
        ['signed with another key', 'other-key'],
        ["signed for another merchant's auth_id (with this merchant's key)", 'other-auth-id'],
        ['signed for /v5/g2g/create (a request signature)', 'create-uri'],
        ["signed for the merchant's other callback URL", 'other-callback-uri'],
        ['unsigned with alg "none"', 'alg-none'],
        ['with amount changed after signing', 'genuine', (b) => ({ ...b, amount: (b.amount as number) + 1 })],
        [
          'with amount changed after signing, its token carrying the signed body as payload (header.payload.signature)',
          'attached',
          (b) => ({ ...b, amount: (b.amount as number) + 1 }),
        ],
      ];
      for (const kind of sendTo)
        for (const [what, signing, tamper] of forgeries) {
          const call = `a ${kind}_url call ${what}`;
          const a = await handle(t, sdk, kind, { signing, ...(tamper && { tamper }), note: call });
          if (control) t.expect('V5-SDK-08', !taken(a), `${call} was answered ${a.raw}`);
          expectNoSignatureShown(t, call, a);
        }
      const algs: Array<[string, Signing]> = [
        ['alg "none"', 'alg-none-with-mac'],
        ['alg HS512', 'alg-hs512-with-mac'],
        ['alg HS512', 'alg-hs512-signed'],
        // a verifier comparing alg ignoring case takes it (the gateway refuses it: V5-JWS-14)
        ['alg "hs256" (lowercase)', 'alg-hs256-lowercase'],
      ];
      // both URLs, as the forgeries above: a handler that verifies only result_url calls takes any alg on check_url
      for (const kind of sendTo)
        for (const [alg, signing] of algs) {
          const mac = signing === 'alg-hs512-signed' ? 'HS512' : 'HS256';
          const call = `a ${kind}_url call whose header names ${alg}, its signature the ${mac} MAC with the merchant's key,`;
          const a = await handle(t, sdk, kind, { signing, note: call });
          if (control) t.expect('V5-SDK-09', !taken(a), `${call} was answered ${a.raw}`);
          expectNoSignatureShown(t, call, a);
        }
    },
  },
]);
