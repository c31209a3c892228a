import { expect, test } from 'vitest';
import { storedCopy } from '../../../src/harness/stored-copy.ts';

test('a reply with an Age header is named a stored copy; one without is not', () => {
  expect(storedCopy({ 'content-type': 'application/json' })).toBe('');
  expect(storedCopy({ age: '12', 'x-cache': 'HIT' })).toBe(
    ' (a stored copy, Age: 12, X-Cache: HIT: a cache in front of the gateway answered, not the gateway itself)',
  );
  expect(storedCopy({ age: '0' }, 'BACKREF')).toBe(
    ' (a stored copy, Age: 0: a cache in front of BACKREF answered, not BACKREF itself)',
  );
});

test('the header values come from the wire: cut short, control characters escaped', () => {
  const note = storedCopy({ age: `1\r\n${'9'.repeat(500)}`, 'x-cache': 'HIT\u0000\u001b[31m' });
  expect(note).not.toMatch(/[\u0000-\u001f]/);
  expect(note.length).toBeLessThan(200);
  expect(note).toContain('Age: 1\\r\\n999');
});
