import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { readLines } from '../../../src/sdk-adapter/lines.ts';
import { AdapterProcess, AdapterProtocolError } from '../../../src/sdk-adapter/protocol.ts';
import { registerSecret } from '../../../src/harness/redact.ts';

async function collect(chunks: Array<string | Buffer>, max: number) {
  const s = new PassThrough();
  const lines: string[] = [];
  const long: string[] = [];
  readLines(
    s,
    max,
    (l) => lines.push(l),
    (h) => long.push(h),
  );
  const ended = new Promise((r) => s.on('end', r));
  for (const c of chunks) s.write(c);
  s.end();
  await ended;
  return { lines, long };
}

test('lines as split on LF (CR LF too), however the text is cut into chunks', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.stringMatching(/^[a-zé{}" \r]{0,12}$/), { maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      async (lines, cuts) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const bytes = Buffer.from(text, 'utf8');
        // cut anywhere, also inside a multi-byte character
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at, bytes.length].slice(1).map((end, i, a) => bytes.subarray(i ? a[i - 1] : 0, end));
        const got = await collect([bytes.subarray(0, 0), ...chunks], 100);
        expect(got.lines).toEqual(lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
        expect(got.long).toEqual([]);
      },
    ),
  );
});

test('a line longer than the limit is reported once and dropped; the next line is read', async () => {
  const got = await collect(['{"id":1', 'x'.repeat(5000), 'y'.repeat(5000), '"}\n{"id":2}\n', 'tail'], 1000);
  expect(got.long).toHaveLength(1);
  expect(got.long[0]!.startsWith('{"id":1xxx')).toBe(true);
  expect(got.lines).toEqual(['{"id":2}', 'tail']);
});

test('an adapter writing endlessly without a newline fails the waiting request, and paycert does not hold it all', async () => {
  // 64 MiB in 64 KiB writes and no newline: readline would keep it all in one string
  const writer =
    'const b = "x".repeat(65536); let n = 0; const go = () => { while (n < 1024) { n++; if (!process.stdout.write(b)) return process.stdout.once("drain", go); } }; process.stdin.once("data", go); setInterval(() => {}, 1000);';
  const a = new AdapterProcess([process.execPath, '-e', writer]);
  try {
    const before = process.memoryUsage().rss;
    const err = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 20_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterProtocolError);
    expect((err as Error).message).toMatch(/longer than/);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 << 20);
  } finally {
    await a.close();
  }
});

test("the adapter's first answer is given the start-up grace, once; later requests their own time", async () => {
  // answers each request 400 ms after it arrives: slower than the 100 ms asked, within the grace
  const slow =
    'let n = 0; require("readline").createInterface({ input: process.stdin }).on("line", (l) => { const { id } = JSON.parse(l); setTimeout(() => process.stdout.write(JSON.stringify({ id, ok: true, output: {} }) + "\\n"), 400); });';
  const a = new AdapterProcess([process.execPath, '-e', slow], process.env, 30_000);
  try {
    const first = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 100);
    expect(first.ok).toBe(true);
    const second = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 100).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AdapterProtocolError);
    expect((second as Error).message).toMatch(/^no answer to request 2 \(payment\.create\) within 100 ms$/);
  } finally {
    await a.close();
  }
  // an adapter that never answers: the grace is spent once, a second request waits its own time, then it is asked nothing more (probe 24: each
  // later check waited out its own time, its reason no longer saying the adapter had answered nothing)
  const silent = new AdapterProcess([process.execPath, '-e', 'process.stdin.resume()'], process.env, 300);
  try {
    const e1 = await silent.request('payment.create', 'http://127.0.0.1:9', {}, {}, 100).catch((e: unknown) => e);
    // and, never having answered, both causes paycert cannot tell apart (an adapter that flushes and
    // hangs in its first request was told its stdout was buffered)
    expect((e1 as Error).message).toMatch(
      /within 300 ms \(its first answer: the start-up included; it has answered no request yet, so paycert cannot tell whether it hangs in payment\.create or holds its answers back: does it flush stdout after each answer .*flush=True.*\)$/,
    );
    // a second request waits its own time (a start-up slower than the grace is still answered)
    const e2 = await silent.request('payment.read', 'http://127.0.0.1:9', {}, {}, 100).catch((e: unknown) => e);
    expect((e2 as AdapterProtocolError).notAsked).toBe(false);
    expect((e2 as Error).message).toMatch(
      /^no answer to request 2 \(payment\.read\) within 100 ms; it has answered no request yet.*flush=True/,
    );
    // only then is it silent: asked nothing more
    const e3 = await silent.request('payment.create', 'http://127.0.0.1:9', {}, {}, 100).catch((e: unknown) => e);
    expect((e3 as AdapterProtocolError).notAsked).toBe(true);
    expect((e3 as Error).message).toMatch(/^the adapter has still answered nothing since it started .*flush=True/);
  } finally {
    await silent.close();
  }
});

