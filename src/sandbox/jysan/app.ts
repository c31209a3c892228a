import { createPrivateKey } from 'node:crypto';
import { decodeForm, generateCardKeyPair, SANDBOX_KEY_BITS } from '../../protocols/jysan/index.ts';
import { credentials, sdkCredentials } from '../../spec/credentials.ts';
import { Clock, Scheduler } from '../../reference/clock.ts';
import { control } from '../../reference/control.ts';
import { handleFrom, type SandboxHandle } from '../../reference/handle.ts';
import { formFields, html, serve, text, type Incoming, type Outgoing } from '../../reference/server.ts';
import { sandboxConfig } from './config.ts';
import type { Form, Jy } from './context.ts';
import { JYSAN_DEFECTS, JYSAN_VARIANTS } from './defects.ts';
import { policyFor } from '../../reference/policy.ts';
import { DEFAULT_JYSAN_POLICY } from './policy.ts';
import { cancel, confirm, list, status, xmlOperation } from './ops.ts';
import { cardPage, payment, threeDsPage } from './payment.ts';
import { Store } from './store.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const JYSAN_CAPABILITIES: readonly string[] = ['clock', 'payer', 'acs', 'callbacks'];

export interface JysanSandboxOptions {
  port?: number;
  /** the meta-tests' trace: told the path of every policy knob the reference reads (policy.ts `traced`) */
  policyReads?: (path: string) => void;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  clock?: Clock;
  /** per-payment limit above which code 23 is given (default: fixtures/jysan/sandbox.json, 1 000 000) */
  amountLimit?: string;
  /** pre-authorisations are confirmed automatically after this many hours (default 72) */
  preauthPeriodHours?: number;
  /** RSA key size for crd_*: 1024 (default, 172 Base64 characters, inside C(250)) or 2048 (344, the
   *  bank's public test key size: crd_* up to 344 characters are then let through, against JY-ENC-04) */
  keyBits?: 1024 | 2048;
  /** the gateway of an SDK run: it takes the credentials the SDK is configured with (sdkCredentials) */
  sdk?: boolean;
}

/** Which operation a request is, from the fields present (JY-PAY-17). One URL, no action field:
 *  GETSTATUS → status; REV_AMOUNT or REV_DESC → cancel; DATE_FROM or DATE_TO → period list;
 *  none of the payment's own required fields TERMINAL, CURRENCY, DESC → confirm (ORDER, MERCHANT,
 *  [AMOUNT], P_SIGN); otherwise a payment. */
export function route(f: Form): 'status' | 'cancel' | 'list' | 'confirm' | 'payment' {
  if (f.GETSTATUS !== undefined) return 'status';
  if (f.REV_AMOUNT !== undefined || f.REV_DESC !== undefined) return 'cancel';
  if (f.DATE_FROM !== undefined || f.DATE_TO !== undefined) return 'list';
  if (f.TERMINAL === undefined && f.CURRENCY === undefined && f.DESC === undefined) return 'confirm';
  return 'payment';
}

function api(jy: Jy, req: Incoming): Outgoing {
  const f: Form = decodeForm(formFields(req));
  switch (route(f)) {
    case 'status':
      return xmlOperation(jy, 'status', f, status);
    case 'cancel':
      return xmlOperation(jy, 'cancel', f, cancel);
    case 'list':
      return xmlOperation(jy, 'list', f, list);
    case 'confirm':
      return xmlOperation(jy, 'confirm', f, confirm);
    default:
      return payment(jy, f);
  }
}

/** Variants that change only the wire form of a reply: its HTTP status, elements of its own. */
function wire(jy: Jy, out: Outgoing): Outgoing {
  const body = typeof out.body === 'string' ? out.body : '';
  const isXml = /xml/.test(out.headers?.['content-type'] ?? '');
  const w = jy.policy.wire;
  if (
    w.errorHttpStatus !== 200 &&
    out.status === 200 &&
    (isXml ? !/<code>0<\/code>/.test(body) : /id="error"/.test(body))
  )
    out = { ...out, status: w.errorHttpStatus };
  // the answer's own condition first: a knob is read only where it can change the answer (the
  // meta-tests rerun against a defect only the checks that read a knob it patches, tracePolicy)
  if (!isXml && /id="error"/.test(body) && w.errorPageAsText)
    out = { ...out, headers: { ...out.headers, 'content-type': 'text/plain; charset=utf-8' } }; // JY-PAY-19
  if (!isXml && /name="card_pan"/.test(body) && w.cardPageAsText)
    out = { ...out, headers: { ...out.headers, 'content-type': 'text/plain; charset=utf-8' } }; // JY-PAY-17, JY-PAY-18
  // JY-STA-02, JY-LST-02: a defect writes the values' &, < and > as they are (no XML any more)
  if (isXml && /&(amp|lt|gt);/.test(body) && w.xmlUnescaped)
    out = {
      ...out,
      body: body.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>')),
    };
  if (w.extraReplyElements && isXml) {
    out = {
      ...out,
      body: body
        .replace('<result>', '<result><session>s-1</session><fee>0</fee>')
        .replace(/<operation>/g, '<operation><fee>0</fee><merch_rn_id>M1</merch_rn_id>'),
    };
  }
  return out;
}

