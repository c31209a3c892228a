// What no answer of a shop may show: the merchant's secret (JY-MRD-18, MUST: seed 002 "Секретный ключ
// SHARED_SECRET ни в коем случае не должен быть доступен кому-либо вне Вашего сервера!"; GL-MCB-25 and
// V5-MCB-10, INFERRED: the key signs). A PHP shop whose 403 refusal page carried
// `<!-- debug: base=SECRET… -->` passed every rule. Judged on every answer of every merchant check as it
// arrives (HttpClient.onAnswer), as the SDK's answers are (suites/sdk-support.ts sdkChecks): its pages,
// its answers to the gateway's or the bank's calls, its error pages, their status line, headers and body,
// in the forms the redactor and the SDK checks find a secret in (suites/no-leak.ts showsSecret, and
// inside a Base64 token: suites/sdk-support.ts decodedTokens).
import { citingOnArrival, defineChecks, type Check, type CheckContext, type CheckSpec } from '../src/harness/check.ts';
import type { HttpResponse } from '../src/harness/http.ts';
import { edgeRefusal, firewallPage, loginWall, noAnswer, notServedPage, wallPage } from '../src/harness/edge-page.ts';
import { placeOf } from '../src/harness/per-request.ts';
import { readDeclaration } from '../src/harness/declaration.ts';
import { quote } from '../src/harness/clip.ts';
import type { SubjectKind } from '../src/spec/load.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import { secretShown } from './no-leak.ts';
import { decodedTokens, latin1Of } from './sdk-support.ts';

/** The rule of a profile judged on every answer of its shop: no answer shows the merchant's secret.
 *  `secret`: its name in the reasons; `key`: the credential that holds it; `whoever`: what a reader of
 *  the secret can then do, for the reasons. */
export interface ShopAnswerRule {
  rule: string;
  secret: string;
  key: string;
  whoever: string;
}

/** Each merchant profile's ShopAnswerRule (JY-MRD-18, GL-MCB-25, V5-MCB-10). */
export const SHOP_ANSWER_RULES = {
  greenleaves: {
    rule: 'GL-MCB-25',
    secret: 'secret_key',
    key: 'secretKey',
    whoever: "whoever reads it can sign any call the shop takes as the gateway's",
  },
  'greenleaves-v5': {
    rule: 'V5-MCB-10',
    secret: 'secret key',
    key: 'secretKey',
    whoever: "whoever reads it can sign any callback the shop takes as the gateway's",
  },
  jysan: {
    rule: 'JY-MRD-18',
    secret: 'SHARED_SECRET',
    key: 'sharedSecret',
    whoever: "whoever reads it can sign any result the shop takes as the bank's",
  },
} as const satisfies Partial<Record<ProfileId, ShopAnswerRule>>;

/** The rule of a profile that an edge's error page served with HTTP 200 to a result_url call fails: the
 *  gateway calls again only a result_url "не со статусом 200" (seed 001; the v5 callbacks have "the same
 *  semantics as the older API's … Result URL", digest §B5), so the call is lost, however the shop would
 *  have answered it (paycert sends it again only to judge the rest). Jysan's seed says nothing of the
 *  bank's retries: no rule there. */
export const LOST_CALL_RULES: Partial<Record<ProfileId, { rule: string; source: string }>> = {
  greenleaves: { rule: 'GL-MCB-01', source: 'seed 001' },
  'greenleaves-v5': { rule: 'V5-MCB-01', source: 'seed 001, whose Result URL semantics the v5 callbacks share' },
};

/** The Accept of the forged call (one per check sending forgeries) that goes as a browser's: a forger's
 *  call is no gateway's, its headers are the forger's choice, and a framework shows its debug page with
 *  frame locals (the key among them) only to a request that accepts HTML (probe 25: Django's DEBUG 500
 *  page gave a call accepting application/json its plain-text traceback, without locals). The genuine
 *  calls keep the gateway's own. */
export const FORGER_ACCEPT = 'text/html,application/xhtml+xml,*/*;q=0.8';

/** A secret shorter than this is not looked for in free text (as the redactor: an amount, an id). */
const SHORTEST = 6;

