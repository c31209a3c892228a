import type { Upstream } from '../../../src/harness/recorder.ts';
import { buildXml, parseReply, type XmlNode } from '../../../src/protocols/jysan/index.ts';
import { render, template } from '../../../src/protocols/jysan/messages.ts';
import { loadErrors } from '../../../src/spec/load.ts';

/** The codes a status or cancel reply is given besides the gateway's own (12: paycert's gateway has no
 *  order of the SDK's): 0, a success (JY-SDK-17), and every error of seed 002's table (specs/jysan/errors.json,
 *  its MUST codes 11-29 and 99; JY-SDK-06). 11, 21 and 99 alone before: an SDK taking 16 and 18 ("already in
 *  progress") for a success passed; one taking only 11-29 as errors takes 99 for a success. */
export const REPLY_CODES: readonly string[] = [
  '0',
  ...loadErrors('jysan')
    .codes.filter((c) => c.level === 'MUST')
    .map((c) => String(c.code)),
];

/** Every second error of REPLY_CODES carries the <operation> of the order as it stands (paid): the seed does
 *  not say an error reply has none, and an SDK taking any reply with an <operation> for a success passed
 *  on replies whose <operation> was always empty. */
const withOperation = (code: string): boolean => code !== '0' && REPLY_CODES.indexOf(code) % 2 === 0;

/** A code's documented text (ru), its arguments filled in (%s, %d: "Другая ошибка: paycert"). */
function describeCode(code: string): string {
  const t = template(Number(code), 'ru');
  return render(
    t,
    (t.match(/%[sd]/g) ?? []).map((p) => (p === '%d' ? 1 : 'paycert')),
  );
}

/** The <code> of an XML reply (undefined: no <result><code>, the request reached no XML operation). */
export function replyCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseReply(text).result.code.trim();
  } catch {
    return undefined;
  }
}

/** The gateway's refusal of a status or cancel request itself, named with its code and description: a
 *  reply with another code than 0 (processed) or 12 (paycert's gateway has no such order, the reply the
 *  checks' requests get); undefined: no refusal, or no XML <result> at all (the request went elsewhere). */
export function refusalOf(text: string | undefined): string | undefined {
  const code = replyCode(text);
  if (code === undefined || code === '0' || code === '12') return undefined;
  let d = '';
  try {
    d = parseReply(text!).result.description?.trim() ?? '';
  } catch {
    // replyCode read it: parseReply does not throw here
  }
  return `code ${code} ${JSON.stringify(d)}`;
}

/** The recording gateway's change of the gateway's reply to a status or cancel: the same reply with
 *  `code`, an error with its documented text (ru), some with the order's <operation> (withOperation), or 0
 *  with an <operation> of the order asked about (of `amount`). A reply without <result><code> (the request
 *  went elsewhere) is left as it is: there is no reply of the operation to give another code. */
export function recoded(code: string, op: 'status' | 'cancel', amount: string): (reply: Upstream) => Upstream {
  return (reply) => {
    if (replyCode(reply.text) === undefined) return reply;
    const result: XmlNode =
      code === '0'
        ? { code, description: 'Обработано успешно', operation: operationOf(op, amount) }
        : {
            code,
            description: describeCode(code),
            // the order as it stands: paid, neither the status nor a failed cancel changed it
            ...(withOperation(code) && { operation: operationOf('status', amount) }),
          };
    return { ...reply, text: buildXml({ result }) };
  };
}

/** A processed order with the fields of digest §A7: paid (status S) for a status, refunded (R) for a cancel. */
function operationOf(op: 'status' | 'cancel', amount: string): XmlNode {
  const cancel = op === 'cancel';
  return {
    status: cancel ? 'R' : 'S',
    status_desc: 'Обработано успешно',
    amount,
    currency: 'KZT',
    result: cancel ? '9' : '0',
    result_desc: cancel ? 'Transaction approved.' : 'ok',
    rc: '00',
  };
}
