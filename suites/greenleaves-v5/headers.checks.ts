import { defineChecks } from '../../src/harness/check.ts';
import { isUuid, uuidv7 } from '../../src/protocols/greenleaves-v5/index.ts';
import { randomUUID } from 'node:crypto';
import type { V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  card,
  client,
  controlAccepted,
  createBody,
  describe,
  expectRefused,
  expectNothingCreated,
  few,
  P,
  outcome,
  processed,
  sameRefusal,
  withHeader,
  type Ctx,
} from './support.ts';
import { JsonPaths, leaves, listPaths } from './json-paths.ts';
import { admitsJson } from '../../src/spec/v5-media-types.ts';

/** The paths where two replies differ (key order and whitespace aside); a reply that is not JSON
 *  differs at the root unless its bytes are equal. */
function differences(a: V5Reply, b: V5Reply, paths: JsonPaths): Set<number> {
  if (a.json === undefined || b.json === undefined) return new Set(a.http.text === b.http.text ? [] : [paths.root]);
  const x = leaves(a.json, paths);
  const y = leaves(b.json, paths);
  return new Set([...x.keys(), ...y.keys()].filter((k) => x.get(k) !== y.get(k)));
}

const authorising = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** A create that would be processed, sent with one header changed; and whether it created anything. */
async function createWith(t: Ctx, name: string, value: string | undefined, note: string) {
  const v5 = client(t);
  const body = createBody(authorising());
  const r = await v5.send(withHeader(await v5.request('create', body), name, value), note);
  return { r, order: body.order_id as string };
}

/** A create refused with one header changed shows that header refused only when the same create with
 *  its headers as documented is not refused alike: a gateway that refuses paycert's every token (a
 *  signature encoded or compared wrongly: V5-JWS-01/-04) refuses both, and no header rule is shown.
 *  A control refused otherwise than `r` (a code of its own) leaves `r`'s refusal to the header. */
async function headerRefused(t: Ctx, r: V5Reply, what: string): Promise<void> {
  if (outcome(r) !== 'refused') return;
  await controlAccepted(t, `${what} (${describe(r)})`, {
    note: 'the same create with its headers as documented',
    bars: (control) => outcome(control) === 'refused' && sameRefusal(r, control) !== false,
  });
}

/** Each value of the header (undefined: left out) makes a create refused with `code`, and creates nothing. */
async function refusedWithHeader(
  t: Ctx,
  header: string,
  values: Array<string | undefined>,
  rule: string,
  code: number,
): Promise<void> {
  for (const value of values) {
    const what = value === undefined ? `no ${header}` : `${header} ${value}`;
    const { r, order } = await createWith(t, header, value, what);
    await headerRefused(t, r, `a create with ${what}`);
    await expectRefused(t, r, rule, code, `a create with ${what}`, order);
    await expectNothingCreated(t, rule, order, `a create with ${what} created the payment`);
  }
}