/** Where `secret` shows in a reply (undefined: nowhere): "the status line", "header x-debug", "a header
 *  name", "the body", with how when not as it is ("the body, hex-encoded", "…, Base64-encoded" for one
 *  inside a Base64 token such as `Basic id:secret`). Never the secret itself. */
export function secretInReply(
  reply: Pick<HttpResponse, 'status' | 'statusText' | 'headers' | 'text'>,
  secret: string,
): string | undefined {
  if (secret.length < SHORTEST) return undefined;
  const places: Array<[string, string]> = [[`the status line`, `${reply.status} ${reply.statusText ?? ''}`]];
  for (const [k, v] of Object.entries(reply.headers)) places.push([`header ${k}`, v], ['a header name', k]);
  places.push(['the body', reply.text]);
  const latin1 = latin1Of(secret);
  for (const [where, text] of places) {
    const how =
      secretShown(text, secret) ?? (decodedTokens(text).some((t) => t.includes(latin1)) ? 'Base64-encoded' : undefined);
    if (how !== undefined) return how === 'as it is' ? where : `${where}, ${how}`;
  }
  return undefined;
}

/** Whether a reply is the shop's own to judge: not an edge's page for a shop that did not answer
 *  (noAnswer: 502/503/504, or such a page sent with a 2xx), nor one an edge answered in its place (nginx's
 *  own 404 or 413, a firewall's or bot wall's page, an HTTP login: probe 23, V5-MCB-10 passed on nginx's
 *  404 to every call). An empty body is the shop's answer too: its
 *  status line and headers were read, and a 403 or a 200 with nothing in it is the commonest answer to
 *  the bank's or the gateway's call (a shop answering so was left inconclusive on a MUST rule). */
function carries(reply: Pick<HttpResponse, 'status' | 'headers' | 'text'>): boolean {
  return notOwn(reply) === undefined;
}

/** What answered in the shop's place (see carries), in a few words for the reason, or undefined. */
function notOwn(reply: Pick<HttpResponse, 'status' | 'headers' | 'text'>): string | undefined {
  if (noAnswer(reply) !== undefined) return "an edge's page for a shop that did not answer";
  if (notServedPage(reply) !== undefined) return `an edge's own HTTP ${reply.status} page (a path it does not serve)`;
  if (firewallPage(reply) !== undefined) return "a web application firewall's block page";
  if (wallPage(reply) !== undefined) return "a bot wall's or an edge's 403 page";
  if (edgeRefusal(reply, 'shop') !== undefined) return `an edge's own HTTP ${reply.status} page (a limit of its own)`;
  if (loginWall(reply) !== undefined) return 'an HTTP login';
  return undefined;
}

/** What a check saw of the shop's answers (for the reason its own check gives when none was the shop's own). */
interface Watch {
  answers: number;
  empty: number;
  /** what answered in the shop's place (notOwn), each once */
  others: Set<string>;
}

/** The origins of the shop's endpoints: the URL under test, its check_url, the declaration's URLs. */
function shopOrigins(t: CheckContext): Set<string> {
  const urls: Array<string | undefined> = [t.subject.baseUrl, t.subject.checkUrl];
  if (t.subject.declarationPath)
    try {
      const d = readDeclaration(t.subject.declarationPath);
      urls.push(d.resultUrl, d.checkUrl, d.backref);
    } catch {
      // a declaration that cannot be read skips the checks that need it
    }
  return new Set(urls.flatMap((u) => (u !== undefined && URL.canParse(u) ? [new URL(u).origin] : [])));
}

/** Judges `r.rule` on every answer of the shop to check `t` as it arrives (HttpClient.onAnswer): a reply
 *  from one of the shop's origins (never paycert's control API of a reference shop, nor a page another
 *  host answers where a redirect leads). A reply showing the secret fails the rule, once per call path
 *  and place, naming the call (its method, path and note) and where in the reply; one that shows none
 *  passes it only where it carries something (`carries`). */
