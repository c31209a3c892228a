// GL-PAY-11's reading of a request (an optional field sent empty counts as not sent) hands on the
// parsed message itself when there is nothing to leave out: it must be what the copy was.
import { describe, expect } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import { requestToValidate, withoutEmptyOptional } from '../../../src/sandbox/greenleaves/routes.ts';
import { getSchema, schemaId } from '../../../src/spec/ajv.ts';
import { fromForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';

const schema = getSchema(schemaId('greenleaves', 'payment-request'));
const props = schema.properties as Record<string, unknown>;
const required = new Set(schema.required as string[]);

/** The straightforward reading: a copy without the empty optional fields. */
const copy = (m: PgMessage): PgMessage =>
  Object.fromEntries(Object.entries(m).filter(([k, v]) => !(v === '' && k in props && !required.has(k))));

// documented names (required and optional), unknown ones, and names of Object.prototype
const name = fc.oneof(
  fc.constantFrom(...Object.keys(props), 'toString', 'hasOwnProperty'),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(fc.constant(''), fc.string({ maxLength: 4 }));
const pairs = fc.array(fc.tuple(name, value), { maxLength: 12 });

describe('withoutEmptyOptional', () => {
  prop.prop([pairs, fc.boolean()], { numRuns: 2000 })(
    'gives what the copy gives: the same fields in order, the plain prototype',
    (ps, parsed) => {
      let m: PgMessage;
      try {
        // as parsed (a record: no inherited members), or a plain object (a pg_xml document's reader)
        m = parsed ? fromForm(ps) : Object.fromEntries(ps);
      } catch {
        return; // a reserved name: the request is refused before
      }
      const want = copy(m);
      const got = withoutEmptyOptional(m, () => 'payment-request');
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      expect(Object.entries(got)).toEqual(Object.entries(want));
    },
  );

  prop.prop([pairs])('leaves the message as it is where empty optional fields count as sent', (ps) => {
    const m = Object.fromEntries(ps) as PgMessage;
    expect(requestToValidate(m, () => 'payment-request', false).fields).toBe(m);
  });
});
