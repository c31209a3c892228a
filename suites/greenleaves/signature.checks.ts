import fc from 'fast-check';
import { scriptName, sign, salt, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import { signWithoutScript, verifyWithoutScript } from '../../src/protocols/greenleaves/script-less.ts';
import { loadErrors } from '../../src/spec/load.ts';
import { undecodable } from '../../src/protocols/common/charset.ts';
import {
  card,
  cardFields,
  client,
  withControl,
  describe,
  ok,
  pageFields,
  refused,
  shownField,
  type Ctx,
  lowercaseSig,
  signatureRefusal,
  gatewayChecks,
  saltFor,
} from './support.ts';
import { carriesSignature, replyScripts, replySignedWith, unsigned, verifiesInOtherCharset } from './reply-script.ts';
import type { GreenleavesReply } from '../../src/sdk/greenleaves.ts';
import { quote } from '../../src/harness/clip.ts';

const PAGE = '/g2g/payment_page';
const STATUS = '/g2g/status_v2';
const BAD_SIG = 1100;

/** A signed payment_page request with a merchant's own field and an empty value in it. */
function sample(t: Ctx): PgMessage {
  return client(t).signed(PAGE, pageFields({ shop_ref: `ref-${salt()}`, pg_param1: 'x' }));
}

/** Precondition of the checks that use the merchant's own fields as a vehicle: a correctly signed
 *  request carrying one is accepted (whether they are signed at all is GL-SIG-04's business). */
async function merchantFieldsSigned(t: Ctx): Promise<boolean> {
  const r = await client(t).call(PAGE, pageFields({ shop_ref: 'control' }), {
    note: 'control: a merchant field, correctly signed',
  });
  return ok(r);
}

/** The sample's request without the merchant's own field, signed. */
function withoutOwnFields(t: Ctx): Promise<GreenleavesReply> {
  return client(t).call(PAGE, pageFields({ pg_param1: 'x' }), { note: 'control: the same request without shop_ref' });
}

function expectBadSignature(t: Ctx, r: GreenleavesReply, what: string, refusalRule: string, codeToo = true): void {
  t.expect(refusalRule, refused(r), `${what} was not refused: ${describe(r)}`);
  if (refused(r) && codeToo)
    t.expect(
      'GL-ERR-01',
      r.field('pg_error_code') === String(BAD_SIG),
      `${what}: pg_error_code ${shownField(r, 'pg_error_code')}, want ${BAD_SIG}`,
    );
}

// GL-SIG-17 (no reply shows the secret_key, or the pg_sig a badly signed request lacked) is judged by client(t)
// on every reply of the checks citing it: those sending badly signed requests, no request of its own
const sigOf = (r: GreenleavesReply): string | undefined =>
  typeof r.message?.pg_sig === 'string' ? r.message.pg_sig : undefined;

export const checks = gatewayChecks(undefined, [
  {
    id: 'gl.sig.tamper-any-field',
    title: 'a request with any field changed after signing is refused with code 1100',
    area: 'signature',
    rules: ['GL-SIG-04', 'GL-ERR-01', 'GL-SIG-17'],
    plans: ['smoke', 'full'],
    async run(t) {
      const gl = client(t);
      const base = sample(t);
      const good = await gl.post(PAGE, base);
      if (!ok(good)) {
        // refused as badly signed while the same request without the merchant's own field is accepted:
        // the gateway leaves it out of its signature. Any other refusal is the formula's (GL-SIG-02,
        // gl.sig.script-name) or another field's, and leaves nothing to tamper with.
        const bare = signatureRefusal(good) ? await withoutOwnFields(t) : undefined;
        t.require(
          'GL-SIG-04',
          !(bare && ok(bare)),
          `a correctly signed request was refused as badly signed (${describe(good)}), the same without the merchant's own field shop_ref accepted: it is not signed as documented`,
        );
        t.inconclusive(`set-up: the untampered request was not accepted: ${describe(good)}`);
      }
      // every field once (pg_salt and the merchant's own field included), then random changes
      for (const k of Object.keys(base).filter((f) => f !== 'pg_sig')) {
        const r = await gl.post(PAGE, { ...base, [k]: `${base[k] as string}1` }, 'form', `tamper ${k}`);
        // another pg_merchant_id is another (unknown) merchant: refused, but not as a bad signature
        expectBadSignature(t, r, `changing ${k} after signing`, 'GL-SIG-04', k !== 'pg_merchant_id');
      }
      const fields = Object.keys(base).filter((f) => f !== 'pg_sig');
      await t.property(
        'GL-SIG-04',
        fc.tuple(fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 8 })),
        async ([k, v]) => {
          const m = sample(t);
          if (m[k] === v) return;
          const r = await gl.post(PAGE, { ...m, [k]: v });
          t.expect('GL-SIG-04', refused(r), `changing ${k} to ${JSON.stringify(v)} after signing was accepted`);
        },
      );
    },
  },
  {
    id: 'gl.sig.script-name',
    title: 'the signature is bound to the last path segment of the called URL, case included',
    area: 'signature',
    rules: ['GL-SIG-03', 'GL-SIG-02', 'GL-SIG-17'],
    async run(t) {
      const gl = client(t);
      const good = await gl.call(PAGE, pageFields());
      const taken: string[] = [];
      for (const script of ['payment', 'PAYMENT_PAGE', '', 'g2g/payment_page', 'payment_page.php']) {
        const r = await gl.call(PAGE, pageFields(), { script, note: `signed with script "${script}"` });
        if (!refused(r)) taken.push(script);
        // taken fails GL-SIG-03 at once; refused shows something only beside the called name taken
        if (ok(good) || !refused(r))
          t.expect('GL-SIG-03', refused(r), `signed with script name "${script}" for ${PAGE} and accepted`);
      }
      // the script name left out altogether, md5(v1;…;vn;secret_key) (probe 25: a Go gateway signing so
      // stopped the run at the pre-flight): taken, no script name is signed at all. Not one of `taken`:
      // the documented formula (GL-SIG-02) does not hold with it either
      const bare = gl.signed(PAGE, pageFields());
      bare.pg_sig = signWithoutScript(bare, gl.secret);
      const none = await gl.post(PAGE, bare, 'form', 'signed without the script name');
      if (ok(good) || !refused(none))
        t.expect(
          'GL-SIG-03',
          refused(none),
          `signed without any script name (md5 of the values and the secret_key alone) for ${PAGE} and accepted: ${describe(none)}`,
        );
      // refused with the called name and taken with another: the formula holds, the name is GL-SIG-03's
      // (a gateway verifying every request as "payment" left GL-SIG-03 unjudged behind GL-SIG-02's failure)
      if (!ok(good) && taken.length > 0)
        t.cannotJudge(
          'GL-SIG-02',
          `a request signed with "payment_page" was refused (${describe(good)}), the same signed with "${taken[0]}" taken: the formula holds with another script name, which GL-SIG-03 judges`,
        );
      else t.require('GL-SIG-02', ok(good), `a request signed with "payment_page" was not accepted: ${describe(good)}`);
      // paymentAcs keeps its case: "paymentacs" is another name. The signature is checked before
      // the payment is looked up, so a made-up payment id shows which script name was accepted.
      // The code of a bad signature is learnt from a request with a plainly wrong pg_sig (its value is GL-ERR-01's business).
      const acs = { pg_payment_id: '1', pg_md: 'x', pg_pares: 'y' };
      const bad = await gl.post('/g2g/paymentAcs', { ...gl.signed('/g2g/paymentAcs', acs), pg_sig: '0'.repeat(32) });
      const badCode = bad.field('pg_error_code');
      if (!refused(bad) || !badCode)
        t.inconclusive(
          `a wrongly signed paymentAcs was not refused with a code, so the two names cannot be told apart: ${describe(bad)}`,
        );
      const wrongCase = await gl.call('/g2g/paymentAcs', acs, { script: 'paymentacs' });
      t.expect(
        'GL-SIG-03',
        refused(wrongCase) && wrongCase.field('pg_error_code') === badCode,
        `paymentAcs signed as "paymentacs": ${describe(wrongCase)}`,
      );
      const rightCase = await gl.call('/g2g/paymentAcs', acs);
      t.expect(
        'GL-SIG-03',
        rightCase.field('pg_error_code') !== badCode,
        `paymentAcs signed as "paymentAcs" was refused as badly signed: ${describe(rightCase)}`,
      );
    },
  },
  {
    id: 'gl.sig.exact-lowercase',
    title: 'pg_sig is compared exactly: the right hash in uppercase, or only its first half, is refused',
    area: 'signature',
    rules: ['GL-SIG-07', 'GL-SIG-17'],
    async run(t) {
      const gl = client(t);
      await withControl(t, 'a pg_sig in uppercase or cut short', async () => {
        const m = gl.signed(PAGE, pageFields());
        // paycert's own signer, not a rule of the gateway's
        if (!/^[0-9a-f]{32}$/.test(m.pg_sig as string)) throw new Error("paycert's own pg_sig is not 32 lowercase hex");
        const r = await gl.post(PAGE, { ...m, pg_sig: (m.pg_sig as string).toUpperCase() });
        t.expect('GL-SIG-07', refused(r), `uppercase pg_sig accepted: ${describe(r)}`);
        // a prefix comparison (startsWith where === was meant) takes any leading part of the right hash
        const n = gl.signed(PAGE, pageFields());
        const half = await gl.post(
          PAGE,
          { ...n, pg_sig: (n.pg_sig as string).slice(0, 16) },
          'form',
          'first 16 of pg_sig',
        );
        t.expect('GL-SIG-07', refused(half), `pg_sig cut to its first 16 characters accepted: ${describe(half)}`);
      });
    },
  },
  {
    id: 'gl.sig.salt-and-sig-required',
    title: 'a request without pg_salt, or without pg_sig, is refused',
    area: 'signature',
    rules: ['GL-SIG-01', 'GL-SIG-17'],
    plans: ['smoke', 'full'],
    async run(t) {
      const gl = client(t);
      await withControl(t, 'a request without pg_salt or pg_sig', async () => {
        const noSalt: PgMessage = { pg_merchant_id: gl.merchantId, ...pageFields() };
        noSalt.pg_sig = sign('payment_page', noSalt, gl.secret);
        const r1 = await gl.post(PAGE, noSalt, 'form', 'no pg_salt, signed without it');
        t.expect('GL-SIG-01', refused(r1), `accepted without pg_salt: ${describe(r1)}`);
        const { pg_sig: _drop, ...noSig } = gl.signed(PAGE, pageFields());
        const r2 = await gl.post(PAGE, noSig, 'form', 'no pg_sig');
        t.expect('GL-SIG-01', refused(r2), `accepted without pg_sig: ${describe(r2)}`);
      });
    },
  },
  {
    id: 'gl.sig.utf8',
    title:
      'values are hashed as UTF-8: a Cyrillic description signed over UTF-8 is accepted, the same signed over Latin-1 bytes refused',
    area: 'signature',
    rules: ['GL-SIG-08', 'GL-SIG-17'],
    async run(t) {
      const gl = client(t);
      const cyrillic = { pg_description: 'Покупка в интернет магазине Site.kz' };
      const r = await gl.call(PAGE, pageFields(cyrillic));
      // refused: for its bytes only where the same request with an ASCII description is taken
      if (!ok(r)) {
        const ascii = await gl.call(PAGE, pageFields(), {
          note: 'the same request with an ASCII description (control)',
        });
        if (!ok(ascii))
          return t.cannotJudge(
            'GL-SIG-08',
            `a Cyrillic pg_description signed over UTF-8 was refused (${describe(r)}), and so was the same request with an ASCII description (${describe(ascii)}): the refusal is not about the bytes hashed`,
          );
      }
      if (ok(r)) {
        // an acceptance shows which bytes are hashed only beside a refusal of the same request signed over
        // other bytes: a gateway that does not check this signature (or takes any) accepts both
        const twin = await gl.call(PAGE, pageFields(cyrillic), {
          charset: 'latin1',
          note: 'the same request signed over the Latin-1 bytes of its values (a wrong signer)',
        });
        if (!refused(twin))
          return t.cannotJudge(
            'GL-SIG-08',
            `a Cyrillic pg_description signed over UTF-8 was accepted, and so was the same request signed over Latin-1 bytes (${describe(twin)}): which bytes the gateway hashes is not shown`,
          );
      }
      t.expect('GL-SIG-08', ok(r), `a Cyrillic pg_description signed over UTF-8 was refused: ${describe(r)}`);
    },
  },
  {
    id: 'gl.sig.empty-values',
    title: 'empty values take part in the signature (";;")',
    area: 'signature',
    rules: ['GL-SIG-09', 'GL-SIG-17'],
    async run(t) {
      const gl = client(t);
      if (!(await merchantFieldsSigned(t)))
        t.inconclusive(
          "a correctly signed request with a merchant's own field was refused (GL-SIG-04): the empty merchant field cannot be judged",
        );
      const bare: PgMessage = { pg_merchant_id: gl.merchantId, ...pageFields({ shop_note: '' }) };
      const fields: PgMessage = { ...bare, pg_salt: saltFor('payment_page', bare, gl.secret) };
      const withEmpty = { ...fields, pg_sig: sign('payment_page', fields, gl.secret) };
      const r1 = await gl.post(PAGE, withEmpty, 'form', 'signed with the empty value');
      t.expect('GL-SIG-09', ok(r1), `signed with the empty value's ";;" and refused: ${describe(r1)}`);
      const skipped = sign('payment_page', fields, gl.secret, { skipEmpty: true });
      const r2 = await gl.post(PAGE, { ...fields, pg_sig: skipped }, 'form', 'signed without the empty value');
      t.expect('GL-SIG-09', refused(r2), `signed without the empty value and accepted: ${describe(r2)}`);
    },
  },
  {
    id: 'gl.sig.byte-order',
    title: 'field names are ordered byte-wise and case-sensitively',
    area: 'signature',
    rules: ['GL-SIG-10', 'GL-SIG-17'],
    async run(t) {
      const gl = client(t);
      if (!(await merchantFieldsSigned(t)))
        t.inconclusive(
          "a correctly signed request with a merchant's own field was refused (GL-SIG-04): the order of such names cannot be judged",
        );
      // "Zeta" < "_x" < "alpha" byte-wise; case-insensitively "alpha" < "Zeta"
      const bare: PgMessage = { pg_merchant_id: gl.merchantId, ...pageFields({ alpha: 'a1', Zeta: 'z1', _x: 'u1' }) };
      const fields: PgMessage = { ...bare, pg_salt: saltFor('payment_page', bare, gl.secret) };
      const r1 = await gl.post(
        PAGE,
        { ...fields, pg_sig: sign('payment_page', fields, gl.secret) },
        'form',
        'byte-wise order',
      );
      t.expect('GL-SIG-10', ok(r1), `signed in byte-wise order and refused: ${describe(r1)}`);
      const sig = sign('payment_page', fields, gl.secret, { order: 'folded' });
      const r2 = await gl.post(PAGE, { ...fields, pg_sig: sig }, 'form', 'case-insensitive order');
      t.expect('GL-SIG-10', refused(r2), `signed in case-insensitive order and accepted: ${describe(r2)}`);
    },
  },
  {
    id: 'gl.sig.replies-signed',
    title:
      'success and error replies carry pg_salt and a pg_sig made with the called script name; the salts of each kind of reply are not all one',
    area: 'signature',
    rules: ['GL-SIG-11', 'GL-SIG-12', 'GL-SIG-14', 'GL-SIG-15', 'GL-SIG-07', 'GL-SIG-16', 'GL-TX-09', 'GL-SIG-17'],
    plans: ['smoke', 'full'],
    async run(t) {
      const gl = client(t);
      // GL-SIG-11 is judged on each reply as it arrives (support.ts client), named by its note
      const cases = [
        { what: 'success reply', path: PAGE, r: await gl.call(PAGE, pageFields(), { note: 'success reply' }) },
        // a second of the same operation: GL-SIG-16 compares replies of one kind
        {
          what: 'another success reply',
          path: PAGE,
          r: await gl.call(PAGE, pageFields(), { note: 'another success reply' }),
        },
        {
          what: 'error reply (field violation)',
          path: PAGE,
          r: await gl.call(PAGE, pageFields({ pg_amount: 'abc' }), { note: 'error reply (field violation)' }),
        },
        // to /g2g/payment, whose documented 1100 reply is signed (digest §3.1); payment_page's is unsigned
        // (digest §3.11, open question 3), so an unsigned one there shows nothing against GL-SIG-14
        {
          what: 'error reply (bad signature)',
          path: '/g2g/payment',
          r: await gl.post('/g2g/payment', {
            ...gl.signed('/g2g/payment', cardFields(card({ auth: true, threeDs: false }))),
            pg_sig: '0'.repeat(32),
          }),
        },
        {
          what: 'status reply',
          path: STATUS,
          r: await gl.call(STATUS, { pg_order_id: 'NOSUCHORDER1' }, { note: 'status reply' }),
        },
        // a card payment's reply carries "0" (pg_3ds) and often empty values: signed like any other
        {
          what: 'card payment reply',
          path: '/g2g/payment',
          r: await gl.call('/g2g/payment', cardFields(card({ auth: true, threeDs: false })), {
            note: 'card payment reply',
          }),
        },
      ];
      // GL-SIG-16: each request above was signed with a salt of its own (client().signed: salt()), so
      // replies of one kind that all carry one salt were not given a new one, nor the request's echoed. Each
      // kind on its own: the success replies of one operation, the error replies (a gateway giving every
      // success reply pg_salt "salt" and its error replies a new one passed, probe18 BUG=const-salt)
      const kinds = new Map<string, string[]>();
      for (const { path, r } of cases) {
        const s = r.field('pg_salt');
        if (!s) continue;
        const kind = r.field('pg_status') === 'error' ? 'error replies' : `${path} replies that took the request`;
        kinds.set(kind, [...(kinds.get(kind) ?? []), s]);
      }
      const judgedKinds = [...kinds].filter(([, salts]) => salts.length >= 2);
      for (const [kind, salts] of judgedKinds)
        t.expect(
          'GL-SIG-16',
          new Set(salts).size > 1,
          `the ${salts.length} signed ${kind}, to requests each with its own pg_salt, all carry pg_salt "${salts[0]}"`,
        );
      if (judgedKinds.length === 0)
        t.cannotJudge(
          'GL-SIG-16',
          `no two replies of one kind carried a pg_salt (${[...kinds].map(([k, s]) => `${k}: ${s.length}`).join(', ') || 'none did'})`,
        );
      const judged = cases.map(({ what, path, r }) => {
        const signed = carriesSignature(r.message);
        const name = signed ? replySignedWith(t, r.message, path) : undefined;
        // signed with the secret over the values alone, no script name (probe 25's Go gateway): ''
        const bare = signed && name === undefined && verifyWithoutScript(r.message!, gl.secret, sigOf(r));
        return { what, r, path, signed, name: bare ? '' : name };
      });
      // a reply whose pg_sig verifies under some script name (or none): the merchant's secret is right
      const verified = judged.find((c) => c.name !== undefined);
      for (const { what, r, path, signed, name } of judged) {
        const script = scriptName(path);
        // the reply to a bad signature: signed in one vendor example, unsigned in another (GL-SIG-14);
        // the "payment not found" status reply: unsigned in the current public example (GL-SIG-15)
        // an acceptance is no error reply: those two rules are not judged on it (GL-SIG-04 judges a wrong
        // pg_sig accepted), the reply is judged as any other (GL-SIG-11). pg_status is read as it stands:
        // ok() and refused() end the check at an unreadable one
        const status = r.field('pg_status');
        // GL-SIG-11's replies are judged by client() as they arrived; the two error replies of their own
        // rules here
        let rule: string | undefined;
        if (what === 'error reply (bad signature)') {
          if (status === 'ok')
            t.cannotJudge(
              'GL-SIG-14',
              `the request with a wrong pg_sig was accepted (${describe(r)}): there is no error reply to judge`,
            );
          else rule = 'GL-SIG-14'; // a refusal, or a reply too garbled to tell: its form is judged all the same
        } else if (what === 'status reply') {
          if (status === 'error') rule = 'GL-SIG-15';
          // pg_payment_id 0, the documented "does not exist" (digest §3.12): no error reply there by design
          else if (status === 'ok' && r.field('pg_payment_id') === '0')
            t.notJudged(
              'GL-SIG-15',
              'the status of an order that does not exist was answered pg_payment_id 0 ("the payment does not exist", digest §3.12), not with an error reply: there is none to judge',
            );
          else
            t.cannotJudge(
              'GL-SIG-15',
              `the status of an order that does not exist was answered pg_status=${shownField(r, 'pg_status')} (${describe(r)}): there is no error reply to judge`,
            );
        }
        if (!signed) {
          if (rule) t.expect(rule, false, `${what}: ${unsigned(r.message)}: ${describe(r)}`);
          continue;
        }
        // GL-SIG-07 on the pg_sig as it is seen: its case shows whether it verifies or not (judged only on one
        // that verified, replies signed over their values in another order left it "never reached")
        lowercaseSig(t, r.message, what);
        if (name === undefined) {
          const garbled = undecodable(r.http);
          const none = `${what}: pg_sig does not verify with the merchant's secret under any of the ${replyScripts(path).length} script names paycert tries ("${script}" among them)${garbled ? ` (${garbled})` : ''}`;
          // a name that verifies is GL-SIG-12's to judge (a wrong one is no wrong secret). None of them, the
          // called one, its case and ".php" forms, the path and every endpoint's name: no merchant can verify
          // the reply, and its script name cannot be told (GL-SIG-12 is not judged on it: paycert once warned
          // it on replies signed in hash order, or with a field added after signing)
          // the body read in the other charset verifies: its label is at fault (an edge relabelling it, probe 20)
          const relabelled = rule ? verifiesInOtherCharset(t, r.http, path) : undefined;
          if (rule)
            t.expect(
              rule,
              false,
              relabelled
                ? `${none}, but ${relabelled}`
                : verified
                  ? `${none}, while the ${verified.what}'s verifies (with "${verified.name}"): the secret is right, this reply is not signed as documented`
                  : `${none}, nor does any other reply: they cannot be verified`,
            );
          continue;
        }
        if (rule) t.pass(rule);
        t.expect(
          'GL-SIG-12',
          name === script,
          name === ''
            ? `${what}: pg_sig verifies with no script name at all (md5 of the values and the secret_key alone), not with "${script}" (the endpoint called)`
            : `${what}: pg_sig verifies with the script name "${name}", not with "${script}" (the endpoint called)`,
        );
      }
      if (!verified)
        t.cannotJudge(
          'GL-SIG-12',
          "no reply's pg_sig verifies under any script name paycert tries: which name they are signed with cannot be told (GL-SIG-11 judges the signatures)",
        );
    },
  },
  {
    id: 'gl.sig.unknown-merchant',
    title: 'a request from an unknown merchant gets an unsigned reply with code 9998',
    area: 'signature',
    rules: ['GL-SIG-13'],
    async run(t) {
      const gl = client(t);
      const r = await gl.call(PAGE, { pg_merchant_id: '999999999', ...pageFields() });
      if (!refused(r)) t.fail('GL-SIG-13', `an unknown merchant was not refused: ${describe(r)}`);
      // its refusal, and what it carries, are about the merchant only where this shop's own request is
      // accepted (a gateway refusing everything answers the unknown merchant as it answers the shop)
      const own = await gl.call(PAGE, pageFields(), { note: "the shop's own request (control)" });
      if (!ok(own))
        return t.cannotJudge(
          'GL-SIG-13',
          `the shop's own correctly signed request was refused too (${describe(own)}), so the refusal of an unknown merchant shows nothing`,
        );
      t.expect('GL-SIG-13', refused(r), `an unknown merchant was not refused: ${describe(r)}`);
      t.expect('GL-SIG-13', r.field('pg_error_code') === '9998', `code ${r.field('pg_error_code')}, want 9998`);
      t.expect(
        'GL-SIG-13',
        r.field('pg_sig') === undefined && r.field('pg_salt') === undefined,
        'the reply is signed although the merchant is unknown',
      );
    },
  },
  {
    id: 'gl.sig.error-codes-documented',
    title: 'every error code the gateway returns is documented in errors.json, with the error fields',
    area: 'errors',
    rules: ['GL-ERR-02', 'GL-ERR-04'],
    async run(t) {
      const gl = client(t);
      const known = new Set(loadErrors('greenleaves').codes.map((c) => String(c.code)));
      const replies = [
        await gl.post(PAGE, { ...gl.signed(PAGE, pageFields()), pg_sig: 'f'.repeat(32) }),
        await gl.call(PAGE, pageFields({ pg_amount: '-1' })),
        await gl.call('/g2g/status_v2', { pg_payment_id: '1' }),
        await gl.call('/g2g/refund', { pg_payment_id: '1', pg_amount: '1' }),
        // an issuer's decline: a gateway may pass the acquirer's own code (ISO 8583 "05") through
        await gl.call('/g2g/payment', cardFields(card({ auth: false }))),
      ];
      const errors = replies.filter(refused);
      // a request that should have been refused but was not is judged by its own rule, not here
      if (errors.length === 0)
        t.inconclusive(
          `none of the requests meant to provoke an error was refused: ${replies.map(describe).join('; ')}`,
        );
      for (const r of errors) {
        t.expect(
          'GL-ERR-02',
          !!r.field('pg_error_code') && r.field('pg_error_description') !== undefined,
          `error reply without pg_error_code / pg_error_description: ${describe(r)}`,
        );
        t.expect(
          'GL-ERR-04',
          known.has(r.field('pg_error_code') ?? ''),
          `pg_error_code ${shownField(r, 'pg_error_code')} is not in specs/greenleaves/errors.json`,
        );
      }
    },
  },
]);