function watchShop(t: CheckContext, r: ShopAnswerRule): Watch {
  const watch: Watch = { answers: 0, empty: 0, others: new Set() };
  const secret = (t.credentials as Record<string, string>)[r.key] ?? '';
  const control = t.subject.controlUrl;
  let origins: Set<string> | undefined;
  const said = new Map<string, string>();
  const lost = LOST_CALL_RULES[t.check.profile];
  let lostSaid = false;
  t.http.onAnswer = (sent, reply) => {
    if (!URL.canParse(sent.url) || (control !== undefined && sent.url.startsWith(control))) return;
    const url = new URL(sent.url);
    if (!(origins ??= shopOrigins(t)).has(url.origin)) return;
    watch.answers++;
    const page = reply.status >= 200 && reply.status < 300 ? noAnswer(reply) : undefined;
    if (lost && page && !lostSaid && sameEndpoint(url, t.subject.baseUrl)) {
      lostSaid = true;
      t.expectOnArrival(
        lost.rule,
        false,
        `a result_url call (${sent.method} ${quote(url.pathname, 120)}${sent.note ? `, ${quote(sent.note, 160)}` : ''}) was answered ${page}: an edge's error page served with HTTP 200, and a gateway does not call again a result_url answered 200 (${lost.source}: "ответ от сервера был не со статусом 200, Greenleavespay будет предпринимать повторные попытки"), so the call is lost (let the edge's errors keep their 5xx)`,
      );
    }
    const where = secretInReply(reply, secret);
    const other = where === undefined ? notOwn(reply) : undefined;
    if (other !== undefined) watch.others.add(other);
    if (where === undefined && (secret.length < SHORTEST || other !== undefined)) {
      watch.empty++;
      return;
    }
    if (where === undefined) return t.expectOnArrival(r.rule, true, '');
    // one failure per call path and place (a property sends a call hundreds of times, each with its note)
    const key = `${sent.method} ${placeOf(url.pathname)} ${where}`;
    let message = said.get(key);
    if (message === undefined) {
      const call = `${sent.method} ${quote(url.pathname, 120)}${sent.note ? ` (${quote(sent.note, 160)})` : ''}`;
      message = `the shop's answer to ${call} shows the ${r.secret} in ${where}: ${r.whoever}`;
      said.set(key, message);
    }
    t.expectOnArrival(r.rule, false, message);
  };
  return watch;
}

/** `url` is the endpoint `endpoint` names (its origin and path; a GET call carries its own query). */
function sameEndpoint(url: URL, endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const e = new URL(endpoint);
  return url.origin === e.origin && url.pathname === e.pathname;
}

/** Why the rule's own check judged nothing of it. */
function nothingJudged(r: ShopAnswerRule, w: Watch, secret: string): string {
  if (secret.length < SHORTEST)
    return `the ${r.secret} configured is shorter than ${SHORTEST} characters: it is not looked for in the shop's answers (nor redacted in free text), so none is judged`;
  if (w.answers === 0) return `the shop gave no answer to judge for the ${r.secret}`;
  // what answered, named (was "each an edge's page for a shop that did not answer" for a firewall's page too)
  const each = [...w.others].slice(0, 4).join(', or ');
  return `none of the shop's ${w.answers} answers was its own (each ${each || "an edge's page"}): nothing of the ${r.secret} was judged`;
}

/** A profile's merchant checks (defineChecks), each judging `r.rule` on every answer of the shop as it
 *  arrives. A check that does not cite the rule itself cites it for those answers alone (Check.arrivalRules:
 *  a check that saw none has no result for it); the one that does (the profile's forged-call check, which
 *  drives the shop into its refusal paths) is inconclusive when it ran through and no answer carried
 *  anything to judge. */
export function shopChecks<P extends ProfileId & keyof typeof SHOP_ANSWER_RULES>(
  meta: { profile: P; subject: SubjectKind; area?: string },
  specs: CheckSpec<P>[],
  r: ShopAnswerRule = SHOP_ANSWER_RULES[meta.profile],
): Check<P>[] {
  const lost = LOST_CALL_RULES[meta.profile];
  // the rule of a lost call cited on arrival by every check (it fails, never passes, there)
  const checks = lost
    ? citingOnArrival(defineChecks(meta, specs), lost.rule, (c, t) => c.run(t))
    : defineChecks(meta, specs);
  return citingOnArrival(checks, r.rule, async (c, t, own) => {
    const watch = watchShop(t, r);
    await c.run(t);
    if (own && !t.asserted.has(r.rule))
      t.cannotJudge(r.rule, nothingJudged(r, watch, (t.credentials as Record<string, string>)[r.key] ?? ''));
  });
}
