import { sortKeys } from '../../src/protocols/common/json-keys.ts';
import fc from 'fast-check';
import { defineChecks } from '../../src/harness/check.ts';
import {
  decodeProtectedHeader,
  g2gHeader,
  isDocumentedLayout,
  serialiseHeader,
  signDetached,
  signDetachedRaw,
  V5_PATHS,
  JWS_URI_VAR,
  pathPrefix,
  scopeRefused,
  type HmacAlg,
} from '../../src/protocols/greenleaves-v5/index.ts';
import { COMPACT, layoutArb, serialise, type Layout } from './layout.ts';
import {
  card,
  client,
  createBody,
  describe,
  orderId,
  orderOf,
  outcome,
  showsPayment,
  expectRefused,
  expectNothingCreated,
  few,
  otherClient,
  P,
  processed,
  read,
  utf8,
  withSignature,
  type Ctx,
  expectNoRefund,
  controlAccepted,
  refusedForSignature,
  sendControl,
  withControl,
  type Body,
  uriOf,
  notFound,
} from './support.ts';
import type { V5Reply } from '../../src/sdk/greenleaves-v5.ts';

const b64u = (b: Uint8Array | string): string => Buffer.from(b).toString('base64url');

const authorising = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** The documented header text for a create with the subject's auth_id, and a variant of it. */
function headerText(t: Ctx, fields: Record<string, unknown> = {}, drop: string[] = []): string {
  const h: Record<string, unknown> = {
    ...JSON.parse(serialiseHeader(g2gHeader(uriOf(t, V5_PATHS.create), t.credentials.authId))),
    ...fields,
  };
  for (const k of drop) delete h[k];
  return JSON.stringify(h);
}

/** Why the refusal `r` of paycert's correctly signed create is not its token's (form, header, key): a
 *  correctly signed one-member read {"order_id"} of an order nobody has was taken (processed, or refused
 *  as not found: past the signature), so the create's body bytes are what the gateway verifies otherwise;
 *  undefined when that read was refused otherwise. A refusal of the read for any other reason (a scope
 *  refusal, a validation 4xx, a code of the gateway's own that refusedForSignature, comparing with a
 *  wrong-key read, does not take for the signature's) shows no token taken. */
async function notTheToken(t: Ctx, r: V5Reply): Promise<string | undefined> {
  if (!(await refusedForSignature(t, r))) return undefined;
  const read = await client(t).call(
    'status',
    { order_id: orderId() },
    { note: 'a correctly signed one-member read {"order_id"}: is the token taken over a body no serialiser rewrites?' },
  );
  const o = outcome(read);
  const taken = o === 'processed' || (o === 'refused' && notFound(read) && !scopeRefused(read.error));
  if (!taken) return undefined;
  return `the correctly signed create was refused for its signature (${describe(r)}), but the same token form, header layout and key over a one-member read were taken (${describe(read)}): the create's body bytes are not those verified (V5-JWS-06 and V5-JWS-07 judge that), and the token itself is not shown refused`;
}

/** For a reason: the uri paycert signed and why, when --target has a path prefix (src/cli/preflight.ts). */
function signedUriNote(t: Ctx): string {
  const prefix = pathPrefix(t.subject.baseUrl);
  if (prefix === '') return '';
  const uri = uriOf(t, V5_PATHS.create);
  const why = t.subject.jwsUri?.why;
  return ` (signed for uri ${uri}, --target's path prefix ${prefix} ${uri.startsWith(prefix) ? 'included' : 'left out'}${why ? `: ${why}` : ''}; ${JWS_URI_VAR}=api-path or full-path forces a reading)`;
}