test("an adapter that crashes: the reason's log is its log's end, the error line whole, the traceback's markers left out", async () => {
  // Python 3.11's traceback: the failing line, its ^^^^ markers, and the error last
  const trace = [
    ...Array.from({ length: 40 }, (_, i) => `debug line ${i} ${'x'.repeat(60)}`),
    'Traceback (most recent call last):',
    '  File "/srv/sdk/adapter.py", line 88, in <module>',
    '    answer = handle(request["op"], request["input"], request["gateway"])',
    '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/srv/sdk/glpay/__init__.py", line 140, in build',
    '    body = xml.encode(fields)',
    '           ^^^^^^^^^^',
    "AttributeError: module 'xml' has no attribute 'encode'",
  ];
  const script = `process.stdin.once('data', () => { process.stderr.write(${JSON.stringify(trace.join('\n') + '\n')}, () => process.exit(1)); });`;
  const a = new AdapterProcess([process.execPath, '-e', script]);
  const err = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 20_000).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AdapterProtocolError);
  // the exit may be seen before the last of stderr is read
  for (let i = 0; i < 100 && !a.tail().includes('AttributeError'); i++) await new Promise((r) => setTimeout(r, 20));
  const tail = a.tail();
  expect(tail.endsWith("AttributeError: module 'xml' has no attribute 'encode'")).toBe(true);
  expect(tail).toContain('body = xml.encode(fields)');
  expect(tail).not.toMatch(/\^\^\^/);
  expect(tail.length).toBeLessThanOrEqual(260);
});

// A probe's adapter exited (code 3) on payment.read; every later request read "the SDK adapter broke the
// protocol on callback.handle: the adapter exited (code 3)", blaming the operation it was asked next.
test('a request after the adapter exited names the operation it exited during, not the one asked now', async () => {
  const script = `require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const { id, op } = JSON.parse(l); if (op === 'payment.read') process.exit(3); process.stdout.write(JSON.stringify({ id, ok: true, output: {} }) + '\\n'); });`;
  const a = new AdapterProcess([process.execPath, '-e', script]);
  try {
    expect((await a.request('payment.create', 'http://127.0.0.1:9', {}, {})).ok).toBe(true);
    const crash = await a.request('payment.read', 'http://127.0.0.1:9', {}, {}).catch((e: unknown) => e);
    expect((crash as Error).message).toBe('the adapter exited (code 3) during payment.read (request 2)');
    const later = await a.request('callback.handle', 'http://127.0.0.1:9', {}, {}).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(AdapterProtocolError);
    expect((later as AdapterProtocolError).notAsked).toBe(true);
    expect((later as Error).message).toBe('the adapter had exited (code 3) during payment.read (request 2)');
    expect(a.exited).toBe(true);
  } finally {
    await a.close();
  }
});

// A probe's adapter crashed writing its secret split over two lines of stderr ("split=JyS4n" then
// "SharedSecretXYZ987 raw=…"): each line was redacted alone, neither held the secret, and the reason's
// log joined them with " | " into every report. The log's end is redacted whole, before and after the
// lines for the reason are picked (a traceback's marker line between the halves is left out of it).
test("a secret split over the adapter's log lines does not reach the reason's log, whole or in halves", async () => {
  const secret = 'JyS4nSharedSecretXYZ987';
  registerSecret(secret);
  for (const between of ['\n', '\n    \n', '\n   ^^^^^\n']) {
    const log = `Traceback: KeyError secret=x split=${secret.slice(0, 5)}${between}${secret.slice(5)} raw=${secret} pan=4405645000006150 cvv=123\n`;
    const script = `process.stdin.once('data', () => { process.stderr.write(${JSON.stringify(log)}, () => process.exit(1)); });`;
    const a = new AdapterProcess([process.execPath, '-e', script]);
    const err = await a.request('payment.form', 'http://127.0.0.1:9', {}, {}, 20_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterProtocolError);
    for (let i = 0; i < 100 && !a.tail().includes('cvv'); i++) await new Promise((r) => setTimeout(r, 20));
    const tail = a.tail();
    expect(tail).toContain('cvv');
    expect(tail).not.toContain(secret.slice(5));
    expect(tail).not.toContain(`${secret.slice(0, 5)} |`);
    expect(tail).not.toContain('4405645000006150');
    expect(tail).toContain('split=[secret]');
    await a.close();
  }
});

