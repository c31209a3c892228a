import type { CheckContext } from '../src/harness/check.ts';
import type { AdapterAnswer } from '../src/sdk-adapter/protocol.ts';
import type { Recorded } from '../src/harness/recorder.ts';
import { secretValues } from '../src/spec/credentials.ts';
import { parseFormBody } from '../src/protocols/common/form.ts';
import { quote } from '../src/harness/clip.ts';
import { showsSecret } from './no-leak.ts';

/** Shared pieces of the sdk checks of every profile. */

export function describeAnswer(a: AdapterAnswer): string {
  return a.ok
    ? `ok ${quote(JSON.stringify(a.output), 200)}`
    : `error ${a.error.kind}${a.error.code ? ` ${a.error.code}` : ''}: ${a.error.message ?? ''}`;
}

/** The requests of a check's gateway since index `from`; inconclusive when the SDK sent none, with
 *  what the SDK answered for the operation (its error says why: a proxy, a refused connection). */
export function sentSince(
  t: CheckContext,
  requests: Recorded[],
  from: number,
  op: string,
  answer: AdapterAnswer,
): Recorded[] {
  const got = requests.slice(from);
  if (got.length === 0)
    t.inconclusive(`the SDK sent no request to the gateway for ${op} (it answered ${describeAnswer(answer)})`);
  return got;
}

/** The Base64 (or base64url) tokens of a header value, decoded: an `Authorization: Basic` header
 *  carries `user:password` so (HTTP::Tiny, curl and requests send one for a URL with user:pass@). */
function decodedTokens(v: string): string[] {
  return (v.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []).map((t) =>
    Buffer.from(t.replace(/=+$/, ''), /[-_]/.test(t) ? 'base64url' : 'base64').toString('latin1'),
  );
}

/** Where a configured secret shows up in what the SDK sent (undefined: nowhere), in any form the
 *  redactor finds it in (secretForms: as it is, URL-encoded, Base64, base64url, hex, reversed; in any
 *  case when long enough) and inside a header's Base64 tokens (`Authorization: Basic id:secret`). A
 *  header's tokens and a lower-cased text are made once per request, not once per secret. */
export function secretIn(r: Recorded): string | undefined {
  const names = Object.keys(r.headers);
  const decoded: Array<string[] | undefined> = [];
  const lower = new Map<string, string>();
  const shown = (how: string) => (how === 'as it is' ? '' : `, ${how}`);
  for (const s of secretValues()) {
    if (s.length < 4) continue;
    const latin1 = latin1Of(s);
    const find = (text: string): string | undefined =>
      showsSecret(text, s, () => {
        let l = lower.get(text);
        if (l === undefined) lower.set(text, (l = text.toLowerCase()));
        return l;
      });
    let how = find(r.path);
    if (how) return `the URL${shown(how)}`;
    // indexed loops: an entries() iterator and its pairs per secret were a tenth of a v5 SDK case's allocation
    for (let i = 0; i < names.length; i++) {
      const k = names[i]!;
      const v = r.headers[k]!;
      if ((how = find(v))) return `header ${k}${shown(how)}`;
      const tokens = (decoded[i] ??= decodedTokens(v));
      for (let j = 0; j < tokens.length; j++) if (tokens[j]!.includes(latin1)) return `header ${k}, Base64-encoded`;
    }
    if ((how = find(r.text))) return `the body${shown(how)}`;
  }
  return undefined;
}

/** A secret's Latin-1 form (its UTF-8 bytes as chars, as a decoded Base64 token reads), per secret
 *  value: the configured secrets are a handful for the whole run. */
const latin1s = new Map<string, string>();
function latin1Of(s: string): string {
  let l = latin1s.get(s);
  if (l === undefined) {
    if (latin1s.size >= 64) latin1s.clear(); // a test changing secrets without end: stay bounded
    latin1s.set(s, (l = Buffer.from(s, 'utf8').toString('latin1')));
  }
  return l;
}

/** Did the SDK take a result redirect as genuine? An error refuses it, and so does an answer whose
 *  `verified` is not true: the documented output carries the verdict (docs/sdk-adapter.md). */
export function verifiedAsGenuine(a: AdapterAnswer): boolean {
  return a.ok && (a.output as { verified?: unknown }).verified === true;
}

/** The form fields of a recorded request as the reference gateways read them: the query, then the
 *  body (urlencoded or multipart, by Content-Type); the first occurrence of a name wins. */
export function sentForm(r: Recorded): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const query = new URL(r.path, 'http://gateway').searchParams;
  for (const [k, v] of [...query, ...parseFormBody(r.text, r.headers['content-type'] ?? '')])
    if (!(k in out)) out[k] = v;
  return out;
}
