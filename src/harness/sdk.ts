import { loopbackDirect } from './proxy-env.ts';
import type { Dispatcher } from 'undici';
import { AdapterProcess, AdapterProtocolError, type AdapterAnswer, type NoteOwner } from '../sdk-adapter/protocol.ts';
import type { EvidenceLog } from './evidence.ts';
import { Inconclusive, SkipCheck } from './outcome.ts';
import { MAX_BODY, RecordingGateway, type PassOn } from './recorder.ts';
import { isJsonMedia, jsonPairs, xmlBodyPairs } from '../protocols/greenleaves/json-body.ts';
import { encodeForm } from '../protocols/common/form.ts';
import type { Subject } from './subject.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ajv } from '../spec/ajv.ts';
import { SPECS } from '../spec/paths.ts';
import { runEnv } from './run-config.ts';
import { credentialArgs } from './credential-args.ts';
import { registerCardData, registerSecret, removedValues } from './redact.ts';
import { quote } from './clip.ts';
import { RUN_CREDENTIALS_ENV } from '../spec/credentials.ts';
import { dropOwnSdkTls, sdkTls, tlsEnv } from './sdk-tls.ts';

/** The output schema of each operation (specs/<profile>/sdk.json), compiled on first use: an answer
 *  with a number, an array or an object where the protocol says a string (a callback answer's
 *  `body`, a Jysan `verified`) broke the protocol. Read leniently it became an empty answer, and a
 *  rule about the SDK's handler failed on what was the adapter's mistake. */
const outputSchemas = new Map<string, ValidateFunction | null>();

function outputSchema(profile: string, op: string): ValidateFunction | null {
  const key = `${profile} ${op}`;
  if (!outputSchemas.has(key)) {
    const spec = JSON.parse(readFileSync(join(SPECS, profile, 'sdk.json'), 'utf8')) as {
      operations: Array<{ op: string; output?: Record<string, unknown> }>;
    };
    const output = spec.operations.find((o) => o.op === op)?.output;
    outputSchemas.set(key, output ? ajv().compile(output) : null);
  }
  return outputSchemas.get(key)!;
}

/** One adapter process per command and test process: starting an SDK's runtime per check would
 *  dominate the run. Adapters are told each request's gateway, so checks do not share state. One that
 *  exited is started again for the next check: kept dead, every later check of the run was
 *  inconclusive, blamed on an operation the adapter was never asked. */
const adapters = new Map<string, AdapterProcess>();

function adapter(argv: readonly string[], ca?: string): AdapterProcess {
  // one with the run's CA in its environment (--sdk-tls) is another process than one without
  const key = JSON.stringify(argv) + (ca === undefined ? '' : `\n${ca}`);
  let a = adapters.get(key);
  if (!a || a.exited) {
    // the environment paycert was started with: this worker's has vitest's additions (MODE=test, BASE_URL=/, …)
    const env = adapterEnv(runEnv());
    a = new AdapterProcess(argv, ca === undefined ? env : { ...env, ...tlsEnv(ca) });
    adapters.set(key, a);
  }
  return a;
}

/** The adapter's environment: the run's, loopback never proxied (loopbackDirect), and Python's stdout
 *  unbuffered unless the run says otherwise: on a pipe it is block-buffered, so an adapter's
 *  `print(json.dumps(answer))` without flush=True held every answer back, and each check waited out
 *  its time ("no answer to request 1 … within 120000 ms"). */
export function adapterEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // the run's own credentials reach the adapter in each request, as the environment's do
  const { [RUN_CREDENTIALS_ENV]: _own, ...e } = loopbackDirect(env);
  return e.PYTHONUNBUFFERED === undefined ? { ...e, PYTHONUNBUFFERED: '1' } : e;
}

/** The process ids of the running adapters (bench/families.ts counts their CPU time per family). */
export function adapterPids(): number[] {
  return [...adapters.values()].flatMap((a) => (a.pid === undefined ? [] : [a.pid]));
}

/** Close the adapter processes: all of them, or only the one started for `command` (runs with
 *  other commands, e.g. other SDK defects, may be going on beside it in the same process). */
