import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { getSchema, schemaId } from '../../spec/ajv.ts';

/** A payment with a card token and no card number is a token payment (digest §3.8). */
export const isTokenPayment = (m: PgMessage): boolean =>
  typeof m.pg_card_token === 'string' && m.pg_card_pan === undefined;

/** The request schema of each /g2g endpoint, chosen per message. The gateway validates with it, and
 *  the SDK checks judge an SDK's requests with it (GL-SDK-03): one table decides. */
export const G2G_SCHEMAS = {
  '/g2g/payment': (m: PgMessage) => (isTokenPayment(m) ? 'payment-token-request' : 'payment-request'),
  '/g2g/paymentAcs': () => 'payment-acs-request',
  '/g2g/invoiceUrl': () => 'invoice-url-request',
  '/g2g/any_amount': () => 'any-amount-request',
  '/g2g/payment_page': () => 'payment-page-request',
  '/g2g/status_v2': () => 'status-request',
  '/g2g/clearing': () => 'clearing-request',
  '/g2g/cancel': () => 'cancel-request',
  '/g2g/refund': () => 'refund-request',
  '/g2g/recurrent': () => 'recurrent-request',
} satisfies Record<string, (m: PgMessage) => string>;
export type G2gPath = keyof typeof G2G_SCHEMAS;

/** GL-TX-07: the classic script endpoints at the host root, twins of the /g2g endpoints (digest §2.3, §3.11, §3.12) */
export const CLASSIC: Record<string, G2gPath> = {
  '/init_payment.php': '/g2g/payment_page',
  '/payment.php': '/g2g/payment',
  '/get_status.php': '/g2g/status_v2',
  '/get_status2.php': '/g2g/status_v2',
  '/get_status3.php': '/g2g/status_v2',
  '/do_capture.php': '/g2g/clearing',
  '/revoke.php': '/g2g/refund',
};

/** The /g2g endpoint whose request a path takes: its own, or (with `classic`) its classic twin's. */
export function g2gEndpoint(path: string, classic = true): G2gPath | undefined {
  if (Object.hasOwn(G2G_SCHEMAS, path)) return path as G2gPath;
  return classic && Object.hasOwn(CLASSIC, path) ? CLASSIC[path] : undefined;
}

/** Which schema a request is validated with, and which of its fields: without the optional ones sent
 *  empty where those count as not sent (GL-PAY-11), the schema chosen on what is left. */
export function requestToValidate(
  m: PgMessage,
  schema: (m: PgMessage) => string,
  emptyOptionalAsAbsent: boolean,
): { name: string; fields: PgMessage } {
  const fields = emptyOptionalAsAbsent ? withoutEmptyOptional(m, schema) : m;
  return { name: schema(fields), fields };
}

/** GL-PAY-11: an optional documented field sent empty counts as not sent (it was signed as sent). */
export function withoutEmptyOptional(m: PgMessage, schema: (m: PgMessage) => string): PgMessage {
  const { props, required } = schemaFields(schema(m));
  const drop = (k: string, v: unknown): boolean => v === '' && k in props && !required.has(k);
  if (Object.keys(m).some((k) => drop(k, m[k])))
    return Object.fromEntries(Object.entries(m).filter(([k, v]) => !drop(k, v)));
  // nothing to leave out, the usual case: the parsed message itself (only this request holds it),
  // with the plain prototype the copy had, not a copy of every field
  return Object.getPrototypeOf(m) === Object.prototype ? m : (Object.setPrototypeOf(m, Object.prototype) as PgMessage);
}

const fieldsOf = new Map<string, { props: Record<string, unknown>; required: Set<string> }>();
/** A request schema's properties and required names (per schema name: the schemas do not change). */
function schemaFields(name: string): { props: Record<string, unknown>; required: Set<string> } {
  let f = fieldsOf.get(name);
  if (!f) {
    const root = getSchema(schemaId('greenleaves', name));
    f = {
      props: (root.properties ?? {}) as Record<string, unknown>,
      required: new Set((root.required ?? []) as string[]),
    };
    fieldsOf.set(name, f);
  }
  return f;
}
