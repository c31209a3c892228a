// Host-to-host 3-D Secure (digest §A5 [P] mock, the rest [I]): a payment with crd_* for an enrolled
// test card gets a JSON challenge ("cardauth2") when it carries MERCH_3D_TERM_URL; the merchant posts
// creq to postUrl (the test issuer's ACS, played here), the ACS posts cres and threeDSSessionData to
// MERCH_3D_TERM_URL, and the merchant posts them to termUrl: the second step, which completes the
// authorisation. Without MERCH_3D_TERM_URL (the browser flow) the bank's page sends the payer to the
// ACS itself and the ACS returns to termUrl directly.
import { randomBytes, randomUUID } from 'node:crypto';
import { html, json, type Outgoing } from '../../reference/server.ts';
import type { JysanCard } from '../../spec/jysan-cards.ts';
import { lang, message, type Form, type Jy } from './context.ts';
import { errorPage, esc } from './pages.ts';
import type { Order } from './store.ts';
import type { Card } from './payment.ts';

interface Pending {
  o: Order;
  card: Card;
  tc: JysanCard;
  md: string;
  creq: string;
  serverTransId: string;
  acsTransId: string;
  /** where the ACS posts cres: MERCH_3D_TERM_URL, or termUrl in the browser flow */
  notify: string;
  /** set once the payer answered the challenge */
  cres?: string;
  passed?: boolean;
  done?: boolean;
}

const PENDING = new WeakMap<Jy, Map<string, Pending>>();
const MAX_PENDING = 1000;
const pendingOf = (jy: Jy): Map<string, Pending> => {
  let m = PENDING.get(jy);
  if (!m) PENDING.set(jy, (m = new Map()));
  return m;
};

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
function unb64url(s: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const termUrlOf = (jy: Jy): string => `${jy.base()}/ecom/3ds/term`;
const acsUrlOf = (jy: Jy): string => `${jy.base()}/ecom/acs`;

/** The first step's answer for an enrolled card: the challenge (JY-3DS-01). The order stays N. */
export function startChallenge(jy: Jy, o: Order, card: Card, tc: JysanCard, merchTermUrl?: string): Outgoing {
  const md = randomBytes(16).toString('hex');
  const serverTransId = randomUUID();
  const acsTransId = randomUUID();
  const creq = b64url({
    threeDSServerTransID: serverTransId,
    acsTransID: acsTransId,
    messageType: 'CReq',
    messageVersion: '2.2.0',
    challengeWindowSize: '05',
  });
  const p: Pending = { o, card, tc, md, creq, serverTransId, acsTransId, notify: merchTermUrl ?? termUrlOf(jy) };
  const pending = pendingOf(jy);
  pending.set(md, p);
  // bounded like the sandbox's other state: the oldest authentications are forgotten first
  for (const k of pending.keys()) {
    if (pending.size <= MAX_PENDING) break;
    pending.delete(k);
  }
  if (merchTermUrl === undefined) return autoPost(acsUrlOf(jy), { creq, threeDSSessionData: md });
  const challenge: Record<string, string> = {
    type: 'cardauth2',
    '3DSMethodURL': `${jy.base()}/ecom/acs/method`,
    threeDSMethodData: b64url({ threeDSServerTransID: serverTransId, threeDSMethodNotificationURL: merchTermUrl }),
    postUrl: acsUrlOf(jy),
    request: creq,
    md,
    termUrl: termUrlOf(jy),
  };
  if (!jy.policy.threeDs.challengeMd) delete challenge.md; // JY-3DS-01
  return json(challenge);
}

/** A self-submitting form (the browser hop). */
function autoPost(action: string, fields: Record<string, string>): Outgoing {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return html(`<!doctype html>
<html><head><meta charset="utf-8"><title>3-D Secure</title></head>
<body>
<form id="threeds" method="post" action="${esc(action)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('threeds').submit();</script>
</body></html>
`);
}

/** The test issuer's ACS: creq → the password form; the password → cres and threeDSSessionData
 *  posted to MERCH_3D_TERM_URL (JY-3DS-02). */
export function acs(jy: Jy, form: Map<string, string>, confirm: boolean): Outgoing {
  const md = form.get('threeDSSessionData') ?? '';
  const p = pendingOf(jy).get(md);
  if (!p || p.done || form.get('creq') !== p.creq)
    return html('<p id="acs-error">unknown or finished authentication</p>', 400);
  if (!confirm)
    return html(`<!doctype html>
<html><head><meta charset="utf-8"><title>3-D Secure</title></head>
<body>
<form id="challenge" method="post" action="${esc(acsUrlOf(jy))}/confirm">
<input type="hidden" name="creq" value="${esc(p.creq)}">
<input type="hidden" name="threeDSSessionData" value="${esc(md)}">
<label>Password <input type="password" name="password" value=""></label>
<button type="submit">Confirm</button>
</form>
</body></html>
`);
  p.passed = form.get('password') === p.tc.otp;
  p.cres = b64url({
    threeDSServerTransID: p.serverTransId,
    acsTransID: p.acsTransId,
    messageType: 'CRes',
    messageVersion: '2.2.0',
    transStatus: p.passed ? 'Y' : 'N',
  });
  const to = jy.policy.threeDs.returnsToTermUrl ? p.notify : termUrlOf(jy); // JY-3DS-02
  return autoPost(to, { cres: p.cres, threeDSSessionData: md });
}

/** The second step: cres and threeDSSessionData posted to termUrl complete the authorisation with
 *  the outcome the ACS recorded (JY-3DS-03, JY-3DS-04), once (JY-3DS-05). */
export function term(
  jy: Jy,
  form: Map<string, string>,
  settle: (o: Order, card: Card, passed: boolean) => Outgoing,
): Outgoing {
  const md = form.get('threeDSSessionData') ?? form.get('md') ?? '';
  const cres = form.get('cres') ?? '';
  const p = pendingOf(jy).get(md);
  const t = jy.policy.threeDs;
  const f: Form = p?.o.language ? { LANGUAGE: p.o.language } : {};
  const refuse = (code: number, why: string): Outgoing => {
    const r = { code, args: [why] };
    return errorPage(lang(jy, f), code, message(jy, f, r));
  };
  if (!p) return refuse(99, 'unknown threeDSSessionData');
  if (p.done && t.completesOnce) return refuse(99, `ORDER=${p.o.order}: the authentication is finished`); // JY-3DS-05
  let passed: boolean;
  if (t.trustsCres) {
    // JY-3DS-04 forbids it: the outcome read from what the merchant posted
    const c = unb64url(cres);
    if (!c) return refuse(28, 'cres is not a challenge response');
    passed = c.transStatus === 'Y';
  } else {
    if (p.cres === undefined || cres !== p.cres) return refuse(28, 'cres does not belong to this authentication');
    passed = p.passed === true;
  }
  if (!t.checksOutcome) passed = true; // JY-3DS-03 forbids it
  p.done = true;
  return settle(p.o, p.card, passed);
}