// V5-JWS-15 (no reply shows the secret_key, or the signature a badly signed request lacked) is judged by
// client(t) on every reply of the checks citing it: those sending badly signed requests, no request of its own
export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'jws' }, [
  {
    id: 'v5.jws.accepted',
    title:
      'a detached HS256 token in the documented layout, keyed with the secret_key, is accepted; one keyed otherwise is refused (1001)',
    rules: ['V5-JWS-01', 'V5-JWS-02', 'V5-JWS-04', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const sent = await v5.request('create', createBody(authorising()));
      const token = sent.headers['X-JWS-Signature']!;
      const d = decodeProtectedHeader(token);
      // paycert's own token, not the gateway: no rule of the subject's (these passed V5-JWS-01/02 whatever
      // the gateway did)
      if (!/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]{43}$/.test(token) || !(d.ok && isDocumentedLayout(d.headerText)))
        throw new Error(`paycert's own token is not header..signature with the documented header: ${token}`);
      const r = await v5.send(sent, 'correctly signed');
      // taken, it shows the token's form and header are (V5-JWS-01/02) only where a wrong signature is
      // refused (below): a gateway taking every token takes this one for no reason of its form
      if (!processed(r)) {
        // the same token form, header layout and key over a body no serialiser rewrites (a one-member
        // read): taken, the create's refusal is its body bytes' (V5-JWS-06/-07 judge them), not theirs
        const bytes = await notTheToken(t, r);
        if (bytes) {
          for (const rule of ['V5-JWS-01', 'V5-JWS-02', 'V5-JWS-04', 'V5-ERR-01', 'V5-ERR-04'])
            t.cannotJudge(rule, bytes);
          return;
        }
        const signed = signedUriNote(t);
        t.expect('V5-JWS-01', false, `a correct detached token was not accepted: ${describe(r)}${signed}`);
        t.expect('V5-JWS-02', false, `a header in the documented layout was not accepted: ${describe(r)}${signed}`);
        // refused as a scope mismatch (uri, method, auth_id or params): the key is not what was refused
        if (scopeRefused(r.error))
          t.cannotJudge(
            'V5-JWS-04',
            `the correctly signed request was refused as a signature scope mismatch (${describe(r)}), not for its key${signed}`,
          );
      }
      if (processed(r) || !scopeRefused(r.error))
        t.expect(
          'V5-JWS-04',
          processed(r),
          `HS256 with the merchant's secret_key was not accepted: ${describe(r)}${signedUriNote(t)}`,
        );
      if (!processed(r)) {
        // a gateway that refuses the correct token refuses the ones below too: their refusal (and its
        // code and status) shows nothing about the key
        for (const rule of ['V5-ERR-01', 'V5-ERR-04'])
          t.cannotJudge(
            rule,
            `the correctly signed request was refused (${describe(r)}), so the refusal of requests signed with other keys shows nothing`,
          );
        return;
      }
      // the key is the merchant's own, chosen by auth_id: the second merchant's request signed with its
      // secret_key is taken too (a gateway configured with one key refuses it), when it is configured
      const other = otherClient(t);
      if (other) {
        const b = await other.call('create', createBody(authorising()), {
          note: "the second merchant's create, signed with its own secret_key",
        });
        t.expect(
          'V5-JWS-04',
          processed(b),
          `the second merchant's request (auth_id ${other.authId}) signed with its own secret_key was not accepted, while the first merchant's was: ${describe(b)} (is the key not chosen by auth_id?)`,
        );
      }
      const secret = t.credentials.secretKey;
      let wrongRefused = 0;
      for (const [what, key] of [
        ['another key', `${secret}x`],
        ['the key with a trailing newline', `${secret}\n`],
        ['an empty key', ''],
        ['the key uppercased', secret.toUpperCase()],
      ] as const) {
        if (key === secret) continue;
        const body = createBody(authorising());
        const s = await v5.request('create', body);
        const bytes = s.body;
        const forged = signDetachedRaw(headerText(t), bytes, key, 'HS256');
        const w = await v5.send(withSignature(s, forged), `signed with ${what}`);
        if (await expectRefused(t, w, 'V5-JWS-04', 1001, `a request signed with ${what}`, orderOf(s))) wrongRefused++;
      }
      // a value that is not the key's HMAC, however close to it: a gateway comparing signatures loosely
      // (ignoring case, or accepting a prefix of its own MAC) takes these
      const swapCase = (sig: string) => {
        const i = Math.max(0, sig.search(/[A-Za-z]/));
        const c = sig[i]!;
        return sig.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + sig.slice(i + 1);
      };
      for (const [what, alter, code] of [
        ["the correct signature with one letter's case swapped", swapCase, 1001],
        // 15 bytes, canonical base64url (a cut mid-byte could be a malformed token, 1003)
        ['the correct signature cut to its first 20 characters', (sig: string) => sig.slice(0, 20), 1001],
      ] as const) {
        const s = await v5.request('create', createBody(authorising()));
        const [h, , sig] = s.headers['X-JWS-Signature']!.split('.') as [string, string, string];
        const w = await v5.send(withSignature(s, `${h}..${alter(sig)}`), what);
        if (await expectRefused(t, w, 'V5-JWS-04', code, `a request carrying ${what}`, orderOf(s))) wrongRefused++;
      }
      for (const rule of ['V5-JWS-01', 'V5-JWS-02'])
        t.passBeside(
          rule,
          wrongRefused > 0,
          () =>
            'the correctly signed request was processed, and so was every one signed wrongly: taking the token shows nothing about its form',
        );
    },
  },
  {
    id: 'v5.jws.body-tamper',
    title: 'any single-byte change of the body after signing is refused (1001)',
    rules: ['V5-JWS-07', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      await withControl(t, 'a body changed after signing', async () => {
        await t.property(
          'V5-JWS-07',
          fc.record({ pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
          async ({ pos, byte }) => {
            const sent = await v5.request('create', createBody(authorising()));
            const body = Uint8Array.from(sent.body);
            const i = pos % body.length;
            const b = body[i] === byte ? (byte + 1) & 0xff : byte;
            body[i] = b;
            const r = await v5.send({ ...sent, body }, `byte ${i} changed to 0x${b.toString(16)} after signing`);
            await expectRefused(
              t,
              r,
              'V5-JWS-07',
              1001,
              `the body with byte ${i} changed to 0x${b.toString(16)} after signing`,
              orderOf({ ...sent, body }),
            );
          },
        );
      });
    },
  },
  {
    id: 'v5.jws.header-tamper',
    title: 'any single-byte change of the protected header after signing is refused',
    rules: ['V5-JWS-03', 'V5-JWS-15'],
    async run(t) {
      const v5 = client(t);
      await withControl(t, 'a protected header changed after signing', async () => {
        await t.property(
          'V5-JWS-03',
          fc.record({ pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
          async ({ pos, byte }) => {
            const sent = await v5.request('create', createBody(authorising()));
            const [h, , s] = sent.headers['X-JWS-Signature']!.split('.') as [string, string, string];
            const header = Uint8Array.from(Buffer.from(h, 'base64url'));
            const i = pos % header.length;
            const b = header[i] === byte ? (byte + 1) & 0xff : byte;
            header[i] = b;
            const r = await v5.send(
              withSignature(sent, `${b64u(header)}..${s}`),
              `header byte ${i} changed to 0x${b.toString(16)} after signing`,
            );
            await expectRefused(
              t,
              r,
              'V5-JWS-03',
              undefined,
              `the protected header with byte ${i} changed to 0x${b.toString(16)} after signing`,
            );
          },
        );
      });
    },
  },
  {
    id: 'v5.jws.header-layout',
    title: 'a protected header in another field order or spacing is accepted when signed over those bytes',
    rules: ['V5-JWS-03'],
    async run(t) {
      const v5 = client(t);
      const h = JSON.parse(headerText(t)) as Record<string, string>;
      const variants: Array<[string, string]> = [
        ['reversed field order', JSON.stringify(Object.fromEntries(Object.entries(h).reverse()))],
        ['alg first', JSON.stringify({ alg: h.alg, ...h })],
        ['spaces after ":" and ","', JSON.stringify(h).replace(/":/g, '": ').replace(/,"/g, ', "')],
        ['pretty-printed', JSON.stringify(h, null, 2)],
        ['escaped slashes', JSON.stringify(h).replace(/\//g, '\\/')],
      ];
      // the layout is under test, not the body: when a variant is refused, the same kind of create
      // under the documented header must be processed, or the refusal is not the layout's
      for (const [what, text] of variants) {
        const sent = await v5.request('create', createBody(authorising()));
        const r = await v5.send(
          withSignature(sent, signDetachedRaw(text, sent.body, t.credentials.secretKey)),
          `header: ${what}`,
        );
        if (processed(r)) continue;
        await controlAccepted(t, `a header with ${what} (${describe(r)})`, {
          note: 'a create under the documented header',
        });
        t.expect('V5-JWS-03', false, `a header with ${what}, signed over those bytes, was refused: ${describe(r)}`);
      }
    },
  },
  {
    id: 'v5.jws.exact-body-bytes',
    title:
      'key order, whitespace (blanks around the body too) and escaping are signed: a body re-serialised or padded after signing is refused, one signed in any layout is accepted as sent',
    rules: ['V5-JWS-06', 'V5-JWS-07', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      await withControl(t, 'a body re-serialised after signing', async () => {
        const sample = (cyrillic: boolean) =>
          createBody(authorising(), {
            description: cyrillic ? 'Оплата заказа / paycert' : 'paycert order / test',
            urls: { result_url: 'https://merchant.example/paycert/result' },
          });
        // the same content under a fresh order_id (in its place): a request wrongly taken must not make
        // the next one a duplicate order (3003), refused for a cause of its own
        const fresh = (body: Body) => ({ ...body, order_id: orderId() });
        /** The same content (`cyrillic` or not) signed over exactly the bytes sent, compact with non-ASCII
         *  \u-escaped (plain ASCII bytes), under a fresh order_id: whether the gateway processes it. A
         *  refusal of a body re-serialised after signing shows the bytes are verified only beside it (a
         *  gateway refusing this content, whatever its bytes, refuses that too). Once per content. */
        const asciiControls = new Map<boolean, ReturnType<typeof sendControl>>();
        const asciiControl = (cyrillic: boolean) => {
          const made =
            asciiControls.get(cyrillic) ??
            sendControl(t, {
              body: serialise(sample(cyrillic), { ...COMPACT, escapeNonAscii: true }),
              note: 'the same content, compact, non-ASCII \\u-escaped',
            });
          asciiControls.set(cyrillic, made);
          return made;
        };
        /** V5-JWS-07 on `r`, the reply to a body signed in one layout and sent in another (`what`): a body
         *  taken fails it; a refusal passes it only when the same content signed as sent is processed
         *  (`taken`, else the ASCII control decides). Returns whether it was refused, undefined when the
         *  refusal shows nothing. */
        const judgeTwin = async (r: V5Reply, what: string, order: string, cyrillic: boolean, taken = false) => {
          if (!taken && outcome(r) !== 'processed' && !showsPayment(r)) {
            const ascii = await asciiControl(cyrillic);
            if (!ascii.accepted) {
              t.cannotJudge(
                'V5-JWS-07',
                `a body ${what} was refused (${describe(r)}), but so was the same content signed over exactly the bytes sent, compact in ASCII (${describe(ascii.reply)}): the refusal shows nothing about the bytes verified`,
              );
              return undefined;
            }
          }
          return expectRefused(t, r, 'V5-JWS-07', undefined, `a body ${what}`, order);
        };
        /** A body signed and sent `what` (layout `l`) was refused: V5-JWS-06's failure only when the refusal
         *  is the signature's and either the same content in plain ASCII bytes (compact, \u-escaped) is
         *  taken (a gateway refusing raw UTF-8 refuses the same content sent raw and compact too), or that
         *  too is refused for its signature while another correctly signed create is processed: a
         *  signature made over exactly the bytes sent is refused, so other bytes are verified (PHP's
         *  json_encode(json_decode($raw)), escaping "/"). Refused for another cause, nothing is judged. */
        const refusedAsSent = async (body: Body, l: Layout, what: string, r: V5Reply, cyrillic: boolean) => {
          if (!(await refusedForSignature(t, r)))
            return t.cannotJudge(
              'V5-JWS-06',
              `a body signed and sent ${what} was refused for another cause than its signature (${describe(r)}), which shows nothing about the bytes verified`,
            );
          const ascii = await asciiControl(cyrillic);
          if (!ascii.accepted) {
            const other = await sendControl(t);
            if (!(await refusedForSignature(t, ascii.reply)) || !other.accepted)
              return t.cannotJudge(
                'V5-JWS-06',
                other.accepted
                  ? `a body signed and sent ${what} was refused for its signature (${describe(r)}), and the same content compact in ASCII was refused for another cause (${describe(ascii.reply)}): the content, not its bytes, is refused`
                  : `a body signed and sent ${what} was refused (${describe(r)}), and so was every correctly signed create, ${describe(other.reply)}: which bytes are verified is not shown`,
              );
            return t.expect(
              'V5-JWS-06',
              false,
              `a body signed and sent ${what} was refused for its signature (${describe(r)}), and so was the same content compact in ASCII, signed over exactly the bytes sent (${describe(ascii.reply)}), while a create of other content was processed: the signature is verified over other bytes than those sent (a body re-encoded: "/" written "\\/", non-ASCII \\u-escaped?)`,
            );
          }
          // for the reader: whether the layout or the raw UTF-8 is refused (either fails the rule)
          let cause = '';
          if (/[^\x00-\x7f]/.test(serialise(body, l))) {
            const plain = await sendControl(t, {
              body: serialise(sample(false), l),
              note: 'ASCII-only content, same layout',
            });
            cause = plain.accepted
              ? '; ASCII-only content in the same layout was processed: its raw UTF-8 is refused'
              : `; ASCII-only content in the same layout was refused too (${describe(plain.reply)})`;
          }
          t.expect(
            'V5-JWS-06',
            false,
            `a body signed and sent ${what} was refused for its signature (${describe(r)}), the same content compact in ASCII was processed${cause}`,
          );
        };
        const exchange = async (body: Body, l: Layout, what: string, cyrillic: boolean) => {
          // signed compact, re-serialised or padded on the way (middleware, a pretty-printer); judged
          // after the same content signed as sent, which shows whether its refusal is the bytes'
          let twin: V5Reply | undefined;
          if (serialise(body, l) !== JSON.stringify(body)) {
            const sent = await v5.request('create', JSON.stringify(body));
            twin = await v5.send({ ...sent, body: utf8(serialise(body, l)) }, `signed compact, sent ${what}`);
          }
          const own = fresh(body);
          const r2 = await v5.call('create', serialise(own, l), { note: `signed and sent ${what}` });
          const twinRefused =
            twin &&
            (await judgeTwin(
              twin,
              `signed compact and sent ${what}`,
              body.order_id as string,
              cyrillic,
              processed(r2),
            ));
          // judged here: the property alone judges nothing (t.property). An acceptance shows that the bytes
          // as sent are what is verified only beside the refusal of the same body re-serialised after
          // signing: a gateway that verifies nothing takes both (a compact layout has no such twin)
          if (processed(r2)) {
            if (twinRefused) t.pass('V5-JWS-06');
            else if (twinRefused === false)
              t.cannotJudge(
                'V5-JWS-06',
                `a body signed and sent ${what} was processed, and so was the same body signed compact and sent ${what}: which bytes are verified is not shown`,
              );
            return;
          }
          await refusedAsSent(own, l, what, r2, cyrillic);
        };
        const fixed: Array<[string, Layout, boolean]> = [
          ['pretty-printed', { ...COMPACT, indent: '  ', spaceAfterColon: true }, false],
          ['with a final newline', { ...COMPACT, trail: '\n' }, false],
          ['with raw UTF-8 Cyrillic', COMPACT, true],
          ['with \\u-escaped Cyrillic', { ...COMPACT, escapeNonAscii: true }, true],
          ['with spaces after ":"', { ...COMPACT, spaceAfterColon: true }, false],
          ['with escaped slashes', { ...COMPACT, escapeSlash: true }, false],
          ['in another key order', { ...COMPACT, order: 7 }, false],
          ['with blanks at either end', { ...COMPACT, lead: '\r\n', trail: '  ' }, false],
        ];
        for (const [what, l, cyr] of few(t, fixed, 4, { rules: ['V5-JWS-06'], name: ([what]) => what }))
          await exchange(sample(cyr), l, what, cyr);
        // signed in the layout a re-encoding verifier rebuilds, sent compact in the seed's order: a gateway
        // that re-serialises the body before verifying takes it, though the bytes differ from those signed.
        // Keys sorted (Perl JSON::PP->canonical, Jackson ORDER_MAP_ENTRIES_BY_KEYS); "/" and non-ASCII
        // escaped (PHP's json_encode default)
        for (const [what, cyr, signedText] of [
          ['signed with its keys sorted, sent in the seed order', false, (b: Body) => JSON.stringify(sortKeys(b))],
          [
            'signed as PHP json_encode writes it ("\\/", \\u escapes), sent raw',
            true,
            (b: Body) => serialise(b, { ...COMPACT, escapeNonAscii: true, escapeSlash: true }),
          ],
        ] as const) {
          const body = sample(cyr);
          const asSent = JSON.stringify(body);
          if (signedText(body) === asSent) continue;
          const signed = await v5.request('create', signedText(body));
          const r = await v5.send({ ...signed, body: utf8(asSent) }, what);
          await judgeTwin(r, what, body.order_id as string, cyr);
        }
        await t.property('V5-JWS-06', fc.tuple(layoutArb, fc.boolean()), async ([l, cyr]) =>
          exchange(sample(cyr), l, `in layout ${JSON.stringify(l)}`, cyr),
        );
      });
    },
  },
  {
    id: 'v5.jws.alg',
    title:
      'only HS256: a token without an HS256 MAC (alg none unsigned, another alg even computed correctly) is refused; so is a header naming another alg over a valid HS256 MAC (1002)',
    rules: ['V5-JWS-05', 'V5-JWS-14', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const key = t.credentials.secretKey;
      type Forge = (body: Uint8Array) => Promise<string> | string;
      const hmac =
        (alg: HmacAlg): Forge =>
        (body) =>
          signDetached(body, g2gHeader(uriOf(t, V5_PATHS.create), t.credentials.authId, alg), key);
      const labelled =
        (alg: string, sig: 'none' | 'hs256' | 'random'): Forge =>
        (body) => {
          const text = headerText(t, { alg });
          if (sig === 'none') return `${b64u(text)}..`;
          if (sig === 'hs256') return signDetachedRaw(text, body, key, 'HS256');
          return `${b64u(text)}..${b64u(Buffer.alloc(256, 7))}`;
        };
      // V5-JWS-05 (the seed's HS256): no HS256 MAC at all. A gateway that never reads alg refuses these
      // as a bad signature, so 1001 is as good a code as 1002 here
      const noHs256: Array<[string, Forge]> = [
        ['alg none without a signature', labelled('none', 'none')],
        ['HS512, computed correctly', hmac('HS512')],
        ['RS256', labelled('RS256', 'random')],
        ['HS384, computed correctly', hmac('HS384')],
      ];
      // V5-JWS-14 (INFERRED): the merchant's own HS256 MAC under a header naming another alg; nothing is
      // forged, only a gateway that reads alg refuses it
      const otherLabel: Array<[string, Forge]> = [
        ['alg none with an HS256 signature', labelled('none', 'hs256')],
        // a gateway comparing the alg name case-insensitively takes this one
        ['alg "hs256" (lowercase), HS256 signature', labelled('hs256', 'hs256')],
        ['alg "None", HS256 signature', labelled('None', 'hs256')],
      ];
      const ERRS = ['V5-ERR-01', 'V5-ERR-04'] as const;
      await withControl(t, 'a token with another alg', async () => {
        for (const [rule, cases, code] of [
          ['V5-JWS-05', few(t, noHs256, 3, { rules: ['V5-JWS-05', ...ERRS], name: ([w]) => w }), [1002, 1001]],
          ['V5-JWS-14', few(t, otherLabel, 2, { rules: ['V5-JWS-14', ...ERRS], name: ([w]) => w }), 1002],
        ] as const)
          for (const [what, forge] of cases) {
            const sent = await v5.request('create', createBody(authorising()));
            const r = await v5.send(withSignature(sent, await forge(sent.body)), what);
            await expectRefused(t, r, rule, code, `a token with ${what}`, orderOf(sent));
          }
      });
    },
  },
  {
    id: 'v5.jws.binding',
    title: 'a token made for another uri, method or auth_id is refused',
    rules: ['V5-JWS-08', 'V5-JWS-09', 'V5-JWS-10', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const key = t.credentials.secretKey;
      const authId = t.credentials.authId;
      // an existing cleared payment, so that a wrongly accepted read or refund is processed (200)
      const made = await controlAccepted(t, 'a token made for another uri, method or auth_id', {
        body: createBody(authorising(), { amount: 100 }),
        note: 'a payment to read and refund',
      });
      const order = made.payment!.order_id;
      const uriCases: Array<[string, 'create' | 'status' | 'refund', Record<string, unknown>, string]> = [
        // behind a path prefix, each the uri the run signs with (uriOf: the prefix too, when the gateway takes it)
        ['a read signed for /v5/g2g/create', 'status', { order_id: order }, uriOf(t, V5_PATHS.create)],
        ['a create signed for /v5/g2g/read', 'create', createBody(authorising()), uriOf(t, V5_PATHS.read)],
        ['a refund signed for /v5/g2g/read', 'refund', { order_id: order, amount: 1 }, uriOf(t, V5_PATHS.read)],
        [
          'a read signed for /v5/g2g/read/ (trailing slash)',
          'status',
          { order_id: order },
          `${uriOf(t, V5_PATHS.read)}/`,
        ],
        // a tail of the path: a verifier matching with endsWith (the Python outsider's uri_suffix) takes it
        ['a read signed for /g2g/read (a tail of the path)', 'status', { order_id: order }, V5_PATHS.read.slice(3)],
        [
          'a read signed for the full URL',
          'status',
          { order_id: order },
          `${t.subject.baseUrl.replace(/\/$/, '')}${V5_PATHS.read}`,
        ],
      ];
      for (const [what, op, body, uri] of uriCases) {
        const sent = await v5.request(op, body);
        const r = await v5.send(withSignature(sent, await signDetached(sent.body, g2gHeader(uri, authId), key)), what);
        await expectRefused(t, r, 'V5-JWS-08', 1004, what);
      }
      for (const method of ['GET', 'PUT', 'post']) {
        const sent = await v5.request('create', createBody(authorising()));
        const r = await v5.send(
          withSignature(
            sent,
            await signDetached(sent.body, g2gHeader(uriOf(t, V5_PATHS.create), authId, 'HS256', method), key),
          ),
          `method ${method} in the header`,
        );
        await expectRefused(t, r, 'V5-JWS-09', 1004, `a POST signed with method "${method}"`);
      }
      const other = otherClient(t);
      if (other) {
        const s2 = await v5.request('create', createBody(authorising()));
        const r2 = await v5.send(
          withSignature(s2, await signDetached(s2.body, g2gHeader(uriOf(t, V5_PATHS.create), other.authId), key)),
          "another merchant's auth_id, this merchant's key",
        );
        await expectRefused(
          t,
          r2,
          'V5-JWS-10',
          1001,
          `a token naming another merchant's auth_id (${other.authId}) signed with this merchant's key (whoever holds one merchant's key would act as the other)`,
          orderOf(s2),
        );
      } else {
        t.note(
          "another merchant's auth_id not tried: set PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID and PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY for a second merchant of the test domain",
        );
      }
      const unknown = 'paycert-unknown-merchant';
      const sent = await v5.request('create', createBody(authorising()));
      const r = await v5.send(
        withSignature(sent, await signDetached(sent.body, g2gHeader(uriOf(t, V5_PATHS.create), unknown), key)),
        'unknown auth_id',
      );
      await expectRefused(t, r, 'V5-JWS-10', 1005, `a token naming the unknown auth_id "${unknown}"`, orderOf(sent));
    },
  },
  {
    id: 'v5.jws.header-fields',
    title: 'the five header fields must be present strings, params the reserved "", and crit/b64 absent',
    rules: ['V5-JWS-11', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    async run(t) {
      const v5 = client(t);
      // first the fields a gateway most often leaves unread (a header without uri or method was taken
      // when only the first four cases were sent), then the other kinds of each field
      const cases: Array<[string, string, number]> = [
        ...(['uri', 'method'] as const).map((f): [string, string, number] => [`no ${f}`, headerText(t, {}, [f]), 1003]),
        ['params "x"', headerText(t, { params: 'x' }), 1004],
        ['crit ["b64"] with b64 false', headerText(t, { b64: false, crit: ['b64'] }), 1003],
        ['no auth_id', headerText(t, {}, ['auth_id']), 1003],
        ['no params', headerText(t, {}, ['params']), 1003],
        ['auth_id as a number', headerText(t, { auth_id: Number(t.credentials.authId) || 1 }), 1003],
        ['params "?a=1"', headerText(t, { params: '?a=1' }), 1004],
        ['params null', headerText(t, { params: null }), 1003],
        ['b64 true', headerText(t, { b64: true }), 1003],
      ];
      await withControl(t, 'a header with a field missing, of another type or added', async () => {
        for (const [what, text, code] of few(t, cases, 4, {
          rules: ['V5-JWS-11', 'V5-ERR-01', 'V5-ERR-04'],
          name: ([what]) => what,
        })) {
          const sent = await v5.request('create', createBody(authorising()));
          const r = await v5.send(
            withSignature(sent, signDetachedRaw(text, sent.body, t.credentials.secretKey)),
            `header with ${what}`,
          );
          await expectRefused(t, r, 'V5-JWS-11', code, `a header with ${what}`, orderOf(sent));
        }
      });
    },
  },
  {
    id: 'v5.jws.malformed',
    title:
      'a missing X-JWS-Signature and malformed tokens (segments, padding, alphabet, canonical encoding, header not a JSON object, attached payload) are refused (1003)',
    rules: ['V5-HDR-07', 'V5-JWS-12', 'V5-ERR-01', 'V5-ERR-04', 'V5-JWS-15'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const key = t.credentials.secretKey;
      await withControl(t, 'a request without X-JWS-Signature or with a malformed token', async () => {
        for (const [what, value] of [
          ['no X-JWS-Signature', undefined],
          ['an empty X-JWS-Signature', ''],
        ] as const) {
          const sent = await v5.request('create', createBody(authorising()));
          const r = await v5.send(withSignature(sent, value), what);
          await expectRefused(t, r, 'V5-HDR-07', 1003, `a request with ${what}`, orderOf(sent));
        }
        type Mangle = (token: string, body: Uint8Array) => string | undefined;
        const parts = (tok: string) => tok.split('.') as [string, string, string];
        // the kinds a JWS library takes by default first (an attached payload was taken when it was 9th
        // of the 12 and 6 were sent), then the encodings
        const cases: Array<[string, Mangle]> = [
          ['an attached payload', (tok, body) => `${parts(tok)[0]}.${b64u(body)}.${parts(tok)[2]}`],
          ['two segments', (tok) => parts(tok)[0] + '.' + parts(tok)[2]],
          ['four segments', (tok) => `${tok}.`],
          ['a padded signature', (tok) => `${tok}=`],
          ['a padded header segment', (tok) => `${parts(tok)[0]}=..${parts(tok)[2]}`],
          ['a character outside base64url in the signature', (tok) => `${tok.slice(0, -1)}*${tok.slice(-1)}`],
          [
            'standard base64 (+ and /) in the signature',
            (tok) => {
              const std = Buffer.from(parts(tok)[2], 'base64url').toString('base64').replace(/=+$/, '');
              return std === parts(tok)[2] ? undefined : `${parts(tok)[0]}..${std}`;
            },
          ],
          [
            'a non-canonical last character',
            (tok) => {
              const s = parts(tok)[2];
              const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
              return `${parts(tok)[0]}..${s.slice(0, -1)}${alphabet[alphabet.indexOf(s.slice(-1)) ^ 1]}`;
            },
          ],
          ['an empty header segment', (tok) => `..${parts(tok)[2]}`],
          ['a header that is not JSON', (_tok, body) => signDetachedRaw('not json', body, key)],
          ['a header that is a JSON array', (_tok, body) => signDetachedRaw(`[${headerText(t)}]`, body, key)],
          [
            'a header that is not UTF-8',
            (_tok, body) => signDetachedRaw(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), body, key),
          ],
        ];
        for (const [what, mangle] of few(t, cases, 6, {
          rules: ['V5-JWS-12', 'V5-ERR-01', 'V5-ERR-04'],
          name: ([what]) => what,
        })) {
          const sent = await v5.request('create', createBody(authorising()));
          const bad = mangle(sent.headers['X-JWS-Signature']!, sent.body);
          if (bad === undefined) continue;
          const r = await v5.send(withSignature(sent, bad), `token with ${what}`);
          await expectRefused(t, r, 'V5-JWS-12', 1003, `a token with ${what}`, orderOf(sent));
        }
      });
    },
  },
  {
    id: 'v5.jws.signature-first',
    title: 'a request refused for its signature creates and changes nothing, and its X-Request-Id stays free',
    rules: ['V5-JWS-13', 'V5-JWS-15'],
    async run(t) {
      const v5 = client(t);
      const body = createBody(authorising());
      const good = await v5.request('create', body);
      const forged = withSignature(good, signDetachedRaw(headerText(t), good.body, `${t.credentials.secretKey}-wrong`));
      const r1 = await v5.send(forged, 'badly signed create');
      if (!(await expectRefused(t, r1, 'V5-JWS-13', undefined, 'a badly signed create', body.order_id as string)))
        return;
      await expectNothingCreated(t, 'V5-JWS-13', body.order_id as string, 'a badly signed create created the payment');
      const r2 = await v5.send(good, 'the same request, correctly signed, under the same X-Request-Id');
      if (!processed(r2)) {
        // the X-Request-Id is under test: the same content under a fresh one must be processed, or the
        // refusal is not the used X-Request-Id's (a gateway refusing paycert's correct token: V5-JWS-01/-04/-06)
        await controlAccepted(
          t,
          `the correct request under the X-Request-Id of a badly signed attempt (${describe(r2)})`,
          {
            body: { ...body, order_id: orderId() },
            note: 'the same content, correctly signed, under a fresh X-Request-Id',
          },
        );
        t.expect(
          'V5-JWS-13',
          false,
          `after a badly signed attempt, the correct request under the same X-Request-Id was not processed: ${describe(r2)} (the same content under a fresh X-Request-Id was)`,
        );
        return;
      }
      // the same forged request again, now that its X-Request-Id, path, X-Action and body are those of a
      // processed request: a gateway looking up its recorded replies before the signature replays the
      // original reply to it (a response cache in front of authentication)
      const r2b = await v5.send(forged, 'the badly signed create again, under the X-Request-Id now used');
      await expectRefused(
        t,
        r2b,
        'V5-JWS-13',
        undefined,
        'a badly signed create repeating a processed one (its X-Request-Id, path, X-Action and body)',
      );
      // an edit refused for its signature changes nothing
      const refund = await v5.request('refund', { id: r2.payment!.id, amount: 1 });
      const r3 = await v5.send(
        withSignature(
          refund,
          signDetachedRaw(
            headerText(t, { uri: uriOf(t, V5_PATHS.edit) }),
            refund.body,
            `${t.credentials.secretKey}-wrong`,
          ),
        ),
        'badly signed refund',
      );
      await expectRefused(t, r3, 'V5-JWS-13', undefined, 'a badly signed refund');
      const after = await read(t, { id: r2.payment!.id });
      expectNoRefund(t, 'V5-JWS-13', r2.payment, after, 'a badly signed refund');
    },
  },
]);