/** A header case as `few` names it: the header with its value, or without it. */
const headerValue =
  (header: string) =>
  (value: string | undefined): string =>
    value === undefined ? `no ${header}` : `${header} ${JSON.stringify(value)}`;

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'headers' }, [
  {
    id: 'v5.hdr.content-type',
    title: 'a request whose Content-Type is not application/json, or has none, is not processed (1101)',
    rules: ['V5-HDR-01', 'V5-ERR-01', 'V5-ERR-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const values = few(
        t,
        [
          undefined,
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'text/json',
          'application/jsonp',
        ],
        3,
        { rules: ['V5-HDR-01', 'V5-ERR-01', 'V5-ERR-04'], name: headerValue('Content-Type') },
      );
      await refusedWithHeader(t, 'Content-Type', values, 'V5-HDR-01', 1101);
    },
  },
  {
    id: 'v5.hdr.accept',
    title: 'a request whose Accept admits no JSON (RFC 9110 §12.5.1) is not processed (1102)',
    rules: ['V5-HDR-02', 'V5-ERR-01', 'V5-ERR-04'],
    async run(t) {
      // only values admitting no JSON: one admitting it (no Accept, */*, application/*, a list naming
      // application/json) asks for what a JSON reply is, so taking it is never a fault (probe 20)
      const values = ['text/html', 'application/xml', 'text/plain', 'text/html, application/xml'];
      if (values.some(admitsJson)) throw new Error('an Accept case admits JSON');
      await refusedWithHeader(
        t,
        'Accept',
        few(t, values, 2, {
          rules: ['V5-HDR-02', 'V5-ERR-01', 'V5-ERR-04'],
          name: headerValue('Accept'),
        }),
        'V5-HDR-02',
        1102,
      );
    },
  },
  {
    id: 'v5.hdr.action-required',
    title: 'a request without X-Action is not processed (1104)',
    rules: ['V5-HDR-03', 'V5-ERR-01', 'V5-ERR-04'],
    async run(t) {
      for (const value of [undefined, '']) {
        const what = value === undefined ? 'no X-Action' : 'an empty X-Action';
        const { r, order } = await createWith(t, 'X-Action', value, what);
        await headerRefused(t, r, `a create with ${what}`);
        await expectRefused(t, r, 'V5-HDR-03', 1104, `a create with ${what}`, order);
        await expectNothingCreated(t, 'V5-HDR-03', order, `a create with ${what} created the payment`);
      }
    },
  },
  {
    id: 'v5.hdr.request-id-required',
    title:
      'a request without X-Request-Id, or with one that is not a UUID, is not processed (1103); the reply carries a fresh UUID',
    rules: ['V5-HDR-04', 'V5-RSP-02', 'V5-ERR-01', 'V5-ERR-04'],
    async run(t) {
      const v7 = uuidv7();
      const values = few(
        t,
        [undefined, '', 'not-a-uuid', v7.replace(/-/g, ''), `{${v7}}`, v7.slice(0, 35), `${v7.slice(0, 35)}g`],
        3,
        { rules: ['V5-HDR-04', 'V5-RSP-02', 'V5-ERR-01', 'V5-ERR-04'], name: headerValue('X-Request-Id') },
      );
      // fresh: a UUID of any version (seed 000 names none for the reply), none carried by an earlier reply
      const seen = new Set<string>();
      for (const value of values) {
        const what = value === undefined ? 'no X-Request-Id' : `X-Request-Id ${JSON.stringify(value)}`;
        const { r, order } = await createWith(t, 'X-Request-Id', value, what);
        await headerRefused(t, r, `a create with ${what}`);
        await expectRefused(t, r, 'V5-HDR-04', 1103, `a create with ${what}`, order);
        await expectNothingCreated(t, 'V5-HDR-04', order, `a create with ${what} created the payment`);
        if (r.requestId !== undefined)
          t.expect(
            'V5-RSP-02',
            isUuid(r.requestId) && !seen.has(r.requestId.toLowerCase()),
            `the reply to a create with ${what} carries X-Request-Id ${JSON.stringify(r.requestId)}, want a fresh UUID${seen.has(r.requestId.toLowerCase()) ? ' (an earlier reply carried it)' : ''}`,
          );
        if (r.requestId !== undefined) seen.add(r.requestId.toLowerCase());
      }
    },
  },
  {
    id: 'v5.hdr.request-id-versions',
    title: 'an X-Request-Id UUID of any version is accepted and echoed byte for byte',
    rules: ['V5-HDR-05', 'V5-RSP-02'],
    async run(t) {
      const v7 = uuidv7();
      const ids: Array<[string, string]> = [
        ['UUID v7 (the reference client)', v7],
        ['UUID v4', randomUUID()],
        ['UUID v1', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'.replace(/^.{8}/, Date.now().toString(16).slice(-8))],
        ['UUID v7 in uppercase', uuidv7().toUpperCase()],
      ];
      for (const [what, id] of few(t, ids, 2, { rules: ['V5-HDR-05', 'V5-RSP-02'], name: ([what]) => what })) {
        const r = await client(t).call('create', createBody(authorising()), { requestId: id, note: what });
        t.expect('V5-HDR-05', processed(r), `a create with an X-Request-Id ${what} was refused: ${describe(r)}`);
        // a reply without the header is V5-RSP-01's (checked by v5.rsp.headers); its echo is not shown
        if (r.requestId === undefined)
          t.cannotJudge('V5-RSP-02', `X-Request-Id ${id} (${what}): the reply carries no X-Request-Id to compare`);
        else
          t.expect('V5-RSP-02', r.requestId === id, `X-Request-Id ${id} came back as ${JSON.stringify(r.requestId)}`);
      }
    },
  },
  {
    id: 'v5.hdr.accept-language',
    title:
      'Accept-Language changes nothing: the same read with none, ru, en or kk gets the same reply body; error messages carry en and ru',
    rules: ['V5-HDR-06', 'V5-ERR-02'],
    async run(t) {
      const v5 = client(t);
      const made = await v5.call('create', createBody(authorising()));
      if (!processed(made)) t.inconclusive(`setup: the payment was not created: ${describe(made)}`);
      const rules = ['V5-HDR-06', 'V5-ERR-02'];
      const langs = few(t, [undefined, 'ru', 'kk', 'en', 'en-US,en;q=0.9'], 3, {
        rules,
        name: headerValue('Accept-Language'),
      });
      for (const [what, body] of few(
        t,
        [
          ['an unknown order', { order_id: `${made.payment!.order_id}X` }],
          ['an existing payment', { id: made.payment!.id }],
        ] as const,
        1,
        { rules, name: ([what]) => `a read of ${what}` },
      )) {
        const replies = [];
        for (const lang of langs)
          replies.push(
            await v5.call('status', body, {
              acceptLanguage: lang,
              note: `read ${what}, Accept-Language ${lang ?? '(none)'}`,
            }),
          );
        const [first, ...rest] = replies;
        // what differs between two replies to the same request anyway (a request id, a time) is no language
        const again = await v5.call('status', body, { note: `read ${what} again, no Accept-Language` });
        const paths = new JsonPaths();
        const own = differences(first!, again, paths);
        for (const [i, r] of rest.entries()) {
          const diff = [...differences(r, first!, paths)].filter((k) => !own.has(k));
          t.expect(
            'V5-HDR-06',
            outcome(r) === outcome(first!) && r.http.status === first!.http.status && diff.length === 0,
            `reading ${what} with Accept-Language ${langs[i + 1]}: ${describe(r)}, without: ${describe(first!)} (the replies differ${diff.length ? ` at ${listPaths(diff, paths)}` : ''})`,
          );
        }
        for (const [i, r] of replies.entries()) {
          if (!r.error) continue;
          const m = r.error.message;
          t.expect(
            'V5-ERR-02',
            !!m && typeof m.en === 'string' && m.en !== '' && typeof m.ru === 'string' && /[а-яё]/i.test(m.ru),
            `the error for ${what} with Accept-Language ${langs[i] ?? '(none)'} does not carry both an en and a ru message: ${JSON.stringify(m)}`,
          );
        }
      }
    },
  },
]);
