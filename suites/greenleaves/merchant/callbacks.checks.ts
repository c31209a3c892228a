import fc from 'fast-check';
import { FORGER_ACCEPT, shopChecks } from '../../shop-answers.ts';
import { otherSpellingWithin } from '../../../src/protocols/common/decimal.ts';
import type { DeclaredOrder } from '../../../src/harness/declaration.ts';
import { scriptName, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { advance } from '../support.ts';
import {
  answeredInTime,
  answerSignatureFault,
  beside,
  refusedPayable,
  callForm,
  checkCall,
  checkDeadlineMs,
  declaration,
  declaredForm,
  cutShort,
  describeAnswer,
  describeForm,
  FORMS,
  genuine,
  gist,
  optionalCallFields,
  orders,
  answerScriptGuess,
  checkScriptGuesses,
  verifiedScriptName,
  verifiesWith,
  payment,
  read,
  rejected,
  resultCall,
  resultUrl,
  send,
  signCall,
  spacesAsPlus,
  stamp,
  takesPayments,
  paymentTaken,
  plainValues,
  wantsAuth,
  type Ctx,
  type Form,
} from './support.ts';
import { Barrier } from '../../../src/harness/barrier.ts';
import { citingOnArrival } from '../../../src/harness/check.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { resendUnanswered } from '../../../src/harness/http.ts';
import { undecodable } from '../../../src/protocols/common/charset.ts';
import { phpNoticeIn } from '../../../src/harness/diagnostics.ts';
import { quote } from '../../../src/harness/clip.ts';

const STATUSES = ['ok', 'rejected', 'error'];
type Reply = Awaited<ReturnType<typeof send>>;

/** `amount` plus `cents` tiyn (minus, when negative), with two decimals. */
const plusCents = (amount: string, cents: number) => ((Math.round(Number(amount) * 100) + cents) / 100).toFixed(2);

/** A signature changed in its last hex digit, to another digit (never its other letter case). */
const changedLastDigit = (sig: string) => `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;

/** A signed call whose pg_sig is changed in its last digit. */
const misSigned = (m: PgMessage): PgMessage => ({ ...m, pg_sig: changedLastDigit(m.pg_sig as string) });

/** GL-MCB-01 (the documented answer) and GL-MCB-02 (its signature): an answer without pg_sig is
 *  not signed with the script name, so GL-MCB-02 fails on it rather than passing unjudged. */
function wellFormed(t: Ctx, a: Reply, url: string, what: string): void {
  t.expect('GL-MCB-01', a.http.status === 200, `${what}: HTTP ${a.http.status}${beside(a.http)}, want 200`);
  const isResponse = !!a.message && a.root === 'response';
  // the reason is built only for an answer that is none (the notice is looked for in a body that did not parse)
  t.expect(
    'GL-MCB-01',
    isResponse,
    isResponse
      ? ''
      : `${what}: the answer is not an XML <response>${(!a.message && phpNoticeIn(a.http.text)) || `: ${cutShort(a) ?? a.parseError ?? quote(a.http.text, 100)}`}`,
  );
  t.expect(
    'GL-MCB-01',
    STATUSES.includes(a.field('pg_status') ?? ''),
    `${what}: pg_status "${a.field('pg_status')}" is not ok, rejected or error`,
  );
  t.expect('GL-MCB-01', !!a.field('pg_salt') && !!a.field('pg_sig'), `${what}: pg_salt or pg_sig missing`);
  // bytes not valid in the charset the answer declares are a fatal error of XML (XML 1.0 4.3.3), as on
  // the gateway's side (GL-TX-02): a body re-encoded on its way parses here only leniently
  const garbled = a.message && a.http.text.includes('\uFFFD') ? undecodable(a.http) : undefined;
  t.expect('GL-MCB-01', !garbled, `${what}: the answer is not well-formed XML: ${garbled}`);
  // GL-MCB-02 is about the signature of an answer in the documented XML: a page that happens to be
  // well-formed XML (an edge's or WAF's HTML error page) is no answer to judge it on (GL-MCB-01 fails)
  if (a.message && a.root !== 'response') {
    t.cannotJudge(
      'GL-MCB-02',
      `${what}: HTTP ${a.http.status} ${a.http.headers['content-type'] ?? ''}, <${a.root}> not an XML <response>: no answer whose signature could be judged (GL-MCB-01)`,
    );
  } else if (a.message) signedWithScriptName(t, a, url, what);
}

/** An answer a diagnosis may rest on (GL-MCB-01's): HTTP 200, the XML <response> in the charset it
 *  declares, with a documented pg_status, pg_salt and pg_sig. */
function proper(a: Reply): boolean {
  return (
    a.http.status === 200 &&
    a.root === 'response' &&
    STATUSES.includes(a.field('pg_status') ?? '') &&
    !undecodable(a.http) &&
    !!a.field('pg_salt') &&
    !!a.field('pg_sig')
  );
}

/** GL-MCB-02 on an answer in XML: its pg_sig verifies with the script name of `url`. One that does not
 *  is said why (answerSignatureFault: the mistake it verifies with, the other URL's script name among
 *  them). */
function signedWithScriptName(t: Ctx, a: Reply, url: string, what: string): void {
  const signed = a.signedAs(scriptName(url));
  if (signed) return t.pass('GL-MCB-02');
  const other = [resultUrl(t), t.subject.checkUrl ?? declaration(t).checkUrl].filter((u) => u && u !== url);
  t.expect(
    'GL-MCB-02',
    false,
    `${what}: ${answerSignatureFault(
      a,
      url,
      t.credentials.secretKey,
      other.map((u) => scriptName(u!)),
    )}`,
  );
}

/** An answer in the documented form (HTTP 200 with a pg_status): what a merchant decided. An error
 *  page, an HTTP 500 or a body without pg_status is GL-MCB-01's, and shows no decision to judge. */
function decided(a: Reply): boolean {
  return a.http.status === 200 && a.field('pg_status') !== undefined;
}

/** GL-MCB-05 on the answer to a call with pg_can_reject=0: never "rejected". Judged on a decided answer
 *  only: one the merchant never gave (HTTP 500, an error page) is not a pass of the rule. */
function notRejected(t: Ctx, a: Reply, what: string): void {
  if (!decided(a))
    return t.cannotJudge('GL-MCB-05', `${what} was answered ${describeAnswer(a)}: no pg_status to judge (GL-MCB-01)`);
  t.expect('GL-MCB-05', a.field('pg_status') !== 'rejected', `${what} was answered ${describeAnswer(a)}`);
}

/** GL-MCB-06: a repeat gets the first answer. Judged only when the first was a decided answer: a
 *  merchant answering every call with HTTP 500 repeats nothing the rule asks it to keep. */
function sameAsFirst(t: Ctx, first: Reply, again: Reply, what: string): void {
  if (!decided(first))
    return t.cannotJudge(
      'GL-MCB-06',
      `${what}: the first call was answered ${describeAnswer(first)}, no answer for a repeat to match (GL-MCB-01)`,
    );
  t.expect(
    'GL-MCB-06',
    gist(again) === gist(first),
    `${what}: ${describeAnswer(again)}, the first was ${describeAnswer(first)}`,
  );
}

/** GL-MCB-16: the reason of a refusal is shown to the payer (seed), so a rejected answer carries one. */
function reasonGiven(t: Ctx, a: Reply, what: string): void {
  const d = a.field('pg_description');
  if (a.field('pg_status') === 'rejected')
    t.expect(
      'GL-MCB-16',
      !!d?.trim(),
      `${what}: rejected ${d ? `with a blank pg_description ${JSON.stringify(d)}` : 'without a pg_description'} to show the payer`,
    );
}

/** Seed 001: the gateway calls again a result_url answered "не со статусом 200", and then the shop may no
 *  longer refuse. So a refusal counts only answered HTTP 200: said after an answer that is not one. */
const NOT_200_REFUSAL =
  'a refusal not answered HTTP 200 does not reach the gateway, which calls again (seed 001: "ответ от сервера был не со статусом 200, Greenleavespay будет предпринимать повторные попытки"), and then the shop may not refuse ("в последующих вызовах Result URL не позволяет магазину отказаться от платежа"): the payment is not revoked';

/** A call with pg_can_reject=1 whose payment must be refused (GL-MCB-13, GL-MCB-18, GL-MCB-19): `holds`
 *  is the rule's own test of the answer; any answer in another HTTP status than 200 (a refusal in XML, or
 *  a bare error page) fails it too, for the gateway calls again and the shop may no longer refuse: it
 *  refuses nothing. A decision's form is GL-MCB-01's as well (decisionIn200). */
function refused(t: Ctx, rule: string, a: Reply, holds: boolean, what: string): void {
  const lost = a.http.status !== 200;
  t.expect(rule, holds && !lost, `${what} was answered ${describeAnswer(a)}${lost ? `: ${NOT_200_REFUSAL}` : ''}`);
}

/** GL-MCB-01 on an answer with a decision (its XML with a pg_status): in HTTP 200, which alone the gateway takes. */
function decisionIn200(t: Ctx, a: Reply, what: string): void {
  if (a.field('pg_status') !== undefined)
    t.expect(
      'GL-MCB-01',
      a.http.status === 200,
      `${what} was answered ${describeAnswer(a)}, want HTTP 200: the gateway calls a result_url answered "не со статусом 200" again (seed 001)`,
    );
}

/** The awkward values of result-ok's genuine call, one kind each, in a call otherwise of plain ASCII values. */
const AWKWARD: ReadonlyArray<readonly [string, Record<string, string>]> = [
  ['Cyrillic letters (pg_description "Оплата")', { pg_description: 'Оплата' }],
  ['a space and ":" (pg_payment_date "2024-01-02 03:04:05")', { pg_payment_date: '2024-01-02 03:04:05' }],
  ['blanks at either end (pg_card_owner " IVAN PETROV ")', { pg_card_owner: ' IVAN PETROV ' }],
  ['"&" (pg_description "tea&coffee")', { pg_description: 'tea&coffee' }],
  [
    `quotes and a backslash (pg_description ${JSON.stringify(`D'Artagnan"12\\34"`)})`,
    { pg_description: `D'Artagnan"12\\34"` },
  ],
  ['a "+" (pg_user_contact_email "obrien+shop@mail.kz")', { pg_user_contact_email: 'obrien+shop@mail.kz' }],
  ['"%2B" (pg_description "SALE%2B10")', { pg_description: 'SALE%2B10' }],
];

