import type { Recorded, Upstream } from '../../../src/harness/recorder.ts';
import { buildXml, parseReply, type Language, type XmlNode } from '../../../src/protocols/jysan/index.ts';
import { sandboxConfig } from '../../../src/sandbox/jysan/config.ts';
import { sentForm } from '../../sdk-support.ts';
import { render, template } from '../../../src/protocols/jysan/messages.ts';
import { loadErrors } from '../../../src/spec/load.ts';
import { sameDecimal } from '../../../src/protocols/common/decimal.ts';

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

/** A code's documented text in `lang`, its arguments filled in (%s, %d: "Другая ошибка: paycert"). */
function describeCode(code: string, lang: Language): string {
  const t = template(Number(code), lang);
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

/** How a code-0 reply is given (JY-SDK-17): `mpi` false, its <operation> without the MPI <result>;
 *  `bare`, no <operation> at all (the seed's /en/cancel reply is `<result><code>0</code><description>…`, digest
 *  §A8: an SDK requiring one passed); `lang`, the language of its texts whatever the request asked (seed 002
 *  LANGUAGE "ru"/"en"; the texts of fixtures/jysan/sandbox.json): an SDK matching "Обработано успешно" passed. */
export interface ReplyShape {
  mpi?: boolean;
  bare?: boolean;
  lang?: Language;
}

/** The recording gateway's change of the gateway's reply to a status or cancel: the same reply with
 *  `code`, an error with its documented text, some with the order's <operation> (withOperation), or 0
 *  with an <operation> of the order asked about (of `amount`; see ReplyShape). Its texts in the request's
 *  LANGUAGE (en when it asks so, else ru), unless `shape.lang` says. A reply without <result><code> (the
 *  request went elsewhere) is left as it is: there is no reply of the operation to give another code. */
export function recoded(
  code: string,
  op: 'status' | 'cancel',
  amount: string,
  shape: ReplyShape = {},
): (reply: Upstream, req?: Recorded) => Upstream {
  return (reply, req) => {
    if (replyCode(reply.text) === undefined) return reply;
    const lang = shape.lang ?? (req && sentForm(req).LANGUAGE === 'en' ? 'en' : 'ru');
    const result: XmlNode =
      code === '0'
        ? {
            code,
            description: sandboxConfig().texts.processed[lang],
            ...(!shape.bare && { operation: operationOf(op, amount, shape.mpi ?? true) }),
          }
        : {
            code,
            description: describeCode(code, lang),
            // the order as it stands: paid, neither the status nor a failed cancel changed it
            ...(withOperation(code) && { operation: operationOf('status', amount) }),
          };
    return { ...reply, text: buildXml({ result }) };
  };
}

/** What the reply of a ReplyShape is, for a reason ("in English, without <operation>"). */
export function shapeOf(shape: ReplyShape): string {
  const parts = [
    ...(shape.lang === 'en' ? ['its description in English'] : []),
    ...(shape.bare
      ? ['without <operation>']
      : shape.mpi === false
        ? ['without the MPI <result> in its <operation>']
        : []),
  ];
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A processed order with the fields of digest §A7: paid (status S) for a status, refunded (R) for a cancel;
 *  `mpi` false: without the MPI result (the mock's reply has it, the other sources list no such element). */
export function operationOf(op: 'status' | 'cancel', amount: string, mpi = true): XmlNode {
  const cancel = op === 'cancel';
  return {
    status: cancel ? 'R' : 'S',
    status_desc: 'Обработано успешно',
    amount,
    currency: 'KZT',
    ...(mpi && { result: cancel ? '9' : '0', result_desc: cancel ? 'Transaction approved.' : 'ok' }),
    rc: '00',
  };
}

/** Replies to a status or cancel that are no XML <result> of the bank (JY-SDK-22): what a proxy or load balancer
 *  in front of it answers, and the HTML error page of digest §A5; status, Content-Type, body. */
export const NOT_XML_REPLIES: ReadonlyArray<readonly [number, string, string]> = [
  [502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'],
  [503, 'text/plain', ''],
  [
    200,
    'text/html; charset=utf-8',
    '<!DOCTYPE html><html><body><h1>Ошибка</h1><p>Сервис временно недоступен</p></body></html>',
  ],
];

/** A status success the SDK reported (JY-SDK-23): which reply it was, the amount its <operation> gave and
 *  the answer's output.operation. */
export interface StatusOk {
  reply: string;
  amount: string;
  reported: unknown;
}

const anOperation = (o: unknown): o is Record<string, unknown> =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).length > 0;

/** How the operations the SDK reported for status replies with code 0 depart from the replies' (status S and
 *  `amount`, as a number). `judged` false: it reported none (the adapter's output operation is optional);
 *  else one missing where it reported another is a break (a non-greedy <result> regex loses the operation
 *  of a reply whose <operation> holds the MPI <result>). */
export function operationBreaks(oks: readonly StatusOk[]): { judged: boolean; breaks: string[] } {
  if (!oks.some((x) => anOperation(x.reported))) return { judged: false, breaks: [] };
  const breaks: string[] = [];
  for (const x of oks) {
    const want = `status "S" and amount "${x.amount}"`;
    if (!anOperation(x.reported)) {
      breaks.push(
        `the reply ${x.reply} (${want}) reached the caller without its operation, which the SDK reports for another`,
      );
      continue;
    }
    const { status, amount } = x.reported;
    const given = typeof amount === 'number' ? String(amount) : amount;
    if (status !== 'S' || typeof given !== 'string' || !sameDecimal(given, x.amount))
      breaks.push(`the reply ${x.reply} gave ${want}; the SDK reported the operation ${JSON.stringify(x.reported)}`);
  }
  return { judged: true, breaks };
}
