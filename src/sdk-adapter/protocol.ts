import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { readLines } from './lines.ts';
import { isDiagnostic } from '../harness/diagnostics.ts';
import { JsonTooDeep, MAX_JSON_DEPTH, parseJsonBounded } from '../protocols/common/json-depth.ts';
import { quote } from '../harness/clip.ts';
import { redactText } from '../harness/redact.ts';
import { processStart, startTimes } from '../harness/proc.ts';
import type { V5Operation } from '../protocols/greenleaves-v5/endpoints.ts';

/** The JSON-lines protocol between paycert and an SDK adapter (docs/sdk-adapter.md,
 *  specs/_meta/sdk-adapter.schema.json). One request a line on the adapter's stdin, one answer a
 *  line on its stdout, matched by `id`; stderr is the adapter's log. */
export interface AdapterRequest {
  id: number;
  op: string;
  gateway: string;
  credentials: Record<string, string>;
  input: Record<string, unknown>;
  /** `paycert run --sdk-tls`: the path of the run's CA certificate (PEM), which issued the https gateway's */
  ca?: string;
  /** paycert's reference adapter only: its deliberate mistakes for this request (the meta-tests) */
  defects?: string[];
}

/** The v5 operations by their adapter names (docs/sdk-adapter.md): what the reference adapter calls and
 *  the SDK checks judge each request as. */
export const V5_OPERATIONS: Readonly<Record<string, V5Operation>> = {
  'payment.create': 'create',
  'payment.read': 'status',
  'payment.reverse': 'reverse',
  'payment.refund': 'refund',
  'payment.clearing': 'clearing',
};

export type ErrorKind = 'unsupported' | 'rejected' | 'signature' | 'transport' | 'validation';
export const ERROR_KINDS: readonly ErrorKind[] = ['unsupported', 'rejected', 'signature', 'transport', 'validation'];

export interface AdapterError {
  kind: ErrorKind;
  code?: string;
  message?: string;
}

/** Whose notes a request's are (an SdkSession: the adapter is shared by the checks of a process): a note
 *  about a request goes to its owner while `open`, and is dropped once it is not. */
export interface NoteOwner {
  open: boolean;
}

export type AdapterAnswer =
  { id: number; ok: true; output: Record<string, unknown> } | { id: number; ok: false; error: AdapterError };

/** The adapter broke the protocol (not an answer about the SDK's behaviour). `notAsked`: the request
 *  was never sent, the adapter having exited before it (during an earlier request). */
export class AdapterProtocolError extends Error {
  override name = 'AdapterProtocolError';
  constructor(
    message: string,
    readonly notAsked = false,
  ) {
    super(message);
  }
}

