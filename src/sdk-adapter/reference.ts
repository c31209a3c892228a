import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ProfileId } from '../spec/paths.ts';
import { policyFor, type PolicyDefect, type PolicyVariant } from '../reference/policy.ts';
import { SDK_DEFECTS, SDK_VARIANTS } from './defects.ts';
import { SDK_DEFAULT_POLICIES, type SdkPolicyOf } from './policy.ts';
import { SdkError, type Op } from './ops/types.ts';
import { plainSend, twice } from './send.ts';
import { readFileSync } from 'node:fs';
import type { Send } from '../sdk/transport.ts';
import type { AdapterAnswer } from './protocol.ts';

/** Each profile's operations, loaded by the adapter that serves it: an adapter serves one profile, and
 *  the others' modules (jose for v5, the XML parser for g2g and Jysan) were a fifth of its start. */
export const REFERENCE_OPS: { [P in ProfileId]: () => Promise<Record<string, Op<SdkPolicyOf<P>>>> } = {
  greenleaves: async () => (await import('./ops/greenleaves.ts')).OPS,
  'greenleaves-v5': async () => (await import('./ops/greenleaves-v5.ts')).OPS,
  jysan: async () => (await import('./ops/jysan.ts')).OPS,
};

/** paycert's reference SDK adapter: the JSON-lines protocol over paycert's own clients (src/sdk/).
 *  Requests are served concurrently; answers carry the request's id. */
export async function serveAdapter(
  profile: ProfileId,
  defects: ReadonlySet<string>,
  input: Readable = process.stdin,
  output: Writable = process.stdout,
  /** tolerance variants (SDK_VARIANTS: what the seed allows), for every request */
  variants: readonly string[] = [],
): Promise<void> {
  // one profile's ops, defaults and defects belong together; the record types cannot say so per key
  const ops = (await REFERENCE_OPS[profile]()) as Record<string, Op<object>>;
  const catalogue = SDK_DEFECTS[profile] as readonly PolicyDefect<object>[];
  const variantsOf = SDK_VARIANTS[profile] as readonly PolicyVariant<object>[];
  const known = new Set(catalogue.map((d) => d.id));
  // a request's own `defects` (paycert's meta-tests: one adapter process serves every defect of a
  // profile, where a process per defect was ~0.3 CPU-s of start each) are added to the start's
  const policies = new Map<string, object>();
  const policyOf = (extra: readonly string[]): object => {
    const ids = [...new Set([...defects, ...extra])].sort();
    const key = ids.join('\n');
    let p = policies.get(key);
    if (p === undefined)
      policies.set(
        key,
        (p = policyFor<object>(SDK_DEFAULT_POLICIES[profile], catalogue, ids, variantsOf, variants).policy),
      );
    return p;
  };
  // per CA file named in the requests (paycert run --sdk-tls: `ca`) and whether the policy verifies the
  // gateway's certificate (the defect tls-unverified does not): each its own keep-alive agents
  const sends = new Map<string, { send: Send; resending: Send }>();
  const sendsFor = (ca: unknown, unverified: boolean) => {
    const key = `${unverified}\n${typeof ca === 'string' ? ca : ''}`;
    let s = sends.get(key);
    if (!s) {
      let pem: string | undefined;
      try {
        pem = typeof ca === 'string' ? readFileSync(ca, 'utf8') : undefined;
      } catch {
        pem = undefined; // an unreadable CA file: the default roots, which refuse the gateway's certificate
      }
      const send = plainSend(undefined, { ...(pem !== undefined && { ca: pem }), unverified });
      sends.set(key, (s = { send, resending: twice(send) }));
    }
    return s;
  };
  const pending = new Set<Promise<void>>();
  const write = (a: AdapterAnswer) => output.write(`${JSON.stringify(a)}\n`);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let req: {
      id?: unknown;
      op?: unknown;
      gateway?: unknown;
      credentials?: unknown;
      input?: unknown;
      defects?: unknown;
      ca?: unknown;
    };
    try {
      req = JSON.parse(line) as typeof req;
    } catch {
      process.stderr.write(`paycert sdk-adapter: a request line that is not JSON was ignored\n`);
      continue;
    }
    const id = typeof req.id === 'number' ? req.id : -1;
    const op = typeof req.op === 'string' ? ops[req.op] : undefined;
    if (!op) {
      write({ id, ok: false, error: { kind: 'unsupported', message: `operation ${String(req.op)} is not supported` } });
      continue;
    }
    const extra = req.defects ?? [];
    if (!Array.isArray(extra) || !extra.every((d) => typeof d === 'string' && known.has(d))) {
      const message = `defects must list ${profile}'s sdk defects (paycert sdk-adapter --list-defects)`;
      write({ id, ok: false, error: { kind: 'validation', message } });
      continue;
    }
    const policy = policyOf(extra as string[]);
    // the defects refuses-everything: a misconfigured adapter refuses every call before sending anything
    if ((policy as { refusesEverything?: boolean }).refusesEverything) {
      write({ id, ok: false, error: { kind: 'validation', message: 'merchant id is required' } });
      continue;
    }
    const { send, resending } = sendsFor(req.ca, (policy as { tlsUnverified?: boolean }).tlsUnverified === true);
    const p = (async () => {
      try {
        const out = await op(
          {
            gateway: String(req.gateway),
            credentials: (req.credentials ?? {}) as Record<string, string>,
            policy,
            // GL-SDK-02's defect sends-every-post-twice; v5's variant of it (every profile's policy may have it)
            send: (policy as { sendsEveryPostTwice?: boolean }).sendsEveryPostTwice ? resending : send,
          },
          (req.input ?? {}) as Record<string, unknown>,
        );
        write({ id, ok: true, output: out });
      } catch (e) {
        const error = e instanceof SdkError ? e.error : { kind: 'transport' as const, message: (e as Error).message };
        // every profile's policy has it (GL-SDK-25, V5-SDK-20, JY-SDK-24: the defects secret-in-errors)
        const leaks = (policy as { secretInErrors?: boolean }).secretInErrors === true;
        const c = (req.credentials ?? {}) as Record<string, string>;
        const key = `(key ${c.secretKey ?? c.sharedSecret})`;
        // GL-SDK-27's defect card-in-errors: the card a payment was given, in its error message
        const fields = ((req.input ?? {}) as { fields?: Record<string, unknown> }).fields;
        const card =
          (policy as { cardInErrors?: boolean }).cardInErrors === true && fields?.pg_card_pan !== undefined
            ? `(card ${String(fields.pg_card_pan)}, cvc ${String(fields.pg_card_cvc)})`
            : undefined;
        // the defects secret-bytes-in-errors: Go's `%+v` of a client whose key is a []byte (probe 25)
        const bytes =
          (policy as { secretBytesInErrors?: boolean }).secretBytesInErrors === true
            ? `(client &{secretKey:[${[...Buffer.from(String(c.secretKey ?? c.sharedSecret))].join(' ')}] maxRetry:0})`
            : undefined;
        const message = [error.message ?? error.kind, leaks ? key : undefined, bytes, card].filter(Boolean).join(' ');
        write({ id, ok: false, error: leaks || bytes || card ? { ...error, message } : error });
      }
    })();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  await Promise.all(pending);
}
