import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineChecks } from '../../src/harness/check.ts';
import { FIXTURES } from '../../src/spec/paths.ts';
import { loadVectors, type Vector } from '../../src/spec/load.ts';
import {
  decodeProtectedHeader,
  isDocumentedLayout,
  scopeRefused,
  signDetached,
  signDetachedWith,
  type G2gHeader,
} from '../../src/protocols/greenleaves-v5/index.ts';
import { GreenleavesV5Client, type V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import { controlRefusedWhy } from '../../src/harness/forgery-control.ts';
import {
  client,
  sendControl,
  describe,
  expectRefused,
  orderId,
  outcome,
  P,
  sameRefusal,
  withoutPublicBin,
  type Ctx,
} from './support.ts';

interface JwsInput {
  alg: string;
  headerText: string;
  bodyText: string;
  bodyFile?: string;
  key: string;
}

const DETACHED = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/;

/** The suite's own signer must reproduce every vector: otherwise nothing it says is worth anything. */
async function reproduce(v: Vector): Promise<string> {
  const i = v.input as unknown as JwsInput;
  const header = JSON.parse(i.headerText) as Record<string, unknown> & { alg: string };
  const token =
    i.alg === 'HS256'
      ? await signDetached(i.bodyText, header as unknown as G2gHeader, i.key)
      : await signDetachedWith(i.bodyText, header, i.key);
  if (token !== v.expected.token)
    throw new Error(`paycert's signer does not reproduce vector ${v.id}: ${token} ≠ ${String(v.expected.token)}`);
  const d = decodeProtectedHeader(token);
  if (!d.ok || d.headerText !== i.headerText)
    throw new Error(`paycert's signer does not reproduce the header bytes of vector ${v.id}`);
  if (i.bodyFile && readFileSync(join(FIXTURES, P, i.bodyFile), 'utf8') !== i.bodyText)
    throw new Error(`${i.bodyFile} differs from the bodyText of vector ${v.id}`);
  return token;
}

/** Whether the gateway accepted a correctly signed seed body. Processed: yes. Refused: the older
 *  body's card (a PAN that fails Luhn, an expiry in the past) may be refused for what it says, which
 *  shows nothing about the signature; so a refusal counts against the token only when the same body
 *  signed with another key is refused the same way (HTTP status and error code). */
function tokenAccepted(t: Ctx, id: string, r: V5Reply, wrong: V5Reply | undefined): boolean {
  const o = outcome(r);
  if (o === 'processed') return true;
  // refused as a scope mismatch (uri, method, auth_id or params: a gateway behind a path prefix reading
  // the uri otherwise): neither its body nor its key is what was refused
  if (scopeRefused(r.error))
    return t.inconclusive(
      `${id}: the correctly signed seed body was refused as a signature scope mismatch (${describe(r)}), which shows nothing about its body bytes or its key`,
    );
  const w = wrong && outcome(wrong);
  if (o === 'refused' && w === 'refused') {
    const same = sameRefusal(r, wrong!);
    if (same === undefined)
      return t.inconclusive(
        `${id}: the correctly signed seed body was refused (${describe(r)}), and so was the same body signed with ` +
          `another key (${describe(wrong!)}); neither refusal carries a code that tells a signature refusal from a content one`,
      );
    if (!same)
      t.note(
        `${id}: refused for its body, not its signature (${describe(r)}; signed with another key: ${describe(wrong!)})`,
      );
    return !same;
  }
  return t.inconclusive(
    `${id}: the correctly signed seed body was not processed (${describe(r)}), and no refusal of the same body ` +
      `signed with another key tells whether its signature or its content was refused`,
  );
}

/** V5-JWS-06 is about the bytes the signature covers: a gateway that refuses the seed body's correct
 *  token only shows that when it takes paycert's correct token over a body no serialiser rewrites (a
 *  one-member read). When that read is refused as a request signed with another key is (a token
 *  encoded or compared wrongly: V5-JWS-01/-04's finding), the body bytes cannot be judged. Whether
 *  that read was taken. */
async function anyTokenTaken(t: Ctx, wrong: V5Reply | undefined): Promise<{ taken: boolean; reply: V5Reply }> {
  const { accepted, reply } = await sendControl(t, {
    op: 'status',
    body: { order_id: orderId() },
    note: `a correctly signed one-member read {"order_id"}: is any correct token taken?`,
    // a read refused as not found got past the signature; one refused as a token signed with another
    // key is (or with 401) did not
    bars: (c) =>
      outcome(c) === 'refused' &&
      c.http.status !== 404 &&
      (c.http.status === 401 || (wrong !== undefined && sameRefusal(c, wrong) !== false)),
  });
  return { taken: accepted, reply };
}

/** The body of a vector with a fresh order_id (and its urls off the public bin), every other byte as in the vector. */
function withFreshOrder(bodyText: string): string {
  const out = withoutPublicBin(bodyText.replace('"order_id":"order_id"', `"order_id":"${orderId()}"`));
  if (out === bodyText) throw new Error('the seed body has no "order_id":"order_id"');
  return out;
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'vectors' }, [
  {
    id: 'v5.kat.vectors',
    title:
      'the known-answer vectors reproduce (the seed example as a documented erratum, two HS512 vectors) and the gateway accepts the seed bodies signed the same way',
    rules: ['V5-JWS-01', 'V5-JWS-02', 'V5-JWS-04', 'V5-JWS-06'],
    plans: ['smoke', 'full'],
    async run(t: Ctx) {
      const vectors = loadVectors(P).filter((v) => v.kind === 'jws-detached');
      if (vectors.length < 4)
        throw new Error(
          `fixtures/${P}/vectors.json: expected the seed, erratum and two HS512 vectors, found ${vectors.length}`,
        );
      const tokens = new Map<string, string>();
      for (const v of vectors) tokens.set(v.id, await reproduce(v));
      // The erratum: the printed token belongs to the older body; over the printed body it is another value.
      for (const v of vectors.filter((x) => x.erratum)) {
        const printed = String(v.expected.printedToken);
        if (printed === tokens.get(v.id))
          throw new Error(`vector ${v.id}: the printed token verifies over the printed body, so it is no erratum`);
        if (![...tokens.values()].includes(printed))
          throw new Error(`vector ${v.id}: no vector reproduces the printed token ${printed}`);
        t.note(`documentation erratum (${v.id}): ${v.erratum}`);
      }
      t.note(
        `${vectors.length} vectors reproduced: ${vectors.map((v) => `${v.id} (${(v.input as unknown as JwsInput).alg})`).join(', ')}`,
      );

      // The gateway: the seed's two example bodies, byte for byte but for a fresh order_id, signed
      // with the subject's credentials by the same recipe.
      const v5 = client(t);
      for (const v of vectors.filter((x) => (x.input as unknown as JwsInput).headerText.includes('"/v5/g2g/create"'))) {
        const body = withFreshOrder((v.input as unknown as JwsInput).bodyText);
        const sent = await v5.request('create', body);
        const token = sent.headers['X-JWS-Signature']!;
        const d = decodeProtectedHeader(token);
        t.expect('V5-JWS-01', DETACHED.test(token), `the token for ${v.id} is not header..signature without padding`);
        t.expect(
          'V5-JWS-02',
          d.ok && isDocumentedLayout(d.headerText),
          `the token for ${v.id} does not carry the documented header layout`,
        );
        const r = await v5.send(sent, `${v.id}: the seed body, signed over its exact bytes`);
        // The same body signed with the seed's example key (unless that is the subject's key) must be
        // refused; its refusal also tells a body refusal of the correct token apart from a signature one.
        const seedKey = (v.input as unknown as JwsInput).key;
        let wrong: V5Reply | undefined;
        if (seedKey !== t.credentials.secretKey) {
          wrong = await client(t, seedKey).call('create', withFreshOrder((v.input as unknown as JwsInput).bodyText), {
            note: `${v.id}: signed with the seed's example key`,
          });
        }
        const accepted = tokenAccepted(t, v.id, r, wrong);
        const why = `${describe(r)}, the refusal a request signed with another key gets`;
        if (wrong)
          await expectRefused(
            t,
            wrong,
            'V5-JWS-04',
            undefined,
            `a request signed with another key (the seed's "${seedKey}")`,
          );
        // the seed body's correct token refused: its form, header and key are at fault only when a correct
        // token over a body no serialiser rewrites is refused too; else the bytes verified are (V5-JWS-06:
        // a body re-encoded before verifying, PHP's "\/")
        const control = accepted ? undefined : await anyTokenTaken(t, wrong);
        if (!control?.taken) {
          const also = control ? `; so was a correctly signed one-member read (${describe(control.reply)})` : '';
          t.expect('V5-JWS-01', accepted, `a correct detached token for ${v.id} was not accepted: ${why}${also}`);
          t.expect(
            'V5-JWS-02',
            accepted,
            `a request signed with the documented header layout (${v.id}) was not accepted: ${why}${also}`,
          );
          t.expect(
            'V5-JWS-04',
            accepted,
            `a request signed with the merchant's secret_key (${v.id}) was not accepted: ${why}${also}`,
          );
        }
        if (control && !control.taken)
          t.inconclusive(
            controlRefusedWhy(
              { accepted: false, note: 'a one-member read', said: `was refused too (${describe(control.reply)})` },
              `${v.id}'s body under its correct token (V5-JWS-01/-04's finding) as to the bytes the gateway verifies over`,
            ),
          );
        t.expect(
          'V5-JWS-06',
          accepted,
          `the ${v.id} body signed over its exact bytes was refused: ${why}; a correctly signed one-member read was taken, so the bytes verified are not those sent`,
        );
      }
    },
  },
]);
