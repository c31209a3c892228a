import { shown } from '../../src/protocols/jysan/xml.ts';
import { defineChecks } from '../../src/harness/check.ts';
import { firstForm } from '../../src/harness/forms.ts';
import { describeErrors, schemaId, validate } from '../../src/spec/ajv.ts';
import { readPage, type PageReply } from '../../src/sdk/jysan.ts';
import {
  accepted,
  answered,
  card,
  cardData,
  client,
  describe,
  judgeRefusal,
  notPaid,
  order,
  payDirect,
  payOnPage,
  stateOf,
  type Ctx,
  PAN_RULE,
  judgedSend,
} from './support.ts';

/** What the merchant's MERCH_3D_TERM_URL and BACKREF are in these checks: the checks play the
 *  merchant, so nothing needs to listen there (the ACS's form and the redirect are read, not followed). */
const TERM_URL = 'https://merchant.example/3ds/return';
const BACKREF = 'https://merchant.example/result?redirect=true';
const ENROLLED = 'visa-3ds-challenge';

interface Challenge {
  type: string;
  postUrl: string;
  request: string;
  md: string;
  termUrl: string;
  [k: string]: unknown;
}

const decode = (s: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** The first step for the enrolled test card: the JSON challenge (JY-3DS-01), its order not paid yet. */
async function challenge(t: Ctx): Promise<{ order: string; ch: Challenge }> {
  const { fields, reply } = await payDirect(t, cardData(card(ENROLLED)), {
    MERCH_3D_TERM_URL: TERM_URL,
    BACKREF,
  });
  let body: unknown;
  try {
    body = JSON.parse(reply.http.text);
  } catch {
    body = undefined;
  }
  const v = validate(schemaId('jysan', 'threeds-challenge'), body ?? null);
  t.require(
    'JY-3DS-01',
    body !== undefined && v.ok,
    `an enrolled card with MERCH_3D_TERM_URL did not get the JSON challenge: ${body === undefined ? describe(reply) : describeErrors(v.errors)}`,
  );
  const ch = body as Challenge;
  const creq = decode(ch.request);
  t.expect('JY-3DS-01', creq?.messageType === 'CReq', `request is not a base64url CReq: ${JSON.stringify(creq)}`);
  const s = await stateOf(t, fields.ORDER!);
  const st = shown(s.operation?.status ?? '');
  t.expect('JY-3DS-01', st !== 'S' && st !== 'A', `before the second step the order is ${describe(s)}`);
  return { order: fields.ORDER!, ch };
}

/** The payer at the ACS: creq to postUrl, the password; returns the form the ACS posts back. */
async function answer(t: Ctx, ch: Challenge, password: string): Promise<{ cres: string; session: string }> {
  const page = await judgedSend(t)({
    url: ch.postUrl,
    method: 'POST',
    form: [
      ['creq', ch.request],
      ['threeDSSessionData', ch.md],
    ],
    note: 'the merchant posts creq to postUrl (the ACS)',
    statuses: 'any',
  });
  const form = firstForm(page.text, ch.postUrl);
  t.require('JY-3DS-02', page.status === 200 && !!form, `the ACS showed no challenge form: HTTP ${page.status}`);
  const back = await judgedSend(t)({
    url: form!.action,
    method: 'POST',
    form: [...form!.fields].map(([k, v]): [string, string] => [k, k === 'password' ? password : v]),
    note: 'the payer answers the challenge',
    statuses: 'any',
  });
  const ret = firstForm(back.text, form!.action);
  const cres = ret?.fields.get('cres') ?? '';
  const session = ret?.fields.get('threeDSSessionData') ?? '';
  t.require(
    'JY-3DS-02',
    !!ret && ret.action === TERM_URL && cres !== '' && session === ch.md,
    `the ACS did not post cres and threeDSSessionData (the md) to MERCH_3D_TERM_URL: action ${ret?.action}, threeDSSessionData ${session === ch.md ? 'the md' : JSON.stringify(session)}`,
  );
  return { cres, session };
}

/** The merchant's second step: cres and threeDSSessionData to termUrl. */
async function secondStep(t: Ctx, ch: Challenge, cres: string, note: string): Promise<PageReply> {
  // a reply with nothing in it is no refusal and no payment (answered)
  const r = readPage(
    await judgedSend(t)({
      url: ch.termUrl,
      method: 'POST',
      form: [
        ['cres', cres],
        ['threeDSSessionData', ch.md],
      ],
      note,
      statuses: 'any',
    }),
  );
  return answered(r, true);
}

const resCode = (r: PageReply): string | undefined =>
  r.kind === 'redirect' || r.kind === 'result' ? r.resCode : r.kind === 'error' ? String(r.code) : undefined;

const RULES = ['JY-ENC-02', 'JY-SIG-11', PAN_RULE];

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'threeds' }, [
  {
    id: 'jy.3ds.challenge',
    title: 'host-to-host 3-D Secure: the JSON challenge, the ACS back to MERCH_3D_TERM_URL, the second step pays once',
    rules: ['JY-3DS-01', 'JY-3DS-02', 'JY-3DS-03', 'JY-3DS-05', ...RULES],
    needs: ['acs'],
    plans: ['smoke', 'full'],
    async run(t) {
      const { order, ch } = await challenge(t);
      const { cres } = await answer(t, ch, card(ENROLLED).otp!);
      const done = await secondStep(t, ch, cres, 'the merchant posts cres to termUrl (the second step)');
      t.expect('JY-3DS-03', resCode(done) === '0', `after a passed challenge: ${describe(done)}, want res_code 0`);
      const s = await stateOf(t, order);
      t.expect('JY-3DS-03', s.operation?.status === 'S', `after a passed challenge the order is ${describe(s)}`);
      const again = await secondStep(t, ch, cres, 'the same cres posted again');
      t.expect('JY-3DS-05', again.kind === 'error', `the same cres posted again: ${describe(again)}, want it refused`);
      const s2 = await stateOf(t, order);
      t.expect(
        'JY-3DS-05',
        s2.operation?.status === s.operation?.status && s2.operation?.rrn === s.operation?.rrn,
        `after the repeated second step the order changed: ${describe(s)} rrn ${shown(s.operation?.rrn)} → ${describe(s2)} rrn ${shown(s2.operation?.rrn)}`,
      );
    },
  },
  {
    id: 'jy.3ds.failed-challenge',
    title: 'a failed challenge is not paid (code 28), and a cres altered to claim success does not pay either',
    rules: ['JY-3DS-01', 'JY-3DS-02', 'JY-3DS-03', 'JY-3DS-04', ...RULES],
    needs: ['acs'],
    async run(t) {
      const wrong = `${card(ENROLLED).otp!}9`;
      // one order: the genuine cres of a failed challenge
      const a = await challenge(t);
      const { cres } = await answer(t, a.ch, wrong);
      const r = await secondStep(t, a.ch, cres, 'the cres of a failed challenge to termUrl');
      t.expect(
        'JY-3DS-03',
        notPaid(r) && resCode(r) === '28',
        `after a failed challenge: ${describe(r)}, want code 28`,
      );
      const s = await stateOf(t, a.order);
      t.expect(
        'JY-3DS-03',
        s.operation?.status === 'E',
        `after a failed challenge the order is ${describe(s)}, want E`,
      );
      // another: the failed challenge's cres rewritten to transStatus Y
      const b = await challenge(t);
      const genuine = decode((await answer(t, b.ch, wrong)).cres) ?? {};
      const forged = Buffer.from(JSON.stringify({ ...genuine, transStatus: 'Y' }), 'utf8').toString('base64url');
      const f = await secondStep(t, b.ch, forged, 'a cres altered to claim a passed challenge');
      t.expect('JY-3DS-04', notPaid(f), `a forged cres (transStatus Y) was taken: ${describe(f)}`);
      const sb = await stateOf(t, b.order);
      const st = shown(sb.operation?.status ?? '');
      t.expect('JY-3DS-04', st !== 'S' && st !== 'A', `after a forged cres the order is ${describe(sb)}`);
    },
  },
  {
    id: 'jy.3ds.browser',
    title: 'browser flow: an enrolled card entered on the card page goes through the ACS before it is paid',
    rules: ['JY-3DS-07', PAN_RULE],
    needs: ['acs', 'payer'],
    async run(t) {
      const c = card(ENROLLED);
      const f = order({ BACKREF });
      const opened = await client(t).payment(f, 'an order with its card page open');
      if (!accepted(opened)) return t.inconclusive(`no card page to enter the card on: ${describe(opened)}`);
      const entered = await payOnPage(t, opened, cardData(c));
      const toAcs = firstForm(entered.http.text, t.subject.baseUrl);
      const creq = toAcs?.fields.get('creq');
      t.require(
        'JY-3DS-07',
        !!toAcs && !!creq && !!toAcs.fields.get('threeDSSessionData'),
        `the enrolled card was not sent to the ACS (no form with creq and threeDSSessionData): ${describe(entered)}`,
      );
      const page = await judgedSend(t)({
        url: toAcs!.action,
        method: 'POST',
        form: [...toAcs!.fields],
        note: "the payer's browser posts creq to the ACS",
        statuses: 'any',
      });
      const challengeForm = firstForm(page.text, toAcs!.action);
      t.require('JY-3DS-07', !!challengeForm, `the ACS showed no challenge: HTTP ${page.status}`);
      const back = await judgedSend(t)({
        url: challengeForm!.action,
        method: 'POST',
        form: [...challengeForm!.fields].map(([k, v]): [string, string] => [k, k === 'password' ? c.otp! : v]),
        note: 'the payer answers the challenge',
        statuses: 'any',
      });
      const ret = firstForm(back.text, challengeForm!.action);
      t.require('JY-3DS-07', !!ret, `the ACS did not return the payer to the bank: HTTP ${back.status}`);
      const done = answered(
        readPage(
          await judgedSend(t)({
            url: ret!.action,
            method: 'POST',
            form: [...ret!.fields],
            note: "the payer's browser returns from the ACS to the bank",
            statuses: 'any',
          }),
        ),
        true,
      );
      t.expect('JY-3DS-07', resCode(done) === '0', `after a passed challenge: ${describe(done)}, want res_code 0`);
    },
  },
  {
    id: 'jy.3ds.term-url-field',
    title: 'a MERCH_3D_TERM_URL that is not an http(s) URL is refused, naming the field, with code 27',
    rules: ['JY-3DS-06', 'JY-ERR-14', 'JY-ERR-01', 'JY-ENC-02', PAN_RULE],
    async run(t) {
      for (const bad of ['not a url', 'ftp://merchant.example/3ds']) {
        const { reply } = await payDirect(t, cardData(card('visa-approve')), { MERCH_3D_TERM_URL: bad });
        const what = `MERCH_3D_TERM_URL "${bad}"`;
        if (
          !t.expect(
            'JY-3DS-06',
            reply.kind === 'error' && /MERCH_3D_TERM_URL/.test(reply.message ?? ''),
            `${what}: ${describe(reply)}, want it refused naming the field`,
          )
        )
          continue;
        // which code an invalid value gets is JY-ERR-14's (errors.json violations: 27); the code and its
        // message as a pair JY-ERR-01's
        t.expect('JY-ERR-14', reply.code === 27, `${what}: ${describe(reply)}, want code 27`);
        judgeRefusal(t, reply.code, reply.message, what);
      }
    },
  },
]);