export async function closeAdapters(command?: readonly string[]): Promise<void> {
  const c = command && JSON.stringify(command);
  const keys = [...adapters.keys()].filter((k) => c === undefined || k === c || k.startsWith(`${c}\n`));
  const closing = keys.flatMap((k) => {
    const a = adapters.get(k);
    adapters.delete(k);
    return a ? [a] : [];
  });
  await Promise.all(closing.map((a) => a.close()));
  // no adapter left to read the CA file of this process's own TLS material (meta-tests; a run's is the run's)
  if (adapters.size === 0) dropOwnSdkTls();
}

/** Bodies a profile's strict gateway reads though its reference gateway does not: a g2g SDK that posts
 *  its parameters as JSON, or the XML of pg_xml bare, is failed on that (GL-SDK-12) and judged on the
 *  rest as the form they name. */
const PASS_ON: Partial<Record<string, PassOn>> = {
  greenleaves: (rec) => {
    const type = rec.headers['content-type'];
    const json = isJsonMedia(type);
    const pairs = json ? jsonPairs(rec.text) : xmlBodyPairs(rec.text, type);
    if (!pairs) return undefined;
    return {
      body: Buffer.from(encodeForm(pairs)),
      contentType: 'application/x-www-form-urlencoded',
      note: json
        ? 'the JSON body was passed to the gateway as the form fields it names (GL-SDK-12)'
        : 'the bare XML body was passed to the gateway as the form field pg_xml (GL-SDK-12)',
    };
  },
};

/** A secret and the hashes of it alone (hex in either case, Base64): key material an SDK's answer may show. */
export function keyHashes(secret: string): string[] {
  if (!secret) return [];
  const out = [secret];
  for (const alg of ['md5', 'sha1', 'sha256', 'sha512']) {
    const h = createHash(alg).update(secret, 'utf8').digest();
    out.push(h.toString('hex'), h.toString('hex').toUpperCase(), h.toString('base64'));
  }
  return out;
}

/** A check's view of the SDK under test: a fresh recording gateway in front of the reference
 *  gateway, and calls of the SDK's operations through its adapter. */
export class SdkSession {
  /** this check's requests, for the adapter's notes about them: the adapter is shared by the checks, and a
   *  repeated answer arriving after the check closed showed in the next one's notes */
  private readonly owner: NoteOwner = { open: true };

  private constructor(
    readonly gateway: RecordingGateway,
    private readonly proc: AdapterProcess,
    private readonly credentials: Record<string, string>,
    private readonly evidence: EvidenceLog,
    private readonly profile: string,
    private readonly defects?: string[],
    private readonly onAnswer?: (op: string, answer: AdapterAnswer, wellFormed: boolean, input: unknown) => void,
    private readonly onNote?: (note: string) => void,
    /** --sdk-tls: the run's CA file, named in each request */
    private readonly ca?: string,
  ) {}

  /** `onAnswer`: called with every answer as it arrives, before the call judges it (a rule about every
   *  answer, CheckContext.onSdkAnswer: one that breaks the output schema or says `unsupported` too). */
  static async open(
    subject: Subject,
    credentials: Record<string, string>,
    dispatcher: Dispatcher,
    evidence: EvidenceLog,
    onAnswer?: (op: string, answer: AdapterAnswer, wellFormed: boolean, input: unknown) => void,
    /** the check's notes (CheckContext.note): what the adapter did that is no failure (a repeated answer) */
    onNote?: (note: string) => void,
    /** --sdk-tls only: 'foreign', the gateway's certificate is one for the same names from another CA (the
     *  SDK must refuse it: V5-SDK-24, JY-SDK-27) */
    certificate: 'run' | 'foreign' = 'run',
  ): Promise<SdkSession> {
    if (!subject.sdk) throw new Error('the subject has no SDK adapter command');
    const tls = subject.sdk.tls ? sdkTls() : undefined;
    const serve = tls && (certificate === 'foreign' ? tls.foreign : { cert: tls.cert, key: tls.key });
    const gw = await RecordingGateway.open(subject.baseUrl, dispatcher, evidence, PASS_ON[subject.profile], serve);
    const { command, defects } = subject.sdk;
    // its own credentials on its command line (--api-key=…, --token …): its log may print them
    for (const a of credentialArgs(command)) registerSecret(a.value);
    // the secrets it is configured with (the run's own where the environment gives none: sdkCredentials)
    // and their hashes, which an answer may carry (a key id, JY-SDK-07): answers are kept in the evidence
    for (const [k, v] of Object.entries(credentials))
      if (/secret/i.test(k)) for (const x of keyHashes(v)) registerSecret(x);
    return new SdkSession(
      gw,
      adapter(command, tls?.ca),
      credentials,
      evidence,
      subject.profile,
      defects,
      onAnswer,
      onNote,
      tls?.ca,
    );
  }