// A probe's adapter answered every request at once, with its id + 1000000: the answer was dropped as a
// late one, and each check waited out the start-up grace for "no answer to request 1 … within 120000
// ms". An id no request was given breaks the protocol, at once; a late answer (to a request that timed
// out) is still ignored.
test('an answer with an id no request has fails the waiting request at once; a late answer is ignored', async () => {
  const wrong = `require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const { id } = JSON.parse(l); process.stdout.write(JSON.stringify({ id: id + 1000000, ok: true, output: {} }) + '\\n'); });`;
  const a = new AdapterProcess([process.execPath, '-e', wrong], process.env, 60_000);
  try {
    const t0 = Date.now();
    const err = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 30_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterProtocolError);
    expect((err as Error).message).toBe('the adapter answered id 1000001, which no request has');
    expect(Date.now() - t0).toBeLessThan(10_000);
  } finally {
    await a.close();
  }
  // answers the second request after 300 ms: it times out (100 ms), its late answer is ignored, the next is
  // answered (the first is answered at once: an adapter silent through its start-up is asked nothing more)
  const late = `require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const { id } = JSON.parse(l); setTimeout(() => process.stdout.write(JSON.stringify({ id, ok: true, output: {} }) + '\\n'), id === 2 ? 300 : 0); });`;
  const b = new AdapterProcess([process.execPath, '-e', late], process.env, 100);
  try {
    expect((await b.request('payment.create', 'http://127.0.0.1:9', {}, {}, 30_000)).ok).toBe(true);
    const e1 = await b.request('payment.create', 'http://127.0.0.1:9', {}, {}, 100).catch((e: unknown) => e);
    expect((e1 as Error).message).toMatch(/^no answer to request 2 \(payment\.create\) within 100 ms$/);
    await new Promise((r) => setTimeout(r, 400));
    expect((await b.request('payment.read', 'http://127.0.0.1:9', {}, {}, 5_000)).ok).toBe(true);
  } finally {
    await b.close();
  }
});

// An adapter that writes its answer and flushes but never ends the line (PHP's `echo json_encode($a)`):
// its request times out, and the reason says what it wrote, not "does it flush stdout?" (probe 21).
test('an answer written without its newline is named in the timeout, its text cut and redacted', async () => {
  registerSecret('S3cretForLinesTest');
  // the first request is answered whole (the process is up, whatever the machine's load: its start-up is not
  // what this test times); the second's answer has no newline
  const unended =
    'require("readline").createInterface({ input: process.stdin }).on("line", (l) => { const { id } = JSON.parse(l); process.stdout.write(JSON.stringify(id === 1 ? { id, ok: true, output: {} } : { id, ok: false, error: { kind: "x", message: "key S3cretForLinesTest" } }) + (id === 1 ? "\\n" : "")); });';
  const a = new AdapterProcess([process.execPath, '-e', unended], process.env, 60_000);
  try {
    expect((await a.request('payment.read', 'http://127.0.0.1:9', {}, {}, 60_000)).ok).toBe(true);
    const e = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 1000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AdapterProtocolError);
    const m = (e as Error).message;
    expect(m).toMatch(
      /^no answer to request 2 \(payment\.create\) within 1000 ms: it wrote .*\{"id":2,"ok":false.* without ending the line/,
    );
    expect(m).toMatch(/each answer is one line, ended by a newline/);
    expect(m).not.toMatch(/does it flush/);
    expect(m).not.toContain('S3cretForLinesTest');
  } finally {
    await a.close();
  }
});
