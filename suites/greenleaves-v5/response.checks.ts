import { defineChecks } from '../../src/harness/check.ts';
import { getSchema, schemaId } from '../../src/spec/ajv.ts';
import { phpNoticeIn } from '../../src/harness/diagnostics.ts';
import { signDetachedRaw } from '../../src/protocols/greenleaves-v5/index.ts';
import { ambiguous, type V5Reply, type V5Sent } from '../../src/sdk/greenleaves-v5.ts';
import { describeDuplicates, UNIQUE_NAMES } from '../../src/protocols/common/json-names.ts';
import {
  card,
  client,
  createBody,
  describe,
  FORM_RULE,
  outcome,
  P,
  utf8,
  withHeader,
  withSignature,
  uriOf,
} from './support.ts';
import { DATETIME, datetimeFault, SKEW_MS } from './datetime.ts';

const props = getSchema(schemaId(P, 'response-headers')).properties as Record<string, { pattern: string }>;
const JSON_TYPE = new RegExp(props['content-type']!.pattern, 'i');

/** When X-Datetime is out of this machine's window but agrees with the reply's own Date header (the
 *  gateway's web server's clock, whole seconds) and that is out of the window too, this machine's clock
 *  and the gateway's disagree: which one is wrong cannot be told from here (a CI runner without NTP
 *  put a conformant gateway's X-Datetime minutes away). Why, or undefined when that is not so. */
function clocksApart(r: V5Reply, at: number, started: number, ended: number): string | undefined {
  const date = Date.parse(r.http.headers['date'] ?? '');
  if (Number.isNaN(date) || Math.abs(at - date) > SKEW_MS + 1_000) return undefined;
  if (date > started - SKEW_MS - 1_000 && date < ended + SKEW_MS + 1_000) return undefined;
  const by = Math.round((date - (started + ended) / 2) / 1_000);
  return `X-Datetime ${r.datetime} agrees with the reply's Date header (${r.http.headers['date']}), which is ${Math.abs(by)} s ${by > 0 ? 'ahead of' : 'behind'} this machine's clock: the two clocks disagree, and which one is wrong cannot be told here (is this machine's clock synchronised?)`;
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'response' }, [
  {
    id: 'v5.rsp.headers',
    title:
      'every reply, success or error, carries X-Request-Id (the request’s), X-Datetime (RFC 3339, now) and X-Request-Status (success/error), and is a JSON object; replies to malformed requests too (INFERRED)',
    rules: ['V5-RSP-01', 'V5-RSP-02', 'V5-RSP-03', 'V5-RSP-04', 'V5-RSP-05', 'V5-RSP-06', 'V5-RSP-07', 'V5-RSP-08'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false, clearing: true, refund: true });
      const good = await v5.request('create', createBody(c));
      // the last three break the seed's request format: a web framework may answer them before the API
      // does, so the API's headers on their replies are V5-RSP-08's (INFERRED), not the seed's MUST rules
      const samples: Array<[string, V5Sent, boolean?]> = [
        ['a processed create', good],
        ['a read of an unknown order (3001)', await v5.request('status', { order_id: 'PAYCERT-NO-SUCH-ORDER' })],
        ['a body violation (2002)', await v5.request('create', createBody(c, { currency: 'XXX' }))],
        [
          'a bad signature (1001)',
          withSignature(
            good,
            signDetachedRaw(
              JSON.stringify({
                uri: uriOf(t, '/v5/g2g/create'),
                auth_id: v5.authId,
                method: 'POST',
                params: '',
                alg: 'HS256',
              }),
              good.body,
              'wrong',
            ),
          ),
        ],
        [
          'a wrong Content-Type (1101)',
          withHeader(await v5.request('create', createBody(c)), 'Content-Type', 'text/plain'),
          true,
        ],
        ['a body that is not JSON (1106)', await v5.request('create', utf8('{"amount":')), true],
        ['a GET (1107)', { ...(await v5.request('status', {})), method: 'GET' }, true],
      ];
      for (const [what, sent, malformed] of samples) {
        // a header the seed lists: on a well-formed request's reply its own rule, else V5-RSP-08
        const has = (rule: string, value: string | undefined, name: string): boolean =>
          t.expect(
            malformed ? 'V5-RSP-08' : rule,
            value !== undefined && value !== '',
            `${what}: the reply has no ${name}`,
          );
        const started = Date.now();
        const r: V5Reply = await v5.send(sent, what);
        const ended = Date.now();
        const o = outcome(r, false);
        has('V5-RSP-01', r.requestId, 'X-Request-Id');
        if (r.requestId !== undefined)
          t.expect(
            'V5-RSP-02',
            r.requestId === sent.headers['X-Request-Id'],
            `${what}: X-Request-Id ${r.requestId}, the request's was ${sent.headers['X-Request-Id']}`,
          );
        if (has('V5-RSP-03', r.datetime, 'X-Datetime')) {
          // processed between the request's sending and its reply's arrival (a slow gateway takes seconds),
          // give or take the two clocks' skew
          const fault = datetimeFault(r.datetime!, started, ended);
          const apart =
            fault !== undefined && DATETIME.test(r.datetime!)
              ? clocksApart(r, Date.parse(r.datetime!), started, ended)
              : undefined;
          if (apart !== undefined) t.cannotJudge('V5-RSP-04', `${what}: ${apart}`);
          else t.expect('V5-RSP-04', fault === undefined, `${what}: ${fault}`);
        }
        if (has('V5-RSP-05', r.requestStatus, 'X-Request-Status')) {
          if (o !== 'unknown')
            t.expect(
              'V5-RSP-06',
              // the seed documents no values: the reference's words, in any letter case
              r.requestStatus!.toLowerCase() === (o === 'processed' ? 'success' : 'error'),
              `${what} (${describe(r)}): X-Request-Status ${r.requestStatus}, want ${o === 'processed' ? 'success' : 'error'} (in any letter case)`,
            );
        }
        const type = r.http.headers['content-type'] ?? '';
        // a body naming a member twice is read no further when the copies differ (readReply)
        const isObject = ambiguous(r) || (r.json !== null && typeof r.json === 'object' && !Array.isArray(r.json));
        const twice = r.duplicates ?? [];
        t.expect(
          FORM_RULE,
          JSON_TYPE.test(type) && isObject && twice.length === 0,
          `${what}: ${[
            JSON_TYPE.test(type)
              ? ''
              : `Content-Type "${type}" is not application/json (optionally with charset utf-8)`,
            isObject
              ? ''
              : `the body is ${r.parseError ? `not JSON${phpNoticeIn(r.http.text) || ` (${r.parseError})`}` : 'not a JSON object'}`,
            twice.length === 0 ? '' : `the body names ${describeDuplicates(twice)}: ${UNIQUE_NAMES}`,
          ]
            .filter(Boolean)
            .join(', and ')}`,
        );
      }
    },
  },
]);