  /** Call an operation; `unsupported` skips the check (unless `unsupported: 'answer'`: a check that
   *  judges its rules on several operations gets the answer and goes on with the others), a broken
   *  adapter makes it inconclusive. */
  async call(
    op: string,
    input: Record<string, unknown>,
    opts: { timeoutMs?: number; note?: string; unsupported?: 'skip' | 'answer' } = {},
  ): Promise<AdapterAnswer> {
    const started = Date.now();
    const large = this.gateway.tooLarge.length;
    // the card data it is given (a cardholder's name) may come back in an error message a reason quotes
    for (const v of removedValues(JSON.stringify(input))) registerCardData(v);
    this.takeNotes();
    let a: AdapterAnswer;
    try {
      a = await this.proc.request(
        op,
        this.gateway.url,
        this.credentials,
        input,
        opts.timeoutMs ?? 30_000,
        this.defects,
        this.owner,
        this.ca,
      );
    } catch (e) {
      if (e instanceof AdapterProtocolError) {
        const log = this.proc.tail();
        // a request after the adapter's exit was never sent: what it broke on is the one it exited during
        // (one still running was not asked either: it has answered nothing since it started)
        const what = e.notAsked
          ? `the SDK adapter was not asked ${op}: ${e.message}${this.proc.exited ? ', earlier in this check' : ''}`
          : `the SDK adapter broke the protocol on ${op}: ${e.message}`;
        const again = this.proc.exited ? '; it is started again for the next check' : '';
        throw new Inconclusive(`${what}${again}${log ? ` (adapter log: ${log})` : ''}`);
      }
      throw e;
    }
    this.evidence.add({
      at: new Date(started).toISOString(),
      direction: 'sent',
      method: 'SDK',
      url: op,
      requestHeaders: {},
      requestBody: JSON.stringify(input),
      // the protocol's id first, whatever order the adapter wrote: kept readable (redactExchange)
      responseBody: JSON.stringify(Object.assign({ id: a.id }, a)),
      ms: Date.now() - started,
      note: opts.note ?? `adapter operation ${op}`,
    });
    this.takeNotes();
    const valid = a.ok ? outputSchema(this.profile, op) : undefined;
    // an output that breaks its schema is the protocol's failure: judged below, after the hook sees it
    const wellFormed = !a.ok || !valid || valid(a.output);
    this.onAnswer?.(op, a, wellFormed, input);
    // a request too large to read was never recorded: judged as if not sent, its rules would read the
    // check's other requests, or none ("the SDK sent no request")
    const unread = this.gateway.tooLarge[large];
    if (unread)
      throw new Inconclusive(
        `the SDK sent ${op}'s request ${unread.method} ${quote(unread.path, 200)} with a body of more than ${MAX_BODY >> 20} MiB, which paycert's gateway does not read (it answered HTTP 413): the request is not judged`,
      );
    if (!wellFormed) {
      const e = valid?.errors?.[0];
      throw new Inconclusive(
        `the SDK adapter broke the protocol on ${op}: its output${e?.instancePath ?? ''} ${e?.message ?? "does not follow the operation's output schema"} (specs/${this.profile}/sdk.json)`,
      );
    }
    if (!a.ok && a.error.kind === 'unsupported' && opts.unsupported !== 'answer')
      throw new SkipCheck(`the SDK does not support ${op}: ${a.error.message ?? 'unsupported'}`);
    return a;
  }

  /** The adapter's notes since the last call about this check's requests (an answer repeated, one not UTF-8): in the evidence and the check's notes. */
  private takeNotes(): void {
    // a note of its own, not mark(): that pins what follows as a failing property case's replay; the
    // check's notes too, since a long check keeps only its last exchanges
    for (const note of this.proc.takeNotes(this.owner)) {
      this.evidence.add({
        at: new Date().toISOString(),
        direction: 'sent',
        method: '-',
        url: '-',
        requestHeaders: {},
        note,
      });
      this.onNote?.(note);
    }
  }

  close(): Promise<void> {
    this.takeNotes();
    // a note about its requests arriving from now on is dropped
    this.owner.open = false;
    return this.gateway.close();
  }
}
