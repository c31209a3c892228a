import { fullPanShown, maskShape } from '../pan.ts';
import type { Ctx } from './support.ts';

// V5-FMT-03 (INFERRED, PCI DSS): what the gateway sends out (its replies, its calls to check_url and
// result_url) carries no card data but a masked PAN.

// error and decline objects have a `name` (the code's name): the holder's name is looked for as text
const SENSITIVE_KEYS = new Set(['pan', 'cvc', 'cvv', 'year', 'month', 'card']);

/** Every object key of a JSON value at any depth whose value is no object or array (a "card" object
 *  holding only a mask is no card data; its leaves are judged by their own keys); iterative, so a
 *  hostile reply nested 50,000 deep cannot overflow the stack. */
function leafKeys(v: unknown): string[] {
  const out: string[] = [];
  const todo: unknown[] = [v];
  while (todo.length > 0) {
    const x = todo.pop();
    if (!x || typeof x !== 'object') continue;
    for (const [k, y] of Object.entries(x)) {
      if (!Array.isArray(x) && (y === null || typeof y !== 'object')) out.push(k);
      todo.push(y);
    }
  }
  return out;
}

/** A masked PAN showing at most the first 6 and the last 4 digits, the rest masked with X or *
 *  (blanks and dashes between groups allowed: the vendor's own is 5483-18XX-XXXX-0293, seed 001). */
function safeMask(m: unknown): boolean {
  return typeof m === 'string' && /^\d{0,6}[X*]+\d{0,4}$/i.test(m.replace(/[\s-]/g, ''));
}

/** What the gateway sent out: `carrier` names it in a reason ("the reply", "the result_url call"). */
export interface Sent {
  carrier: string;
  text: string;
  json: unknown;
  /** the masked_pan it carries, if any (a payment without one leaks nothing: V5-FMT-01's) */
  maskedPan?: unknown;
}

/** V5-FMT-03 on one thing the gateway sent out, given the card numbers and the holder's name paycert
 *  sent it: card fields, a full PAN (digits looked for with blanks and dashes taken out), the holder's
 *  name, the shape of masked_pan. Returns whether all held. */
export function expectNoCardData(t: Ctx, what: string, s: Sent, pans: readonly string[], holder: string): boolean {
  const leaked = leafKeys(s.json).filter((k) => SENSITIVE_KEYS.has(k));
  let clean = t.expect(
    'V5-FMT-03',
    leaked.length === 0,
    `${what}: ${s.carrier} carries card fields ${leaked.join(', ')}`,
  );
  clean &&= t.expect(
    'V5-FMT-03',
    fullPanShown(s.text, pans) === undefined,
    `${what}: ${s.carrier} carries the full card number`,
  );
  clean &&= t.expect('V5-FMT-03', !s.text.includes(holder), `${what}: ${s.carrier} carries the cardholder name`);
  const m = s.maskedPan;
  if (m !== undefined)
    clean &&= t.expect(
      'V5-FMT-03',
      safeMask(m),
      typeof m === 'string'
        ? `${what}: masked_pan ${maskShape(m)}; the rule allows the first 6 and the last 4, the rest masked with X or *`
        : `${what}: masked_pan is a ${m === null ? 'null' : typeof m}, not a text showing the first 6 and the last 4 digits, the rest masked with X or *`,
    );
  return clean;
}