/** Which kinds of awkward values (AWKWARD) a merchant does not verify as received, each sent alone in a
 *  failed payment (pg_result=0: acknowledged, it pays nothing) of `order` beside the same call with plain
 *  values: undefined when that control is not acknowledged (ok or rejected) or no kind alone is refused. */
async function unverifiedKinds(
  t: Ctx,
  url: string,
  order: DeclaredOrder,
  plain: PgMessage,
): Promise<string[] | undefined> {
  const acknowledged = (r: Reply) => r.http.status === 200 && ['ok', 'rejected'].includes(r.field('pg_status') ?? '');
  const call = (purpose: string, values: Record<string, string>, note: string) =>
    send(
      t,
      url,
      signCall(t, url, { ...plain, ...values, pg_payment_id: payment(t, order, purpose), pg_result: '0' }),
      note,
    );
  const control = await call('kinds-control', {}, 'a failed payment with plain values: the control of the next');
  if (!acknowledged(control)) return undefined;
  const refused: string[] = [];
  for (const [i, [kind, values]] of AWKWARD.entries())
    if (!acknowledged(await call(`kinds-${i}`, values, `a failed payment with plain values but ${kind}`)))
      refused.push(kind);
  return refused.length ? refused : undefined;
}

const shopCallbackChecks = shopChecks({ profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks' }, [
  {
    id: 'gl.merchant.result-ok',
    title: 'a genuine call for a payable order is answered 200 with the signed XML, status ok, without authentication',
    rules: ['GL-MCB-01', 'GL-MCB-02', 'GL-MCB-11', 'GL-MCB-14', 'GL-MCB-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      const o = orders(t).take('payable', 'a genuine call');
      // a plus-addressed payer e-mail, as payers have: '+' must be read as '+', not as an encoded space; a
      // description with "&" (the SecureBox charset is advice, seed 001: "рекомендуется"), which an answer
      // echoing it must escape, and "%2B" (read as "+" by a handler that percent-decodes the values
      // again); a cardholder name as the payer typed it, blanks at both ends (its pattern allows them),
      // which a handler trimming the values it reads (Laravel's TrimStrings) does not verify as received;
      // "'", '"' and "\\" in the description (its pattern is ours) and "'" in the e-mail (RFC 5322 allows
      // it), which a handler adding or stripping slashes (PHP's addslashes, magic quotes) changes
      const fields = {
        ...resultCall(t, o, payment(t, o, 'result-ok')),
        pg_description: 'Оплата заказа: чай & кофе "Д\'Артаньян", промокод SALE%2B10, арт. 12\\34',
        pg_user_contact_email: "o'brien+shop@mail.kz",
        pg_card_owner: ' IVAN PETROV ',
      };
      // in a query or an urlencoded body its spaces are written '+', as the gateway (PHP's
      // http_build_query) writes them: a shop decoding %XX only does not read them as spaces
      const declared = declaredForm(t);
      const plus = spacesAsPlus(declared);
      const first = await send(t, url, signCall(t, url, fields), plus ? "spaces written '+'" : undefined, false, {
        ...declared,
        plus,
      });
      // passed below, where an answer shows the call got through
      if (wantsAuth(first))
        t.fail(
          'GL-MCB-11',
          `result_url asks for authentication (HTTP ${first.http.status}, WWW-Authenticate: ${first.http.headers['www-authenticate'] ?? '∅'})`,
        );
      // not taken: the same call (another payment of the order) with its spaces written %20 shows whether
      // the '+' is what was not read; then that call's answer is the one judged below
      const percent =
        plus && first.field('pg_status') !== 'ok'
          ? await send(
              t,
              url,
              signCall(t, url, { ...fields, pg_payment_id: payment(t, o, 'result-ok-percent') }),
              "the same call with its spaces written %20, not '+'",
            )
          : undefined;
      const percentOk = percent?.field('pg_status') === 'ok';
      // GL-MCB-15 forbids "error", HTTP 415 and HTTP 405 only: another answer to the '+' call (an HTTP 500,
      // no answer in time, rejected) does not show the form unread, though its %20 twin was taken
      const plusNotRead =
        percentOk &&
        ((first.http.status === 200 && first.field('pg_status') === 'error') ||
          first.http.status === 415 ||
          first.http.status === 405);
      const plusSpelling = `"${((fields as PgMessage).pg_payment_date as string).replace(' ', '+')}" for pg_payment_date`;
      if (plusNotRead)
        t.expect(
          'GL-MCB-15',
          false,
          `a genuine call sent as ${callForm(t)} with its spaces written '+' (the form encoding, as PHP's http_build_query writes them: ${plusSpelling}) was answered ${describeAnswer(first)}, the same call with its spaces written %20 ok: a '+' is not read as a space`,
        );
      else if (percentOk)
        t.partNotJudged(
          'GL-MCB-15',
          `a genuine call sent as ${callForm(t)} with its spaces written '+' (${plusSpelling}) was answered ${describeAnswer(first)}, which GL-MCB-15 does not forbid (it names "error", HTTP 415, HTTP 405); the same call with its spaces written %20 was answered ok, and is the one judged`,
        );
      if (percentOk) wellFormed(t, first, url, "answer to a genuine call with its spaces written '+'");
      const a = percentOk ? percent! : first;
      // "error - ошибка в интерпретации данных" (seed): a readable answer saying error, or 415, means the form was not read
      const status = a.field('pg_status');
      // unless the same call with plain values (ASCII letters, digits, '-') is taken: then the form was read and
      // the values were not (signed as other bytes than received), which GL-MCB-14 judges
      // the shop's own declared fields (bracketed, nested) may be what it does not verify as received
      const extras = declaration(t).extraFields ?? {};
      // an answer that is not XML (a description echoed with its "&" unescaped) hides the decision: the
      // plain call shows whether the form was read and the order taken; GL-MCB-01 judges the answer. That
      // call may have paid the order, so the plain one is for another payable order
      const unreadable = a.http.status === 200 && !a.message;
      const p = unreadable ? orders(t).take('payable', 'a plain call after an answer that is not XML') : o;
      const plainFields = (purpose: string, withExtras: boolean) => {
        const m: PgMessage = {
          ...resultCall(t, p, payment(t, p, purpose)),
          pg_description: 'Order',
          pg_payment_date: stamp().slice(0, 10), // no space or colon: nothing to percent-encode
        };
        if (!withExtras) for (const k of Object.keys(extras)) delete m[k];
        return m;
      };
      const plainCall = (purpose: string, withExtras: boolean) =>
        send(
          t,
          url,
          signCall(t, url, plainFields(purpose, withExtras)),
          `the same call with plain ASCII values${withExtras ? '' : ", without the shop's own fields"}`,
        );
      let plain =
        a.http.status === 200 && (status === 'error' || unreadable)
          ? await plainCall('result-ok-plain', true)
          : undefined;
      let withoutExtras = false;
      if (plain && plain.field('pg_status') !== 'ok' && Object.keys(extras).length) {
        plain = await plainCall('result-ok-plain-own', false);
        withoutExtras = true;
      }
      // a merchant that signs its answers with another script name than the last path segment of its URL
      // (its whole path, …) presumably verifies calls with that name too: the plain call signed with it
      // shows whether the form was read: then the wrong script name, not the form, is why GL-MCB-14 fails
      const otherScript =
        plain && plain.field('pg_status') !== 'ok'
          ? await verifiedScriptName(answerScriptGuess(a, url), (g) =>
              send(
                t,
                url,
                signCall(t, url, plainFields('result-ok-other-script', true), g.name),
                `the same call with plain ASCII values, signed with the script name "${g.name}" (${g.why})`,
              ),
            )
          : undefined;
      const otherScriptRead = otherScript !== undefined;
      const formRead = plain?.field('pg_status') === 'ok' || otherScriptRead;
      // still error: the same plain call in the other forms the gateway sends tells whether the declared
      // form is what is not read (one of them ok: GL-MCB-15), or whether no call gets through in any form
      // (all error: a merchant that verifies pg_sig otherwise than the gateway signs, with a script name
      // of its own such as its program's, reads the call and refuses it as forged; one that reads no
      // form at all answers alike). Then GL-MCB-14 fails and GL-MCB-15 is not judged
      let otherForm: Form | undefined;
      let everyFormError = false;
      const isError = (r: Reply | undefined) => r?.http.status === 200 && r.field('pg_status') === 'error';
      if (!formRead && isError(a) && isError(plain)) {
        everyFormError = true;
        for (const f of FORMS.filter((x) => describeForm(x) !== callForm(t))) {
          const r = await send(
            t,
            url,
            signCall(t, url, plainFields(`result-ok-${describeForm(f)}`, true)),
            `the same call with plain ASCII values, sent as ${describeForm(f)}`,
            false,
            f,
          );
          if (r.field('pg_status') === 'ok') otherForm = f;
          if (!isError(r)) everyFormError = false;
          if (otherForm) break;
        }
      }
      const allForms = FORMS.map(describeForm).join(', ');
      // the declared form refused outright: its encoding (415) or its method (405: the handler "is routed
      // for other methods than the calls come by", README), either way the call was not read
      const refused = a.http.status === 415 || a.http.status === 405;
      if (plusNotRead) {
        // GL-MCB-15 failed above
      } else if (everyFormError)
        t.cannotJudge(
          'GL-MCB-15',
          `a genuine call was answered error in every form the gateway sends (${allForms}), also with plain ASCII values: whether the merchant reads them and refuses their pg_sig, or reads none, does not show (GL-MCB-14 judges the refusal)`,
        );
      else if (formRead || (decided(a) && status !== 'error')) {
        // read, or so it seems: a merchant answering ok whatever it is sent reads nothing. A call with a
        // wrong pg_sig, for an order it does not have, in the same form, refused shows that it reads it
        const u = { orderId: orders(t).unknown('read'), amount: '100' };
        const forged = await send(
          t,
          url,
          { ...signCall(t, url, resultCall(t, u, payment(t, u, 'read-forged'))), pg_sig: 'f'.repeat(32) },
          'a call with a wrong pg_sig for an order the merchant does not have',
        );
        t.passBeside(
          'GL-MCB-15',
          forged.field('pg_status') !== 'ok',
          () =>
            `a call with a wrong pg_sig for an order it does not have, sent as ${callForm(t)}, was answered ok too (GL-MCB-03): whether the merchant reads the form it declared does not show`,
        );
      } else if (!refused && !(a.http.status === 200 && status === 'error'))
        // no decision in the answer (HTTP 500, a page that is not XML, no pg_status): GL-MCB-01's
        t.cannotJudge(
          'GL-MCB-15',
          `the answer does not show whether the ${callForm(t)} call was read: ${describeAnswer(a)}`,
        );
      else
        t.expect(
          'GL-MCB-15',
          false,
          `a genuine call sent as ${callForm(t)} was not read: ${describeAnswer(a)}${
            otherForm
              ? `; the same call with plain values sent as ${describeForm(otherForm)} was answered ok: the merchant reads ${describeForm(otherForm)}, not the form it declared`
              : ''
          }`,
        );
      wellFormed(t, a, url, 'answer to a genuine call');
      const judged = unreadable && formRead ? plain! : a;
      if (judged !== a) wellFormed(t, judged, url, 'answer to the same call with plain values');
      // a status that is none of the seed's ("OK"), or no decided answer: the payment taken does not show
      // (GL-MCB-01 judges the answer; its signature, GL-MCB-11 and GL-MCB-15 stand as judged above)
      if (!formRead && !everyFormError && !read(a)) {
        if (decided(a)) t.pass('GL-MCB-11');
        else {
          const none = `the answer is no decision of the shop's (${describeAnswer(a)})`;
          t.cannotJudge('GL-MCB-11', `${none}: whether result_url answers without authentication does not show`);
          // judged (or said why not) above where the answer is XML (wellFormed)
          if (!a.message)
            t.cannotJudge('GL-MCB-02', `${none}: no XML <response> whose signature could be judged (GL-MCB-01)`);
        }
        return t.cannotJudge(
          'GL-MCB-14',
          `the answer does not show whether the ${callForm(t)} call was read and the payment taken: ${describeAnswer(a)}`,
        );
      }
      t.pass('GL-MCB-11');
      // the same plain call, each kind of awkward value alone: which of them are not verified as received
      const kinds =
        formRead && !otherScriptRead && !withoutExtras && judged.field('pg_status') !== 'ok'
          ? await unverifiedKinds(t, url, p, plainFields('result-ok-kinds', true))
          : undefined;
      t.expect(
        'GL-MCB-14',
        judged.field('pg_status') === 'ok',
        `a payable order was answered ${describeAnswer(a)}${
          everyFormError
            ? `, and error in every form the gateway sends (${allForms}), also with plain ASCII values: the merchant does not take the gateway's pg_sig (made with the script name "${scriptName(url)}", the part of its URL's path after the last "/", the values sorted by name and its secret_key)`
            : otherScriptRead
              ? `, the same call signed with the script name "${otherScript!.name}" ok: the form is read, and ${verifiesWith(url, otherScript!)}`
              : formRead
                ? `, the same call with plain values (ASCII letters, digits, "-")${withoutExtras ? ' and without its own fields' : ''} ok: the form is read, ${
                    kinds
                      ? `values with ${kinds.join('; ')} are not verified as received (each sent alone in a failed payment, pg_result=0, otherwise of plain values, which was refused, the same with plain values acknowledged; the values quoted are those calls', not the genuine call's)`
                      : `${withoutExtras ? 'its own fields or ' : ''}values with Cyrillic, spaces, ":", "+", "&", "%2B", "'", '"', "\\" or blanks at either end are not verified as received`
                  }`
                : ''
        }`,
      );
      // a genuine call whose pg_sig begins with "0", for another payable order: taken as the first one was
      if (judged.field('pg_status') === 'ok') {
        const z = orders(t).take('payable', 'a genuine call whose pg_sig begins with 0');
        const m = signCall(t, url, resultCall(t, z, payment(t, z, 'result-ok-zero')), scriptName(url), true);
        const b = await send(t, url, m, 'a genuine call whose pg_sig begins with "0"');
        const zero = `a genuine call for a payable order whose pg_sig begins with "0" (${m.pg_sig as string})`;
        // the contrast rests only on a proper answer (200, the signed XML <response>): one that is none is
        // GL-MCB-01's (a 5xx is no answer the gateway keeps: it calls again), and shows nothing of the zeros
        const none = (why: string) =>
          t.partNotJudged('GL-MCB-14', `${zero} got no answer to compare (${why}): ${describeAnswer(b)}`);
        if (b.http.status >= 500) none('a 5xx, which the gateway calls again');
        else {
          const good = proper(b);
          if (!good) wellFormed(t, b, url, `answer to ${zero}`);
          // taken: the zeros were read as sent, however the answer is written (GL-MCB-01 judges that)
          if (b.http.status === 200 && b.field('pg_status') === 'ok') t.pass('GL-MCB-14');
          else if (!good) none('GL-MCB-01');
          else
            t.expect(
              'GL-MCB-14',
              b.field('pg_status') === 'ok',
              `${zero} was answered ${describeAnswer(b)}, a call with another pg_sig ok: the leading zeros of the MD5 hex are dropped or not compared as sent`,
            );
        }
      }
    },
  },
  {
    id: 'gl.merchant.forged',
    title: 'a call with a wrong pg_sig is not accepted and changes nothing',
    // GL-MCB-25 on every answer of every merchant check (shopChecks); its own here, where the forgeries
    // drive the merchant into its refusals
    rules: ['GL-MCB-03', 'GL-MCB-04', 'GL-MCB-25'],
    plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      await takesPayments(t, url);
      const o = orders(t).take('payable', 'a forged, then a genuine call');
      const fields = resultCall(t, o, payment(t, o, 'forged'));
      // the forger's call for the same payment says one tenge more: a handler that takes it decides on
      // it (rejected, another amount) and answers the genuine call as a repeat of that (GL-MCB-04)
      const more = o.amount ? plusCents(o.amount, 100) : undefined;
      const forged = await send(
        t,
        url,
        {
          ...signCall(
            t,
            url,
            more ? { ...fields, pg_amount: more, pg_ps_amount: more, pg_ps_full_amount: more } : fields,
          ),
          pg_sig: '0123456789abcdef0123456789abcdef',
        },
        'forged call',
      );
      t.expect(
        'GL-MCB-03',
        forged.field('pg_status') !== 'ok',
        `a forged call was accepted: ${describeAnswer(forged)}`,
      );
      // a genuine call for a payable order was answered ok (precondition): the same must happen after a forged
      // one. After a forged call that was accepted, an ok may be the repeat of that acceptance: no telling
      if (forged.field('pg_status') === 'ok')
        t.cannotJudge(
          'GL-MCB-04',
          'the forged call was accepted (GL-MCB-03): a genuine call for the same payment answered ok may be answered as its repeat, so whether the forged call changed nothing does not show',
        );
      else {
        const real = await genuine(t, url, fields);
        t.expect(
          'GL-MCB-04',
          real.field('pg_status') === 'ok',
          `after a forged call, the genuine call for the same payment (a payable order) was answered ${describeAnswer(real)}`,
        );
      }
      // a call without pg_sig, with an empty one, with the genuine one cut short or changed in its last
      // digit: refused only by a handler that demands a signature and compares it whole (not `if (sig &&
      // …)`, not `expected.startsWith(sig)`, not the first characters, not `parseInt(sig, 16)`). The
      // genuine one in uppercase hex is no forgery (the seed gives no letter case): not sent
      const bare = orders(t).take('payable', 'calls without a signature');
      for (const [what, forge] of [
        ['without pg_sig', () => undefined],
        ['with an empty pg_sig', () => ''],
        ['with the genuine pg_sig cut to 31 characters', (sig: string) => sig.slice(0, 31)],
        ['with the genuine pg_sig cut to 16 characters', (sig: string) => sig.slice(0, 16)],
        ['with the genuine pg_sig changed in its last digit', changedLastDigit],
      ] as const) {
        const { pg_sig: sig, ...unsigned } = signCall(t, url, resultCall(t, bare, payment(t, bare, `forged ${what}`)));
        const forged = forge(sig as string);
        const a = await send(t, url, forged === undefined ? unsigned : { ...unsigned, pg_sig: forged }, 'forged call');
        // one taken may have paid the order: a later refusal of it ("already paid") shows nothing more
        if (!t.expect('GL-MCB-03', a.field('pg_status') !== 'ok', `a call ${what} was accepted: ${describeAnswer(a)}`))
          break;
      }
      // the call without pg_sig once more, as a browser asks (FORGER_ACCEPT: a forger's headers are its
      // own), for GL-MCB-25 alone (judged on every answer by shopChecks): a framework shows its debug page
      // with frame locals (secret_key among them) only to a request accepting HTML (probe 25). Whether it
      // is refused is not judged: a shop branching on Accept (an HTML login, a CSRF page, a 406) refuses
      // it for reasons that are not pg_sig's. Sent last, for the order the calls above were for: taken, it
      // changes nothing they judge
      const { pg_sig: _sig, ...unsigned } = signCall(
        t,
        url,
        resultCall(t, bare, payment(t, bare, 'forged as a browser')),
      );
      await send(
        t,
        url,
        unsigned,
        'forged call without pg_sig, accepting HTML (Accept: text/html, as a browser)',
        false,
        declaredForm(t),
        undefined,
        FORGER_ACCEPT,
      ).catch((e: unknown) => (e instanceof Inconclusive ? undefined : Promise.reject(e)));
      const unknown = orders(t).unknown('forged');
      let i = 0;
      await t.property(
        'GL-MCB-03',
        fc.tuple(fc.nat({ max: 30 }), fc.string({ minLength: 1, maxLength: 6 })),
        async ([pick, junk]) => {
          const m = signCall(
            t,
            url,
            resultCall(t, { orderId: unknown, amount: '100' }, payment(t, { orderId: unknown }, `tampered-${i++}`), {
              canReject: '0',
            }),
          );
          const keys = Object.keys(m).filter((k) => k !== 'pg_sig' && typeof m[k] === 'string');
          const k = keys[pick % keys.length]!;
          const a = await send(t, url, { ...m, [k]: `${m[k] as string}${junk}` });
          t.expect('GL-MCB-03', a.field('pg_status') !== 'ok', `the call with ${k} changed after signing was accepted`);
        },
      );
    },
  },
  {
    id: 'gl.merchant.can-reject',
    title:
      '"rejected" only with pg_can_reject=1: an undeliverable order is rejected when it may be, never rejected when it may not, nor on the gateway\'s retry after its rejection',
    rules: ['GL-MCB-05', 'GL-MCB-13', 'GL-MCB-16', 'GL-MCB-18', 'GL-MCB-24', 'GL-MCB-01'],
    async run(t) {
      const url = resultUrl(t);
      const paid = await takesPayments(t, url);
      const e1 = orders(t).take('expired', 'rejection with pg_can_reject=1');
      const f1 = resultCall(t, e1, payment(t, e1, 'reject-1'), { canReject: '1' });
      const r1 = await genuine(t, url, f1);
      refused(t, 'GL-MCB-13', r1, r1.field('pg_status') === 'rejected', 'an expired order with pg_can_reject=1');
      decisionIn200(t, r1, 'an expired order with pg_can_reject=1');
      reasonGiven(t, r1, 'an expired order');
      // the gateway that did not get that answer calls again, with pg_can_reject=0. Seed 001 conflicts
      // there: "Ответы на повторные вызовы должны совпадать с первоначальным ответом" (replay the rejection)
      // against rejected only with pg_can_reject=1, the payment completed whatever the answer. Neither
      // answer fails GL-MCB-05 or GL-MCB-06; GL-MCB-24 (INFERRED) reads the latter as winning
      if (r1.field('pg_status') !== 'rejected')
        t.cannotJudge(
          'GL-MCB-24',
          `an expired order with pg_can_reject=1 was answered ${describeAnswer(r1)} (GL-MCB-13): no rejection whose retry could be judged`,
        );
      else
        for (const n of [1, 2]) {
          const retry = await genuine(t, url, { ...f1, pg_can_reject: '0' });
          const what = `the gateway's retry ${n} (pg_can_reject=0) of the payment rejected at pg_can_reject=1 (${describeAnswer(r1)}) was answered ${describeAnswer(retry)}`;
          if (!decided(retry)) t.cannotJudge('GL-MCB-24', `${what}: no pg_status to judge (GL-MCB-01)`);
          else
            // the key statement first: the certificate keeps 400 characters of a reason (oneLine)
            t.expect(
              'GL-MCB-24',
              retry.field('pg_status') !== 'rejected',
              `the gateway's retry ${n} (pg_can_reject=0) of a payment rejected at pg_can_reject=1 was answered rejected again: that payment counts as completed whatever the answer (seed 001); not failed on GL-MCB-05 (MUST), whose repeats match the first answer, as a replayed rejection does. The first answer ${describeAnswer(r1)}, the retry's ${describeAnswer(retry)}; seed 001: "Ответы на повторные вызовы должны совпадать с первоначальным ответом"`,
            );
        }
      const unknown = { orderId: orders(t).unknown('reject'), amount: '100' };
      const r2 = await genuine(t, url, resultCall(t, unknown, payment(t, unknown, 'unknown-1'), { canReject: '1' }));
      refused(
        t,
        'GL-MCB-18',
        r2,
        r2.field('pg_status') === 'rejected' || r2.field('pg_status') === 'error',
        'an unknown order with pg_can_reject=1',
      );
      decisionIn200(t, r2, 'an unknown order with pg_can_reject=1');
      reasonGiven(t, r2, 'an unknown order');
      // a rule about rejections is not judged when nothing was rejected (GL-MCB-13, GL-MCB-18 judge that)
      t.notJudged(
        'GL-MCB-16',
        `no call was answered "rejected" (an expired order: ${describeAnswer(r1)}; an unknown order: ${describeAnswer(r2)}): no rejection whose pg_description could be judged`,
      );
      const e2 = orders(t).take('expired', 'no rejection with pg_can_reject=0');
      const r3 = await genuine(t, url, resultCall(t, e2, payment(t, e2, 'reject-0'), { canReject: '0' }));
      notRejected(t, r3, 'an expired order with pg_can_reject=0');
      // payable orders the merchant cannot take either: a second successful payment (another
      // pg_payment_id) of the order the precondition paid, and another amount for an order of its own
      // (a spare: it gets paid), so that only the amount can be what is refused
      const second = await genuine(t, url, resultCall(t, paid, payment(t, paid, 'second-0'), { canReject: '0' }));
      notRejected(t, second, `a second successful payment with pg_can_reject=0 of ${paid.orderId}, already paid`);
      const p = orders(t).spare('payable');
      if (!p?.amount)
        t.judgedInPart(
          'GL-MCB-05',
          p
            ? `the declaration gives no amount for the payable order ${p.orderId}: no call of another amount with pg_can_reject=0 was sent`
            : 'the declaration has no payable order left for a call of another amount with pg_can_reject=0',
        );
      else {
        const more = plusCents(p.amount, 100);
        const a = await genuine(
          t,
          url,
          resultCall(t, p, payment(t, p, 'other-amount-0'), { canReject: '0', amount: more }),
        );
        notRejected(
          t,
          a,
          `a call of ${more} with pg_can_reject=0 for the payable order ${p.orderId} (declared ${p.amount})`,
        );
      }
      // the seed forbids only "rejected" there: ok and error are both the merchant's choice
      const cases = fc.tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.boolean(), optionalCallFields());
      let i = 0;
      await t.property('GL-MCB-05', cases, async ([cents, known, optional]) => {
        const order = known ? e2 : { orderId: unknown.orderId };
        const amount = (cents / 100).toFixed(2);
        const a = await genuine(t, url, {
          ...resultCall(t, order, payment(t, order, `case-${i++}`), { canReject: '0', amount }),
          ...optional,
        });
        notRejected(
          t,
          a,
          `pg_can_reject=0 for ${order.orderId} (${amount}, with ${Object.keys(optional).join(', ') || 'no optional fields'})`,
        );
      });
    },
  },
  {
    id: 'gl.merchant.other-amount',
    title:
      "with pg_can_reject=1, a payment of another amount or currency than the order's is not accepted; the order's amount spelled otherwise is",
    rules: ['GL-MCB-19', 'GL-MCB-21', 'GL-MCB-14'],
    async run(t) {
      const url = resultUrl(t);
      await takesPayments(t, url);
      const o = orders(t).take('payable', "a call with another amount than the order's");
      t.notJudged(
        'GL-MCB-14',
        'judged here only on a call with the declared amount after calls of other payments of the order, each rejected; none was sent (gl.merchant.result-ok judges it)',
      );
      // every answer to a call for o: all rejected (pg_can_reject=1), its payments are revoked and o is
      // still payable (GL-MCB-14 judges the declared spelling refused after them)
      const oAnswers: Reply[] = [];
      if (!o.amount) t.inconclusive(`the declaration gives no amount for the payable order ${o.orderId}`);
      const declared = o.currency ?? 'KZT';
      // one tenge more, one tiyn more and one tiyn less (one of them in the order's whole tenge, refused
      // by a handler comparing whole tenge only, `(int)`, floor or ceil: probe 25's took 99.98 for 99.99,
      // its 100.00 another tenge), and one tenge less (a tiyn for an order of a tenge at most; taken by a
      // handler that takes what does not exceed the order): the calls taken (each may have paid the order)
      const taken: string[] = [];
      let tengeMoreTaken: string | undefined;
      const less = Math.min(100, Math.round(Number(o.amount) * 100) - 1);
      for (const [purpose, delta] of [
        ['other-amount', 100],
        ['other-amount-tiyn', 1],
        // not where it is the tenge less's (an order of 0.02) or no amount (0.01)
        ['other-amount-tiyn-less', less > 1 ? -1 : 0],
        ['other-amount-less', -less],
      ] as const) {
        if (delta === 0) continue;
        const amount = plusCents(o.amount!, delta);
        const a = await genuine(t, url, resultCall(t, o, payment(t, o, purpose), { canReject: '1', amount }));
        oAnswers.push(a);
        refused(
          t,
          'GL-MCB-19',
          a,
          a.field('pg_status') !== 'ok',
          `a call of ${amount} for ${o.orderId} (declared ${o.amount}) with pg_can_reject=1`,
        );
        if (a.field('pg_status') !== 'ok') continue;
        taken.push(`${amount} ${declared}`);
        if (delta === 100) tengeMoreTaken = amount;
      }
      // the order's amount in another currency: as much another amount as one tenge more
      const currency = declared === 'USD' ? 'KZT' : 'USD';
      const fields = {
        ...resultCall(t, o, payment(t, o, 'other-currency'), { canReject: '1' }),
        pg_currency: currency,
        pg_ps_currency: currency,
      };
      const a = await genuine(t, url, fields);
      oAnswers.push(a);
      refused(
        t,
        'GL-MCB-19',
        a,
        a.field('pg_status') !== 'ok',
        `a call of ${o.amount} ${currency} for ${o.orderId} (declared ${o.amount} ${declared}) with pg_can_reject=1`,
      );
      if (a.field('pg_status') === 'ok') taken.push(`${o.amount} ${currency}`);
      if (tengeMoreTaken !== undefined) {
        t.cannotJudge(
          'GL-MCB-21',
          `a call of ${tengeMoreTaken} for ${o.orderId} (declared ${o.amount}) was answered ok (GL-MCB-19): a merchant that takes another amount shows nothing of whether it reads pg_amount as a number`,
        );
        return;
      }
      // then an order's own amount in another spelling the gateway may send, within the money format (at
      // most two decimals, digest §1: "123.42" has none, "123.420" is never sent): taken as the declared
      // spelling is. This order's when its amount has one and the refusals above changed nothing
      // (GL-MCB-04); else the next declared ones' (a few at most, so that the checks after this one keep
      // theirs): a call above that was taken may have paid this order
      const takenCalls = `${taken.length > 1 ? 'the calls' : 'a call'} of ${taken.join(', ')} for ${o.orderId} (declared ${o.amount} ${declared})`;
      const tried = taken.length ? [] : [o];
      const respellable = (x: DeclaredOrder) => x.amount !== undefined && !!otherSpellingWithin(x.amount, 2);
      while (!(tried.length && respellable(tried.at(-1)!)) && tried.length < 4) {
        const next = orders(t).spare('payable');
        if (!next) break;
        tried.push(next);
      }
      const p = tried.at(-1);
      if (!p) {
        t.cannotJudge(
          'GL-MCB-21',
          `${takenCalls} was answered ok (GL-MCB-19), so the order may be paid, and no payable order is left to send its amount in another spelling`,
        );
        return;
      }
      if (!respellable(p)) {
        t.cannotJudge(
          'GL-MCB-21',
          `the declared amounts ${tried.map((x) => x.amount ?? '∅').join(', ')} of the payable orders ${tried.map((x) => x.orderId).join(', ')} have no other spelling within the money format (at most two decimals, digest §1): no call the gateway would send shows whether pg_amount is read as a number${taken.length ? ` (${o.orderId} was left out: ${takenCalls} was answered ok, GL-MCB-19)` : ''}`,
        );
        return;
      }
      const respelled = otherSpellingWithin(p.amount!, 2)!;
      const r = await genuine(
        t,
        url,
        resultCall(t, p, payment(t, p, 'respelled'), { canReject: '1', amount: respelled }),
      );
      if (r.field('pg_status') === 'ok') {
        t.pass('GL-MCB-21');
        return;
      }
      // when it is not, the declared spelling shows whether the order was still payable
      const d = await genuine(t, url, resultCall(t, p, payment(t, p, 'declared-spelling'), { canReject: '1' }));
      // every earlier payment of p rejected (pg_can_reject=1), so revoked: p is payable, and a genuine
      // call with its declared amount must be taken (a shop replaying an answer stored by order refuses it)
      const earlier = [...(p === o ? oAnswers : []), r];
      if (earlier.every((x) => decided(x) && x.field('pg_status') === 'rejected'))
        t.expect(
          'GL-MCB-14',
          d.field('pg_status') === 'ok',
          `a genuine call of ${p.amount} (declared) with pg_can_reject=1 for the payable order ${p.orderId} was answered ${describeAnswer(d)}, after ${earlier.length} calls of other payments of it with pg_can_reject=1, each answered rejected (so revoked: the order is still payable): ${[...new Set(earlier.map(describeAnswer))].join('; ')}`,
        );
      if (d.field('pg_status') !== 'ok')
        t.cannotJudge(
          'GL-MCB-21',
          `${p.orderId} was refused in both spellings${p === o ? ' after the calls of another amount' : ''}: ${respelled} answered ${describeAnswer(r)}, ${p.amount} answered ${describeAnswer(d)}`,
        );
      else
        t.expect(
          'GL-MCB-21',
          false,
          `a call of ${respelled} for ${p.orderId} (declared ${p.amount}) was answered ${describeAnswer(r)}, the same call with ${p.amount} ok`,
        );
    },
  },
  {
    id: 'gl.merchant.repeat',
    title: 'repeated calls for a payment get the first answer',
    rules: ['GL-MCB-06'],
    plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      const [payable, expired] = [
        orders(t).take('payable', 'repeated calls'),
        orders(t).take('expired', 'repeated calls'),
      ];
      const unknown = { orderId: orders(t).unknown('repeat'), amount: '100' };
      // every kind of call is repeated: successful payments, a failed one (pg_result=0) and one for an
      // order the merchant does not have, each with the first call's pg_can_reject
      const calls: Array<[string, PgMessage]> = [
        ['a payable order', resultCall(t, payable, payment(t, payable, 'repeat'))],
        ['an expired order', resultCall(t, expired, payment(t, expired, 'repeat'))],
        [
          'a failed payment (pg_result=0)',
          resultCall(t, payable, payment(t, payable, 'repeat-failed'), { result: '0' }),
        ],
        ['an unknown order', resultCall(t, unknown, payment(t, unknown, 'repeat-unknown'))],
      ];
      for (const [what, fields] of calls) {
        const first = await genuine(t, url, fields);
        for (let i = 1; i <= 3; i++) {
          const again = await genuine(t, url, fields);
          sameAsFirst(t, first, again, `repeat ${i} for ${what}`);
        }
      }
    },
  },
  {
    id: 'gl.merchant.repeat-after-lifetime',
    title: 'repeats after pg_lifetime has passed still get the first answer',
    rules: ['GL-MCB-07'],
    slow: true,
    async run(t) {
      const url = resultUrl(t);
      const lifetime = declaration(t).lifetimeSeconds ?? 86_400;
      if (!t.control && lifetime > 3 * 3600)
        t.skip(`pg_lifetime ${lifetime} s is too long to wait for without the merchant's clock`);
      const o = orders(t).take('payable', 'a repeat after pg_lifetime');
      const fields = resultCall(t, o, payment(t, o, 'lifetime'));
      const first = await genuine(t, url, fields);
      if (!decided(first))
        t.inconclusive(
          `the first call was answered ${describeAnswer(first)}: no answer for a repeat to match (GL-MCB-01)`,
        );
      const soon = await genuine(t, url, fields, 'a repeat within pg_lifetime');
      if (gist(soon) !== gist(first))
        t.inconclusive(
          `a repeat already differs within pg_lifetime (GL-MCB-06): ${describeAnswer(soon)}, the first was ${describeAnswer(first)}`,
        );
      await advance(t, (lifetime + 60) * 1000);
      const again = await genuine(t, url, fields);
      t.expect(
        'GL-MCB-07',
        gist(again) === gist(first),
        `after pg_lifetime: ${describeAnswer(again)}, the first was ${describeAnswer(first)}`,
      );
    },
  },
  {
    id: 'gl.merchant.concurrent',
    title: 'repeats arriving at the same time get the same answer (one not answered 200 called again)',
    rules: ['GL-MCB-08'],
    async run(t) {
      const url = resultUrl(t);
      // precondition: a plain repeat (one after the other) gets the first answer
      const p = orders(t).take('payable', 'a plain repeat before concurrent ones');
      const pf = resultCall(t, p, payment(t, p, 'sequential'));
      const [first, again] = [await genuine(t, url, pf), await genuine(t, url, pf)];
      // a handler that answers no single call with 200 breaks GL-MCB-01, whatever the concurrency
      if (first.http.status !== 200)
        t.inconclusive(
          `a single genuine call was answered HTTP ${first.http.status} (see GL-MCB-01): concurrency shows nothing more`,
        );
      // nor does one whose answer is no answer at all (no XML: a PHP notice before it; no pg_status):
      // identical broken pages are nothing to compare
      if (!decided(first))
        t.inconclusive(
          `a single genuine call was answered ${describeAnswer(first)} (see GL-MCB-01): no answer to compare`,
        );
      if (gist(first) !== gist(again))
        t.inconclusive(
          `a repeat one after the other already differs (GL-MCB-06): ${describeAnswer(again)}, the first was ${describeAnswer(first)}`,
        );
      const o = orders(t).take('payable', 'concurrent repeats');
      const fields = resultCall(t, o, payment(t, o, 'concurrent'));
      // the six complete together (a body's last byte each, at once), whatever the load: a race window
      // of the shop's however short is then met by the repeats, and the verdict is not the scheduler's
      const gate = new Barrier(6, 2000);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => send(t, url, signCall(t, url, fields), 'concurrent repeat', gate)),
      );
      if (answers.some(wantsAuth))
        t.inconclusive('the merchant asks for authentication: no call gets through to be judged');
      // the gateway calls again a result_url "не со статусом 200" (seed 001): a repeat refused while the
      // first call was being decided (HTTP 409, 429, 500) is answered when called again, and that answer is
      // the one that must match; an edge's page, or a redirect to one, is no answer of the shop's at all
      const statuses = await resendUnanswered(
        answers,
        () => send(t, url, signCall(t, url, fields), 'a concurrent repeat not answered 200, called again'),
        (a) => t.http.notAnswered200(url, a.http),
      );
      const kinds = new Set(answers.map(gist));
      t.expect(
        'GL-MCB-08',
        answers.every((a) => a.http.status === 200),
        `concurrent repeats got ${statuses}`,
      );
      t.expect('GL-MCB-08', kinds.size === 1, `concurrent repeats got different answers: ${[...kinds].join(' / ')}`);
    },
  },
  {
    id: 'gl.merchant.failed-payment',
    title:
      "a call for a failed payment (pg_result=0) is acknowledged: ok, or rejected when pg_can_reject=1 as in the seed's negative example",
    rules: ['GL-MCB-09', 'GL-MCB-05', 'GL-MCB-20'],
    async run(t) {
      const url = resultUrl(t);
      const taken = await paymentTaken(t, url);
      const o = orders(t).take('payable', 'failed payments');
      // whether the shop takes a payment of this order at all (its amount read wrong, 75.10 as 7509
      // tiyn, refuses it failed payments or not): check_url, which pays nothing, asked before the failed
      // payments (after them an order they marked paid is refused there too)
      const checkUrl = t.subject.checkUrl ?? declaration(t).checkUrl;
      const takesOrder = checkUrl
        ? await answeredInTime(
            t,
            checkUrl,
            signCall(t, checkUrl, checkCall(o, payment(t, o, 'failed-check'))),
            'check_url: whether the order can be paid, before its failed payments',
          )
        : undefined;
      let i = 0;
      const failed: Reply[] = [];
      await t.property('GL-MCB-09', fc.constantFrom('0', '1') as fc.Arbitrary<'0' | '1'>, async (canReject) => {
        const r = await genuine(t, url, resultCall(t, o, payment(t, o, `failed-${i++}`), { result: '0', canReject }));
        failed.push(r);
        if (canReject === '0') notRejected(t, r, 'pg_result=0 with pg_can_reject=0');
        const allowed = canReject === '1' ? ['ok', 'rejected'] : ['ok'];
        t.expect(
          'GL-MCB-09',
          allowed.includes(r.field('pg_status') ?? ''),
          `pg_result=0 (pg_can_reject=${canReject}) for a payable order was answered ${describeAnswer(r)}, want ${allowed.join(' or ')}`,
        );
      });
      // "в случае если платеж был успешным" (seed): the failed ones paid nothing, the payer's next payment is taken
      const next = await genuine(t, url, resultCall(t, o, payment(t, o, 'after-failed')));
      // GL-MCB-05 and GL-MCB-09, judged on the failed payments above, stand
      if (next.field('pg_status') !== 'ok' && takesOrder?.field('pg_status') !== 'ok')
        return t.cannotJudge(
          'GL-MCB-20',
          `after failed payments (pg_result=0) for ${o.orderId}, a successful one was answered ${describeAnswer(next)}, and ${
            takesOrder && decided(takesOrder)
              ? `check_url answered ${describeAnswer(takesOrder)} for ${o.orderId} before its failed payments: the shop does not take a payment of this order, failed payments or not (GL-MCB-12, GL-MCB-14)`
              : takesOrder
                ? `check_url answered ${describeAnswer(takesOrder)} for ${o.orderId} before its failed payments, no pg_status: whether the shop takes a payment of ${o.orderId} at all does not show (GL-MCB-12)`
                : `${checkUrl ? `check_url gave no answer within ${checkDeadlineMs(t) / 1000} s` : 'the shop declares no check_url'}: whether the shop takes a payment of ${o.orderId} at all does not show`
          }`,
        );
      t.expect(
        'GL-MCB-20',
        next.field('pg_status') === 'ok',
        `after failed payments (pg_result=0) for ${o.orderId}, a successful one was answered ${describeAnswer(next)}; check_url answered ok for it before the failed payments`,
      );
      // and answered as itself: a new pg_payment_id given a failed payment's answer word for word was
      // taken for a repeat of it (repeats are of the same payment, seed 001: "Result URL будет вызван
      // повторно для одного и того же платежа"), so not taken. Unless that text is what every ok answer
      // says (the precondition's successful payment of another order got it too, its order id and
      // amount aside)
      const copied = failed.find((f) => gist(f) === gist(next));
      const shape = (a: Reply, x: DeclaredOrder) => {
        const g = gist(a).replaceAll(x.orderId, '<order>');
        return x.amount ? g.replaceAll(x.amount, '<amount>') : g;
      };
      if (next.field('pg_status') === 'ok' && copied)
        t.expect(
          'GL-MCB-20',
          shape(taken.answer, taken.order) === shape(next, o),
          `after failed payments (pg_result=0) for ${o.orderId}, a successful one (a new pg_payment_id) was answered ${describeAnswer(next)}, word for word the answer to a failed one, while the successful payment of ${taken.order.orderId} was answered ${describeAnswer(taken.answer)}: the new payment got another payment's stored answer (repeats are of the same payment, seed 001), so it was not taken`,
        );
    },
  },
  {
    id: 'gl.merchant.extra-fields',
    title:
      "the merchant's own extra fields take part in the signature it verifies, their names ordered byte-wise as the gateway signs",
    rules: ['GL-MCB-10', 'GL-MCB-23'],
    async run(t) {
      const url = resultUrl(t);
      await takesPayments(t, url, 'GL-MCB-10');
      // names that sort before and after the pg_ fields, a value with spaces and Cyrillic, and an empty one
      // as in the seed's sample (`Параметры мерчанта=`): signed as ";;", so a handler that drops blank fields
      // (Python's parse_qs without keep_blank_values) does not verify the call as received
      // (plain ASCII values where the precondition found the merchant takes no other: GL-MCB-14's)
      const plain = plainValues(t);
      const extra = { a_ref: '17', promo: '', zz_note: plain ? 'test-1' : 'тест 1' };
      const b = orders(t).take('payable', 'a correctly signed call with extra fields');
      const ok = await genuine(t, url, resultCall(t, b, payment(t, b, 'extra'), { extra }));
      // a call refused (HTTP 200 rejected) is the order's refusal (GL-MCB-14) only where the same order is
      // refused without the own fields too: a shop answering rejected to unknown fields, or to a call it
      // cannot verify (GL-MCB-03 takes any answer but ok), refuses the fields, not the order. The outcome:
      // 'order' (refused without them too: GL-MCB-14's, judged here), 'unclear' (without them not ok
      // either), 'fields' (without them ok), 'not-rejected' (the call not refused so: nothing sent)
      const refusedAlone = async (
        o: DeclaredOrder,
        a: Reply,
        purpose: string,
        what: string,
      ): Promise<{ outcome: 'order' | 'unclear' | 'fields'; alone: Reply } | { outcome: 'not-rejected' }> => {
        if (!rejected(a)) return { outcome: 'not-rejected' };
        const alone = await genuine(
          t,
          url,
          resultCall(t, o, payment(t, o, purpose)),
          `the same order without paycert's own fields (${purpose})`,
        );
        if (rejected(alone)) {
          refusedPayable(t, o, a, what);
          return { outcome: 'order', alone };
        }
        return { outcome: alone.field('pg_status') !== 'ok' ? 'unclear' : 'fields', alone };
      };
      const plainB = await refusedAlone(
        b,
        ok,
        'extra-without',
        `a correctly signed call with extra fields ${JSON.stringify(extra)}`,
      );
      if (plainB.outcome === 'order')
        t.inconclusive(
          `a payable order with extra fields was rejected: ${describeAnswer(ok)}, and the same order without them too: ${describeAnswer(plainB.alone)} (see GL-MCB-14)`,
          { after: 'GL-MCB-14' },
        );
      if (plainB.outcome === 'unclear')
        t.inconclusive(
          `a payable order with extra fields was rejected: ${describeAnswer(ok)}, the same order without them answered ${describeAnswer(plainB.alone)}: whether the extra fields or the order are refused does not show`,
        );
      t.expect(
        'GL-MCB-10',
        ok.field('pg_status') === 'ok',
        `a correctly signed call with extra fields ${JSON.stringify(extra)} for a payable order was answered ${describeAnswer(ok)}${plainB.outcome === 'fields' ? `, the same order without them ok` : ''}`,
      );
      // a name with an uppercase letter: byte-wise (PHP's ksort, as the gateway signs) PaycertRef comes
      // before a_ref ("P" < "a"), a verifier folding case puts it after. Taken, the names are ordered as
      // the gateway orders them; refused, it is their order when the lowercase own fields above were taken
      // (unless the same order is refused without them too: GL-MCB-14's)
      const mixedFields = { a_ref: '17', PaycertRef: 'A-17' };
      const d = orders(t).take('payable', 'a correctly signed call with an own field of mixed case');
      const mixed = await genuine(t, url, resultCall(t, d, payment(t, d, 'extra-mixed-case'), { extra: mixedFields }));
      const refused = `a correctly signed call with the own fields ${JSON.stringify(mixedFields)} (PaycertRef: a name with an uppercase letter) for a payable order was answered ${describeAnswer(mixed)}`;
      if (mixed.field('pg_status') === 'ok') t.pass('GL-MCB-23');
      else if (ok.field('pg_status') !== 'ok')
        t.cannotJudge(
          'GL-MCB-23',
          `${refused}, and the call with ${JSON.stringify(extra)} ${describeAnswer(ok)} (GL-MCB-10): whether the order of the names or the own fields themselves are refused does not show`,
        );
      else {
        const plainD = await refusedAlone(
          d,
          mixed,
          'extra-mixed-case-without',
          `a correctly signed call with the own fields ${JSON.stringify(mixedFields)}`,
        );
        if (plainD.outcome === 'order')
          t.cannotJudge(
            'GL-MCB-23',
            `${refused}, and the same order without them too: ${describeAnswer(plainD.alone)}: the order refused, not the names' order (GL-MCB-14)`,
          );
        else if (plainD.outcome === 'unclear')
          t.cannotJudge(
            'GL-MCB-23',
            `${refused}, the same order without them ${describeAnswer(plainD.alone)}: whether the names' order or the order is refused does not show`,
          );
        else
          t.expect(
            'GL-MCB-23',
            false,
            `${refused}, the call with ${JSON.stringify(extra)} ok${plainD.outcome === 'fields' ? ', the same order without own fields ok' : ''}: the merchant does not order the names byte-wise as the gateway signs (PHP's ksort: uppercase before "_" and lowercase)`,
          );
      }
      const c = orders(t).take('payable', 'a call with an extra field changed after signing');
      const forged = await send(
        t,
        url,
        {
          ...signCall(t, url, resultCall(t, c, payment(t, c, 'extra-forged'), { extra })),
          pg_sig: '0123456789abcdef0123456789abcdef',
        },
        'forged call',
      );
      if (forged.field('pg_status') === 'ok')
        t.inconclusive(
          `the merchant accepts a call with a wrong pg_sig (GL-MCB-03): whether extra fields are signed cannot be told`,
        );
      const m = signCall(t, url, resultCall(t, c, payment(t, c, 'extra-changed'), { extra }));
      const changed = await send(t, url, { ...m, zz_note: plain ? 'test-2' : 'тест 2' });
      t.expect(
        'GL-MCB-10',
        changed.field('pg_status') !== 'ok',
        'a call with the extra field zz_note changed after signing was accepted',
      );
    },
  },
  {
    id: 'gl.merchant.out-of-order',
    title:
      'calls out of order: a retry before its first attempt, and repeats interleaved with other payments, get consistent answers',
    rules: ['GL-MCB-05', 'GL-MCB-06'],
    async run(t) {
      const url = resultUrl(t);
      // the first attempt (pg_can_reject=1) was lost; its retry (pg_can_reject=0) arrives first
      const a = orders(t).take('payable', 'a retry that overtakes its first attempt');
      const fields = resultCall(t, a, payment(t, a, 'out-of-order'), { canReject: '0' });
      const retry = await genuine(t, url, fields);
      notRejected(t, retry, 'a retry with pg_can_reject=0 seen first');
      const late = await genuine(t, url, { ...fields, pg_can_reject: '1' });
      sameAsFirst(t, retry, late, 'the late first attempt, after its retry');
      // repeats of one payment interleaved with calls for other payments
      const [b, c] = [orders(t).take('payable', 'interleaved calls'), orders(t).take('payable', 'interleaved calls')];
      const fb = resultCall(t, b, payment(t, b, 'interleaved'));
      const first = await genuine(t, url, fb);
      await genuine(t, url, resultCall(t, c, payment(t, c, 'interleaved')));
      const unknown = { orderId: orders(t).unknown('interleaved') };
      await genuine(t, url, resultCall(t, unknown, payment(t, unknown, 'interleaved-other'), { canReject: '1' }));
      const again = await genuine(t, url, fb);
      sameAsFirst(t, first, again, 'a repeat after calls for other payments');
    },
  },
  {
    id: 'gl.merchant.check-url',
    title:
      'check_url answers in time: ok for an order it can take, rejected otherwise or when forged, signed with its own script name, without authentication',
    rules: ['GL-MCB-12', 'GL-MCB-17', 'GL-MCB-02', 'GL-MCB-22', 'GL-MCB-03'],
    async run(t) {
      const url = t.subject.checkUrl ?? declaration(t).checkUrl;
      if (!url) t.skip('the merchant declares no check_url');
      // each call waited for as the gateway waits: undefined when not answered in that time (GL-MCB-22)
      const call = async (m: PgMessage) => {
        const a = await answeredInTime(t, url!, signCall(t, url!, m));
        if (a && wantsAuth(a)) t.fail('GL-MCB-17', `check_url asks for authentication (HTTP ${a.http.status})`);
        return a;
      };
      const o = orders(t).take('payable', 'check_url');
      const yes = await call(checkCall(o, payment(t, o, 'check')));
      // result_url takes a payment of a declared order: else the orders' check_url answers are not judged
      // (GL-MCB-12), while the answers' signature, authentication and time still are
      let notTaken: string | undefined;
      try {
        await takesPayments(t, resultUrl(t));
      } catch (e) {
        if (!(e instanceof Inconclusive)) throw e;
        notTaken = e.message;
        t.cannotJudge('GL-MCB-12', notTaken);
      }
      const judge12 = (ok: boolean, message: string) => notTaken === undefined && t.expect('GL-MCB-12', ok, message);
      // refused: the same check signed with the script name of check_url's answers or of result_url (a
      // handler copied from it) shows whether the shop verifies calls with another name than the gateway's
      const script =
        yes && decided(yes) && yes.field('pg_status') !== 'ok' && notTaken === undefined
          ? await verifiedScriptName(checkScriptGuesses(yes, url!, resultUrl(t)), (g, i) =>
              answeredInTime(
                t,
                url!,
                signCall(t, url!, checkCall(o, payment(t, o, `check-script-${i}`)), g.name),
                `the same check signed with the script name "${g.name}" (${g.why})`,
              ),
            )
          : undefined;
      if (yes)
        judge12(
          yes.http.status === 200 && yes.field('pg_status') === 'ok',
          `check for a payable order: ${describeAnswer(yes)}${script ? `; the same check signed with the script name "${script.name}" ok: ${verifiesWith(url!, script)}` : ''}`,
        );
      // the same order with one tenge more (check_url pays nothing): a payment it cannot take. Asked when
      // the declared amount's call was answered in time (a check_url that keeps the gateway waiting costs
      // 30 s a call, and GL-MCB-22 is judged on the others)
      const more = o.amount && yes ? plusCents(o.amount, 100) : undefined;
      const other = more
        ? await call(checkCall({ ...o, amount: more }, payment(t, o, 'check-other-amount')))
        : undefined;
      if (other)
        judge12(
          other.field('pg_status') === 'rejected' || other.field('pg_status') === 'error',
          `check of ${more} for the payable order ${o.orderId} (declared ${o.amount}): ${describeAnswer(other)}`,
        );
      const unknown = { orderId: orders(t).unknown('check'), amount: '100' };
      const no = await call(checkCall(unknown, payment(t, unknown, 'check-unknown')));
      if (no)
        judge12(
          no.field('pg_status') === 'rejected' || no.field('pg_status') === 'error',
          `check for an unknown order: ${describeAnswer(no)}`,
        );
      const e = orders(t).take('expired', 'check_url of an expired order');
      const late = await call(checkCall(e, payment(t, e, 'check-expired')));
      if (late) judge12(late.field('pg_status') === 'rejected', `check for an expired order: ${describeAnswer(late)}`);
      // GL-MCB-03 on check_url: the call for the order it took, with pg_sig changed in its last digit
      const takes = yes?.field('pg_status') === 'ok';
      const forged = takes
        ? await answeredInTime(
            t,
            url!,
            misSigned(signCall(t, url!, checkCall(o, payment(t, o, 'check-forged')))),
            'forged check call',
          )
        : undefined;
      if (forged)
        t.expect(
          'GL-MCB-03',
          forged.field('pg_status') !== 'ok',
          `a check for the payable order ${o.orderId} with a wrong pg_sig (the genuine one changed in its last digit) was answered ${describeAnswer(forged)}`,
        );
      else
        t.cannotJudge(
          'GL-MCB-03',
          takes
            ? `check_url answered no forged call within ${checkDeadlineMs(t) / 1000} s (GL-MCB-22)`
            : `check_url took no genuine call for a payable order (${yes ? describeAnswer(yes) : `no answer within ${checkDeadlineMs(t) / 1000} s`}): whether it refuses a wrong pg_sig does not show`,
        );
      const calls = [
        ['a payable order', yes],
        ...(more ? [['another amount for a payable order', other] as const] : []),
        ['an unknown order', no],
        ['an expired order', late],
      ] as const;
      // the first answer's signature; one signed with the result_url's script name is said so
      const signed = calls.find(([, a]) => a?.message);
      if (signed) signedWithScriptName(t, signed[1]!, url!, `the check answer for ${signed[0]}`);
      const missed = calls.filter(([, a]) => !a).map(([what]) => what);
      const within = `within ${checkDeadlineMs(t) / 1000} s`;
      // an answer that is no decision of the shop's (a framework's CSRF refusal, an APPEND_SLASH redirect,
      // an HTTP 500) shows neither whether its handler asks for authentication nor how long it takes, as on
      // result_url (GL-MCB-11): GL-MCB-17 and GL-MCB-22 are judged on a decided answer (probe 26)
      const answered = calls.flatMap(([, a]) => (a ? [a] : []));
      const none =
        answered.length > 0 && !answered.some(decided)
          ? `none of check_url's ${answered.length} answers was a decision of the shop's (the first: ${describeAnswer(answered[0]!)})`
          : undefined;
      if (none) t.cannotJudge('GL-MCB-17', `${none}: whether check_url answers without authentication does not show`);
      else if (answered.length > 0) t.pass('GL-MCB-17');
      if (missed.length === calls.length) {
        t.expect(
          'GL-MCB-22',
          false,
          `check_url answered none of its ${calls.length} calls ${within} (for ${missed.join(', ')}): the gateway takes no answer in the time it waits as a refusal (digest §3.6), so every payment is refused`,
        );
        for (const rule of ['GL-MCB-12', 'GL-MCB-17', 'GL-MCB-02'])
          t.cannotJudge(rule, `check_url answered none of its calls ${within} (GL-MCB-22): no answer to judge`);
      } else if (missed.length > 0) {
        // the gateway's deadline met once among answers in time may be this machine's load, not the shop
        t.cannotJudge(
          'GL-MCB-22',
          `${missed.length} of the ${calls.length} calls (for ${missed.join(', ')}) got no answer ${within}, the others did: one late answer may be a loaded machine's, not the shop's`,
        );
        if (notTaken === undefined)
          t.judgedInPart(
            'GL-MCB-12',
            `judged on the calls answered ${within}; the one for ${missed.join(', ')} was not answered in that time (GL-MCB-22)`,
          );
      } else if (none)
        t.cannotJudge(
          'GL-MCB-22',
          `${none}: whether the shop's handler answers ${within}, the time the gateway waits, does not show`,
        );
      else t.pass('GL-MCB-22');
    },
  },
]);

// GL-MCB-14 cited on arrival by every check (it fails, never passes, there): a genuine call for a payable
// order at its declared amount refused in any check's precondition is its failure (refusedPayable), not
// only in gl.merchant.result-ok, whose own order may have another amount's form (probe 26)
export const checks = citingOnArrival(shopCallbackChecks, 'GL-MCB-14', (c, t) => c.run(t));
