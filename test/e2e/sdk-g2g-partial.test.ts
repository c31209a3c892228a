// A g2g SDK that lacks some operations, or refuses some inputs before sending anything, is judged on
// the requests it did send (docs/sdk-adapter.md: `unsupported`, `validation`). A probe's Python SDK
// (unsup_ops, no_nested, strict_desc) had GL-SDK-01/02/03/09/12 skipped or inconclusive although a
// dozen requests had been sent and judged, and its reused salt was never seen.
import { describe, expect, test } from 'vitest';
import { judgeSdk, shown, wrappedReference } from './sdk-judge.ts';
import { getSchema, schemaId } from '../../src/spec/ajv.ts';

const REQUEST_RULES = ['GL-SDK-01', 'GL-SDK-02', 'GL-SDK-03', 'GL-SDK-09', 'GL-SDK-12'];

/** The verdicts of the request rules, as "ID verdict". */
const verdicts = (rules: Array<{ id: string; verdict: string }>) =>
  rules.filter((r) => REQUEST_RULES.includes(r.id)).map((r) => `${r.id} ${r.verdict}`);

const refuse = (kind: string, message: string) =>
  `return { ok: false, error: { kind: '${kind}', message: ${message} } };`;

describe.concurrent('paycert run --subject sdk: a g2g SDK judged on the requests it sent', () => {
  test('an SDK without clearing, cancel and refund: its reused salt warns GL-SDK-02, and the request rules pass on part of their evidence', async () => {
    const command = [
      ...wrappedReference('greenleaves', {
        ask: `if (['payment.clearing', 'payment.cancel', 'payment.refund'].includes(req.op)) ${refuse('unsupported', "'glpay has no ' + req.op")}`,
      }),
      '--defect',
      'constant-salt',
    ];
    const rules = await judgeSdk('greenleaves', command, ['gl.sdk.requests']);
    expect(verdicts(rules), shown(rules)).toEqual([
      'GL-SDK-01 passed',
      'GL-SDK-02 warning',
      'GL-SDK-03 passed',
      'GL-SDK-09 passed',
      'GL-SDK-12 passed',
    ]);
    const one = rules.find((r) => r.id === 'GL-SDK-01')!;
    expect(one.partly).toEqual(['gl.sdk.requests']);
    expect(one.reason).toMatch(
      /only partly judged.*does not support payment\.clearing, payment\.refund and payment\.cancel/,
    );
  });

  test('an SDK that refuses nested input (receipt positions) before sending: the request rules pass on the requests it sent', async () => {
    const nested = `Object.values((req.input && req.input.fields) || {}).some((v) => typeof v === 'object' && v !== null)`;
    const command = wrappedReference('greenleaves', {
      ask: `if (${nested}) ${refuse('validation', "'nested fields are not supported'")}`,
    });
    const rules = await judgeSdk('greenleaves', command, ['gl.sdk.requests']);
    expect(verdicts(rules), shown(rules)).toEqual(REQUEST_RULES.map((id) => `${id} passed`));
    expect(rules.find((r) => r.id === 'GL-SDK-01')!.reason).toMatch(
      /only partly judged.*refused 2 of \d+ inputs before sending anything.*nested fields are not supported/,
    );
  });

  // the SDK's input stays within paycert's own request schema: a description generated with "#", ","
  // or ":" (outside the SecureBox advice, specs/greenleaves/schemas/payment-request.schema.json) was
  // valid input an SDK enforcing that advice rightly refused
  test('an SDK that refuses a description outside the request schema is given none', async () => {
    const pattern = (
      getSchema(schemaId('greenleaves', 'payment-request')) as { properties: { pg_description: { pattern: string } } }
    ).properties.pg_description.pattern;
    const command = wrappedReference('greenleaves', {
      ask: `const d = req.input && req.input.fields && req.input.fields.pg_description;
        if (typeof d === 'string' && !new RegExp(${JSON.stringify(pattern)}, 'u').test(d)) ${refuse('validation', "'pg_description: ' + d")}`,
    });
    const rules = await judgeSdk('greenleaves', command, ['gl.sdk.requests']);
    expect(verdicts(rules), shown(rules)).toEqual(REQUEST_RULES.map((id) => `${id} passed`));
    expect(rules.filter((r) => r.partly).map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });

  test('an SDK with none of the request operations: gl.sdk.requests is skipped, not inconclusive', async () => {
    const command = wrappedReference('greenleaves', {
      ask: `if (req.op !== 'callback.handle') ${refuse('unsupported', "'no ' + req.op")}`,
    });
    const rules = await judgeSdk('greenleaves', command, ['gl.sdk.requests']);
    expect(verdicts(rules), shown(rules)).toEqual(REQUEST_RULES.map((id) => `${id} skipped`));
    expect(rules.find((r) => r.id === 'GL-SDK-01')!.reason).toMatch(/does not support payment\.create/);
  });
});