/** One card key pair per process and size: a 1024-bit pair is ~10 CPU-ms, and the meta-tests start a
 *  sandbox per defect. Each sandbox still serves its pair at /ecom/public-key.pem and decrypts with it;
 *  nothing a client sees tells two sandboxes of one process apart by their keys, nor needs to. */
const keyPairs = new Map<number, ReturnType<typeof generateCardKeyPair>>();
function cardKeys(bits: number): ReturnType<typeof generateCardKeyPair> {
  let k = keyPairs.get(bits);
  if (!k) keyPairs.set(bits, (k = generateCardKeyPair(bits)));
  return k;
}

/** The jysan reference gateway: POST /ecom/api (payment, status, cancel, list, confirm), the card
 *  page of the browser flow, and the crd_* public key at GET /ecom/public-key.pem. */
export async function startJysanSandbox(opts: JysanSandboxOptions = {}): Promise<SandboxHandle> {
  const creds = (opts.sdk ? sdkCredentials : credentials)('jysan');
  const config = sandboxConfig();
  const keyBits = opts.keyBits ?? (config.keyBits === 2048 ? 2048 : SANDBOX_KEY_BITS);
  const keys = cardKeys(keyBits);
  const clock = opts.clock ?? new Clock();
  const scheduler = new Scheduler(clock);
  const { policy, defects, variants } = policyFor(
    DEFAULT_JYSAN_POLICY,
    JYSAN_DEFECTS,
    opts.defects,
    JYSAN_VARIANTS,
    opts.variants,
    opts.policyReads,
  );
  let base = '';
  const jy: Jy = {
    merchant: creds.merchant,
    terminal: creds.terminal,
    secret: creds.sharedSecret,
    publicKey: keys.publicKey,
    privateKey: createPrivateKey(keys.privateKey),
    keyBits,
    amountLimit: opts.amountLimit ?? config.amountLimit,
    preauthPeriodMs: (opts.preauthPeriodHours ?? config.preauthPeriodHours) * 3_600_000,
    config,
    store: new Store(() => clock.now()),
    clock,
    scheduler,
    policy,
    base: () => base,
  };
  const capabilities = [...JYSAN_CAPABILITIES];
  const views = { 'public-key': () => ({ pem: keys.publicKey, bits: keyBits, url: `${base}/ecom/public-key.pem` }) };
  const ctl = control({ profile: 'jysan', role: 'gateway', capabilities, defects, variants, scheduler, views });
  const handler = async (req: Incoming): Promise<Outgoing> => {
    const c = await ctl(req);
    if (c) return c;
    if (req.path === '/ecom/api' && (req.method === 'POST' || req.method === 'GET')) return wire(jy, api(jy, req));
    if (req.path === '/ecom/public-key.pem')
      return { status: 200, headers: { 'content-type': 'application/x-pem-file' }, body: keys.publicKey };
    if (/^\/ecom\/(acs|acs\/confirm|3ds\/term)$/.test(req.path) && req.method === 'POST')
      return wire(jy, threeDsPage(jy, req.path, new Map(formFields(req))));
    if (req.path === '/ecom/acs/method') return html('<!doctype html><title>3DS method</title>'); // 3DSMethodURL
    const page = /^\/ecom\/pay\/([0-9a-f]+)$/.exec(req.path);
    if (page) return wire(jy, cardPage(jy, page[1]!, req.method === 'POST' ? new Map(formFields(req)) : undefined));
    if (req.path === '/')
      return html(
        '<!doctype html><title>paycert</title><p>paycert reference sandbox: Jysan Bank eCom (POST /ecom/api)</p>',
      );
    return text('not found', 404);
  };
  const running = await serve(handler, { port: opts.port, host: opts.host });
  base = running.url;
  return handleFrom(running, { profile: 'jysan', role: 'gateway', capabilities, defects, variants, scheduler });
}
