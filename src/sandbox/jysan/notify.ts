import { request } from 'undici';
import { callbackAgent, loopbackUrl } from '../../reference/callbacks.ts';
import { encodeForm, signed, wantsRedirect } from '../../protocols/jysan/index.ts';
import type { Jy } from './context.ts';

/** The result of an order as the bank reports it to BACKREF (digest §A10). */
export interface ResultParams {
  order: string;
  mpi_order: string;
  rrn?: string;
  res_code: string;
  amount: string;
  currency: string;
  res_desc: string;
  /** the full card number: only a defect sends it (JY-RED-08) */
  card?: string;
}

/** The bank's server-to-server POST of the result to a BACKREF without redirect=true (JY-RED-05,
 *  JY-RED-06, JY-RED-07): the redirect's fields and sign as a form body, sent once; the answer is
 *  not read (whether the bank retries is undocumented, digest open question 2). */
export function notifyBackref(jy: Jy, backref: string, p: ResultParams): void {
  const n = jy.policy.notify;
  if (!backref || wantsRedirect(backref) || !n.post || n.browserOnly) return; // JY-RED-01, JY-RED-05
  // only loopback hosts, over http(s): a test's BACKREF on the internet is never contacted
  if (!loopbackUrl(backref) || !/^https?:$/.test(new URL(backref).protocol)) return;
  const params: Record<string, string | undefined> = { ...p };
  const sign = signed('redirect', params, jy.secret, n.signBase).sign; // JY-RED-07
  const all: Record<string, string | undefined> = { ...params, sign };
  for (const k of n.omit) delete all[k]; // JY-RED-06
  const json = n.method === 'JSON'; // JY-RED-05
  const body = json ? JSON.stringify(all) : encodeForm(all);
  const get = n.method === 'GET'; // JY-RED-05
  const target = get ? `${backref}${backref.includes('?') ? '&' : '?'}${body}` : backref;
  const type = json ? 'application/json' : 'application/x-www-form-urlencoded; charset=utf-8';
  jy.scheduler.at(jy.clock.now(), async () => {
    try {
      const res = await request(target, {
        method: get ? 'GET' : 'POST',
        headers: get ? {} : { 'content-type': type },
        body: get ? undefined : body,
        dispatcher: callbackAgent,
        reset: true,
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      await res.body.dump();
    } catch {
      // unreachable BACKREF: the merchant reads the result with a status request
    }
  });
}