/** An answer line, parsed defensively: anything that is not a well-formed answer is a protocol error. */
export function parseAnswer(line: string): AdapterAnswer {
  let v: unknown;
  try {
    // bounded: the output is walked recursively (evidence, redaction, the checks); an answer nested
    // 400,000 deep overflowed the stack
    v = parseJsonBounded(line);
  } catch (e) {
    if (e instanceof JsonTooDeep)
      throw new AdapterProtocolError(`an answer nested deeper than ${MAX_JSON_DEPTH} levels: ${quote(line, 120)}`);
    // JSON_PRETTY_PRINT, json.dumps(indent=2), a pretty printer: the answer's first line is its brace
    const pretty = /^\s*\{\s*$/.test(line)
      ? ' (an answer is one line of JSON: a pretty-printed one spans several)'
      : '';
    throw new AdapterProtocolError(`not JSON: ${quote(line, 120)}${pretty}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new AdapterProtocolError('an answer must be a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'number' || !Number.isInteger(o.id))
    throw new AdapterProtocolError('an answer needs an integer "id"');
  if (o.ok === true) {
    const out = o.output ?? {};
    if (typeof out !== 'object' || out === null || Array.isArray(out))
      throw new AdapterProtocolError(`answer ${o.id}: "output" must be an object`);
    return { id: o.id, ok: true, output: Object.assign(Object.create(null) as Record<string, unknown>, out) };
  }
  if (o.ok === false) {
    const e = o.error as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object' || !ERROR_KINDS.includes(e.kind as ErrorKind)) {
      throw new AdapterProtocolError(`answer ${o.id}: "error.kind" must be one of ${ERROR_KINDS.join(', ')}`);
    }
    const str = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined);
    return { id: o.id, ok: false, error: { kind: e.kind as ErrorKind, code: str(e.code), message: str(e.message) } };
  }
  throw new AdapterProtocolError(`answer ${o.id}: "ok" must be true or false`);
}

const MAX_LINE = 1 << 20;
/** The adapter's first answer includes its start-up (a JVM, tsx, a PHP or Ruby interpreter loading its
 *  SDK): on a loaded machine that alone took 30 s of wall time. Until the adapter has answered once, a
 *  request is given at least this long: a hang guard, not a measure of the SDK's speed. */
const STARTUP_GRACE_MS = 120_000;
const MAX_LOG_LINE = 64 << 10;
/** The log's last lines kept as written (each cut to RAW_LINE characters) for the reason's log. */
const RAW_LINES = 64;
const RAW_LINE = 4096;
/** An adapter that has not answered any request yet: it may hang in this operation, or its answers sit
 *  in its own stdout buffer, or it reads its stdin to the end first. paycert cannot tell which (an
 *  adapter that flushes and hangs in its first request was told to flush), so both are named. */
const UNFLUSHED = (op: string) =>
  `; it has answered no request yet, so paycert cannot tell whether it hangs in ${op} or holds its answers back: does it flush stdout after each answer (buffered on a pipe: Python's print(..., flush=True), Ruby's $stdout.sync = true, Perl's $| = 1) and read stdin a line at a time?`;

/** A request as one line of JSON. U+0085, U+2028 and U+2029 (which JSON.stringify leaves as they are)
 *  are escaped: an adapter reading its stdin with Python's str.splitlines() ends a line at each,
 *  cutting a request whose description held one in two. */
export const requestLine = (req: AdapterRequest): string =>
  JSON.stringify(req).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A crash's headline in a log: Go's `panic: …` or `fatal error: …`, Java's `Exception in thread "…" …`,
 *  an error line of Python's traceback or Node's stack (`ValueError: …`, `TypeError: …`, `Error: …`,
 *  `java.lang.IllegalStateException: …`). */
const CRASH_LINE =
  /^(?:panic: |fatal error: |Exception in thread "|Uncaught |(?:[\w$]+\.)*(?:[A-Z][\w$]*)?(?:Error|Exception)(?::\s|$))/;

/** The index of the last crash headline among `lines` (CRASH_LINE), or -1; for Go, the first `panic:` of
 *  the last run of them (a panic re-raised while panicking prints several). */
function crashLine(lines: readonly string[], from = 0): number {
  let h = -1;
  for (let i = lines.length - 1; i >= from && h < 0; i--) if (CRASH_LINE.test(lines[i]!.trim())) h = i;
  while (h > from && /^panic: /.test(lines[h]!.trim()) && /^panic: |^\s*panic: /.test(lines[h - 1]!)) h--;
  return h;
}

/** A running adapter process. Requests may overlap; answers are matched by id. */
export class AdapterProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    {
      op: string;
      resolve: (a: AdapterAnswer) => void;
      reject: (e: Error) => void;
      timer: NodeJS.Timeout;
      owner?: NoteOwner;
    }
  >();
  /** why the adapter ended, with the requests it was answering then ("… during payment.read (request 2)") */
  private ended: string | undefined;
  /** whether any answer line came: from then on the adapter is running, and timeoutMs is its own */
  private started = false;
  /** a request given the start-up grace went unanswered before any answer came: the grace is given once,
   *  and the next request waits its own time (a start-up slower than the grace, a JVM's at 125 s of 120,
   *  is answered then: rejected at once, the checks ran through the gap in milliseconds each) */
  private graceSpent: string | undefined;
  /** why the adapter is taken for silent: that next request, too, went unanswered with no answer at all
   *  since the start. It is asked nothing more until it answers (each later check waited out its 30 s,
   *  with no word that the adapter had still answered nothing) */
  private silent: { first: string; op: string } | undefined;
  /** the answers of the last requests (canonical JSON), to tell a repeated answer from a late one */
  private readonly answered = new Map<number, { op: string; answer: string; owner?: NoteOwner }>();
  /** what the adapter did that is no failure but should be seen (a repeated answer, bytes not UTF-8), with
   *  the owner of the request it is about: read by takeNotes */
  private notes: Array<{ note: string; owner?: NoteOwner }> = [];
  readonly log: string[] = [];
  /** The log's last lines as written, never shown as they are: the reason's log is redacted from them
   *  as one text (see tail). */
  private readonly raw: string[] = [];
  /** each raw line's number in the log (lines kept so far), and the number of lines the log had when the
   *  adapter last answered: a crash's line is looked for after it (an error line logged while handling an
   *  earlier request is no headline for a later failure) */
  private readonly rawNo: number[] = [];
  private lines = 0;
  private answeredAtLine = 0;
  /** how the adapter exited, once it has */
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Settled when the adapter has exited and its pipes are closed (its log read to the end). */
  readonly done: Promise<void>;
  /** the adapter's stdout as lines: what it wrote after its last newline names an unended answer */
  private readonly stdout: { pending: () => string };

  constructor(
    readonly argv: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
    private readonly startupGraceMs = STARTUP_GRACE_MS,
  ) {
    const [cmd, ...args] = argv;
    if (!cmd) throw new AdapterProtocolError('no adapter command');
    // a process group of its own (POSIX): whatever the adapter forks (a JVM's helpers, a shell's
    // children, a daemonising SDK) is ended with it. A grandchild holding the adapter's pipes ran on
    // after the adapter exited or was killed, and after the run
    this.child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached: process.platform !== 'win32' });
    if (this.child.pid !== undefined) {
      ADAPTER_GROUPS.add(this.child.pid);
      // `paycert run` ends them after the run, whatever became of the worker that started them; with
      // the leader's start time, so that a later process given the same id is told from it
      const file = process.env[ADAPTER_GROUPS_ENV];
      if (file) appendFileSync(file, `${[this.child.pid, processStart(this.child.pid)].join(' ').trim()}\n`);
    }
    this.child.on('error', (e) => this.end(`could not start ${cmd}: ${e.message}`));
    this.done = new Promise<void>((r) => {
      this.child.once('close', () => r());
      this.child.once('error', () => r());
    });
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      this.end(`the adapter exited (${signal ?? `code ${code}`})`);
      // what it left behind has no one to answer for: ended, which also closes the pipes it held
      this.killGroup();
    });
    this.child.stdin!.on('error', () => {}); // EPIPE after an exit is reported through 'exit'
    // an adapter that closed its stdout and runs on can never answer again: ended and stopped (started
    // again for the next check), not waited out request by request. Its exit, if it is exiting, comes
    // first and names its code.
    this.child.stdout!.once('end', () => {
      if (this.ended !== undefined) return;
      const exited = () => this.ended !== undefined || this.child.exitCode !== null || this.child.signalCode !== null;
      const stop = () => {
        if (exited()) return;
        this.end('the adapter closed its standard output (it was still running: stopped)');
        this.killGroup();
      };
      // timers run before the loop reads I/O: after a stall of over a second (a large redaction, a loaded
      // machine) the timer came first, and an adapter that had exited with code 1 was "still running:
      // stopped". Its exit, read in the poll phase, comes before an immediate
      const t = setTimeout(() => {
        if (!exited()) setImmediate(stop);
      }, 1_000);
      t.unref();
      this.child.once('exit', () => clearTimeout(t));
    });
    const log = (l: string) => this.keep(l);
    readLines(this.child.stderr!, MAX_LOG_LINE, log, (head) => log(`${head}… (a log line cut)`));
    this.stdout = readLines(
      this.child.stdout!,
      MAX_LINE,
      (l) => this.onLine(l),
      () => this.broken(new AdapterProtocolError(`an answer line longer than ${MAX_LINE} characters`)),
    );
  }

  /** The last 2000 lines (an adapter that crashes says why at the end of its log). */
  private keep(l: string): void {
    if (this.log.length >= 2000) this.log.shift();
    this.log.push(quote(l, 2000));
    if (this.raw.length >= RAW_LINES) {
      this.raw.shift();
      this.rawNo.shift();
    }
    this.raw.push(l.length > RAW_LINE ? l.slice(0, RAW_LINE) : l);
    this.rawNo.push(++this.lines);
  }

  /** The end of the log for a reason, its last line whole: lines from the end while they fit in
   *  `max` characters, a traceback's marker lines (`^^^^`, `~~~~`) and blank lines left out. Redacted as
   *  one text, not line by line: a secret an adapter wrote split over two lines ("split=JyS4n",
   *  "SharedSecret…") was in neither line, and joined by " | " it reached every report. The marker and
   *  blank lines go first, so that the halves of a secret they stood between are read with one line
   *  break between them (was: redacted before they went, the second half, itself a part of the secret
   *  long enough to be replaced, left the first readable); the line breaks become " | " only then. */
  tail(max = 240): string {
    const keep = this.raw.map((l) => !/^[\^~\s]*$/.test(l));
    const kept = this.raw.filter((_, i) => keep[i]);
    const since = this.rawNo.filter((n, i) => keep[i] && n > this.answeredAtLine).length;
    const lines = redactText(kept.join('\n')).split('\n');
    const clip = (l: string, n: number): string => (l.length > n ? `${l.slice(0, n - 1)}…` : l);
    const last = (budget: number, stop: number): { out: string[]; first: number } => {
      const out: string[] = [];
      let size = 0;
      let first = lines.length;
      for (let i = lines.length - 1; i > stop && out.length < 5; i--) {
        const l = lines[i]!.trim();
        if (l === '') continue;
        if (out.length > 0 && size + l.length > budget) break;
        out.unshift(clip(l, budget));
        size += l.length + 3;
        first = i;
      }
      return { out, first };
    };
    const tail = last(max, -1);
    // the crash's own line above the frames quoted (Go's `panic: …` before its goroutine's stack, Java's
    // `Exception in thread "main" …`, Node's `TypeError: …` before its `at` lines): what a user needs
    // first, kept ahead of the last frames (probe 25: a Go panic quoted only as `main.go:127 +0x545 | …`)
    // only for an adapter that crashed (a non-zero code, a signal), among the lines after its last answer
    // (counted from the end, when the redaction kept the lines as they were)
    const crashed = this.exit !== undefined && (this.exit.signal !== null || (this.exit.code ?? 0) !== 0);
    const h = crashed ? crashLine(lines, lines.length === kept.length ? lines.length - since : 0) : -1;
    if (h < 0 || h >= tail.first) return tail.out.join(' | ');
    const head = clip(lines[h]!.trim(), max >> 1);
    const rest = last(max - head.length - 3, h);
    return [head, ...(rest.first > h + 1 ? ['…'] : []), ...rest.out].join(' | ');
  }

  private onLine(raw: string): void {
    // a byte order mark ahead of the first answer (a .NET adapter's Console with Encoding.UTF8)
    const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') return;
    // an interpreter's notice or a VM's warning printed beside the answers: the adapter's log
    if (!line.trimStart().startsWith('{') && isDiagnostic(line)) return this.keep(`(stdout) ${line}`);
    let a: AdapterAnswer;
    try {
      a = parseAnswer(line);
    } catch (e) {
      this.broken(e as Error);
      return;
    }
    this.started = true;
    this.answeredAtLine = this.lines;
    const w = this.waiting.get(a.id);
    const first = this.answered.get(a.id);
    if (!w && first) {
      // ignored, but said: an adapter answering an error and then a success is judged on the first alone
      const same = first.answer === JSON.stringify(a);
      this.note(
        first.owner,
        () =>
          `the adapter answered request ${a.id} (${first.op}) a second time${same ? ' (the same answer)' : `, differently: ${quote(redactText(line), 200)}`}; only its first answer is judged`,
      );
      return;
    }
    if (!w) {
      // an id no request was given (a wrong id, not a slow adapter) breaks the protocol at once (ignored,
      // its request waited out its time for "no answer … within 120000 ms"); a late answer (its request
      // timed out) or a repeated one is ignored
      if (a.id < 1 || a.id >= this.nextId)
        this.broken(new AdapterProtocolError(`the adapter answered id ${a.id}, which no request has`));
      return;
    }
    // bytes that are not UTF-8 (a cp1251 text passed on as bytes) were decoded as U+FFFD: read so, but said
    // Redacted whole, then cut: cut first, a secret at the window's edge kept under 12 characters (the
    // redactor's least part of a secret) and was shown
    if (line.includes('\uFFFD'))
      this.note(w.owner, () => {
        const shown = redactText(line);
        const bad = Math.max(0, shown.indexOf('\uFFFD'));
        return `the answer to request ${a.id} (${w.op}) had bytes that are not UTF-8, read as U+FFFD: ${quote(shown.slice(Math.max(0, bad - 40), bad + 40), 100)} (lines must be UTF-8)`;
      });
    this.waiting.delete(a.id);
    clearTimeout(w.timer);
    this.answered.set(a.id, { op: w.op, answer: JSON.stringify(a), owner: w.owner });
    if (this.answered.size > 16) this.answered.delete(this.answered.keys().next().value!);
    w.resolve(a);
  }

  /** A line that cannot be matched to its request: every waiting request fails. */
  private broken(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.clear();
  }

  private clear(): void {
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
  }

  private end(why: string): void {
    if (this.ended === undefined) {
      const during = [...this.waiting].map(([id, w]) => `${w.op} (request ${id})`);
      this.ended = during.length ? `${why} during ${during.join(', ')}` : why;
    }
    for (const w of this.waiting.values()) w.reject(new AdapterProtocolError(this.ended));
    this.clear();
  }

  /** A note about a request of `owner`'s: dropped once its owner closed (a repeated answer arriving after
   *  its check ended showed in the next check's evidence and notes). */
  private note(owner: NoteOwner | undefined, text: () => string): void {
    if (owner?.open === false || this.notes.length >= 20) return;
    this.notes.push({ note: text(), owner });
  }

  /** the notes gathered since the last call (a repeated answer, bytes not UTF-8) about `owner`'s requests
   *  (all, without one), for the check's evidence; those of closed owners are dropped */
  takeNotes(owner?: NoteOwner): string[] {
    const mine = (n: { owner?: NoteOwner }) => owner === undefined || n.owner === owner;
    const taken = this.notes.filter(mine).map((n) => n.note);
    this.notes = this.notes.filter((n) => !mine(n) && n.owner?.open !== false);
    return taken;
  }

  /** whether the adapter has exited (or never started): a request to it is not sent */
  get exited(): boolean {
    return this.ended !== undefined;
  }

  request(
    op: string,
    gateway: string,
    credentials: Record<string, string>,
    input: Record<string, unknown>,
    timeoutMs = 30_000,
    defects?: string[],
    /** whose notes this request's are (an SdkSession) */
    owner?: NoteOwner,
    /** the CA file of an https gateway (AdapterRequest.ca) */
    ca?: string,
  ): Promise<AdapterAnswer> {
    // the operation asked now is not what the adapter broke on: the reason names the one it exited during
    if (this.ended !== undefined)
      return Promise.reject(
        new AdapterProtocolError(this.ended.replace(/^the adapter (exited|closed)\b/, 'the adapter had $1'), true),
      );
    if (this.silent !== undefined && !this.started) {
      const { first, op: was } = this.silent;
      const why = this.unended() ?? UNFLUSHED(was);
      return Promise.reject(
        new AdapterProtocolError(
          `the adapter has still answered nothing since it started (${first}): it is asked nothing more until it answers${why}`,
          true,
        ),
      );
    }
    const id = this.nextId++;
    const req: AdapterRequest = { id, op, gateway, credentials, input, ...(ca && { ca }), ...(defects && { defects }) };
    const starting = !this.started && this.graceSpent === undefined;
    // sent after the grace was spent, nothing answered yet: the adapter's second and last allowance
    const second = !this.started && this.graceSpent !== undefined ? this.graceSpent : undefined;
    const limit = starting ? Math.max(timeoutMs, this.startupGraceMs) : timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        if (!this.started) {
          if (starting) this.graceSpent ??= `request ${id}, ${op}, had no answer within ${limit} ms`;
          else if (second !== undefined)
            this.silent ??= { first: `${second}, nor request ${id}, ${op}, within ${limit} ms`, op };
        }
        const why =
          this.unended() ??
          (starting
            ? ` (its first answer: the start-up included${this.started ? '' : UNFLUSHED(op)})`
            : this.started
              ? ''
              : UNFLUSHED(op));
        reject(new AdapterProtocolError(`no answer to request ${id} (${op}) within ${limit} ms${why}`));
      }, limit);
      this.waiting.set(id, { op, resolve, reject, timer, owner });
      this.child.stdin!.write(`${requestLine(req)}\n`);
    });
  }

  /** An answer written and flushed but never ended by its newline (PHP's echo json_encode($a)): the
   *  adapter did answer, and "does it flush stdout?" sent its author the wrong way. */
  private unended(): string | undefined {
    const text = this.stdout.pending().trim();
    return text
      ? `: it wrote ${quote(redactText(text), 120)} without ending the line (each answer is one line, ended by a newline: docs/sdk-adapter.md)`
      : undefined;
  }

  /** the adapter's process id, while it runs (the bench reads its CPU time from /proc) */
  get pid(): number | undefined {
    return this.ended !== undefined ? undefined : this.child.pid;
  }

  /** SIGKILL the adapter's process group (the adapter, if still running, and all it forked). */
  private killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined || !ADAPTER_GROUPS.has(pid)) return;
    ADAPTER_GROUPS.delete(pid);
    killGroup(pid);
    // ended here: the run must not signal that group id again at its end, when it may be another's
    const file = process.env[ADAPTER_GROUPS_ENV];
    if (file) appendFileSync(file, `-${pid}\n`);
  }

  /** The end of stdin asks the adapter to exit; one still running 2 s later (ignoring it and SIGTERM)
   *  is killed, with everything it forked. The pipes are let go of either way. */
  async close(): Promise<void> {
    if (this.ended === undefined) {
      const done = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.stdin!.end();
      const kill = setTimeout(() => {
        this.killGroup();
        this.child.kill('SIGKILL');
      }, 2_000);
      await done;
      clearTimeout(kill);
    }
    this.killGroup();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

/** The file (one process group id a line) where the adapters started for a `paycert run` are noted,
 *  for the run to end them when it ends: a test worker closed or killed by vitest ran no exit hook,
 *  and an adapter ignoring SIGTERM and its stdin's end, or a grandchild holding its pipes, ran on. */
export const ADAPTER_GROUPS_ENV = 'PAYCERT_ADAPTER_GROUPS';

/** SIGKILL every adapter process group noted in `file` (ADAPTER_GROUPS_ENV: `pgid start-time` a line)
 *  and not noted as ended (`-pid`: its worker saw the adapter exit and ended the group then; the id may
 *  since be another process's, e.g. an adapter of a concurrent run), and remove the file. A group is
 *  ended only when it is the adapter's: its leader still the process started then (same start time), or
 *  gone from a group that still has members (Linux reuses no id a group still holds). `earlier`: the
 *  file of an earlier run on the same --out that did not end (SIGKILL): only a group whose leader is
 *  the very process recorded is its adapter (a `setsid` process given the id since was killed). Without
 *  start times to compare (no /proc), only this run's own groups are ended, as they always were. */
export function endAdapterGroups(file: string, earlier = false): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const open = new Map<number, string | undefined>();
  for (const l of text.split('\n')) {
    const m = /^(\d+)(?: (\d+))?$/.exec(l);
    if (m) open.set(Number(m[1]), m[2]);
    else if (/^-\d+$/.test(l)) open.delete(-Number(l));
  }
  const proc = startTimes();
  for (const [g, start] of open) {
    const now = proc ? processStart(g) : undefined;
    if (now === undefined ? !earlier : start !== undefined && now === start) killGroup(g);
  }
  rmSync(file, { force: true });
}

/** The process groups of the adapters this process started and has not ended. */
const ADAPTER_GROUPS = new Set<number>();

function killGroup(pgid: number): void {
  if (process.platform === 'win32') return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already
  }
}

// a worker ending (vitest closing it, or exiting at the end of a run) ends its adapters' groups: an
// adapter in a group of its own gets no terminal signal, and one ignoring its stdin's end ran on
process.once('exit', () => {
  for (const g of ADAPTER_GROUPS) killGroup(g);
  ADAPTER_GROUPS.clear();
});

/** Split a command line the way a shell splits words (quotes and backslashes; no expansion). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      any = true;
    } else if (/\s/.test(c)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (quote) throw new Error(`unterminated ${quote} in the command`);
  if (cur || any) out.push(cur);
  return out;
}
