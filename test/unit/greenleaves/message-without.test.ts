import { expect, test } from 'vitest';
import { parseXml, sign, verify, without } from '../../../src/protocols/greenleaves/index.ts';

// A reply or callback may hold a field named __proto__ (the XML reader keeps it as an own field):
// a copy keeps it as a field, so it is neither lost nor shows its fields through the prototype.
test('without() keeps a __proto__ field as an own field and injects nothing', () => {
  const { message } = parseXml(
    '<response><__proto__><pg_status>ok</pg_status></__proto__><pg_salt>s</pg_salt><pg_sig>x</pg_sig></response>',
  );
  const out = without(message, 'pg_sig');
  expect(Object.keys(out)).toEqual(['__proto__', 'pg_salt']);
  expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ pg_status: 'ok' });
  expect(out.pg_status).toBeUndefined();
  expect(JSON.stringify(out)).toBe('{"__proto__":{"pg_status":"ok"},"pg_salt":"s"}');
  const sig = sign('result', without(message, 'pg_sig'), 'k');
  expect(verify('result', out, 'k', sig)).toBe(true);
  expect(verify('result', without(out, '__proto__'), 'k', sig)).toBe(false);
  expect(({} as Record<string, unknown>).pg_status).toBeUndefined();
});
