// Hostile SDK adapters (probe 24): one silent since its start, one that closes its stdout and runs on,
// one answering twice, one answering in cp1251 bytes; the redacted quote of an answer line beside a
// card number; a script given as the command without its x bit.
import { afterEach, expect, test } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterProcess, AdapterProtocolError, parseAnswer } from '../../../src/sdk-adapter/protocol.ts';
import { redactText, registerCardData, registerSecret } from '../../../src/harness/redact.ts';
import { inProcess } from '../../e2e/cli.ts';

const started: AdapterProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((a) => a.close()));
});

/** A node adapter answering each request line with `answer(id)` (written as given: a string or bytes). */
function adapter(answer: string, grace?: number): AdapterProcess {
  const a = new AdapterProcess(
    [
      process.execPath,
      '-e',
      `require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => { const id = JSON.parse(l).id; ${answer} });`,
    ],
    process.env,
    grace,
  );
  started.push(a);
  return a;
}

const ask = (a: AdapterProcess, timeoutMs = 600_000) =>
  a.request('status.get', 'http://127.0.0.1:9', {}, {}, timeoutMs);

async function refusal(p: Promise<unknown>): Promise<AdapterProtocolError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AdapterProtocolError);
  return e as AdapterProtocolError;
}

test('an adapter silent through its start-up allowance and one more request is asked nothing more, and told why (flush?)', async () => {
  const a = new AdapterProcess(['sleep', '100000'], process.env, 50);
  started.push(a);
  const first = await refusal(ask(a, 50));
  expect(first.message).toMatch(/no answer to request 1 \(status\.get\) within 50 ms .*answered no request yet/);
  // the next request is sent and waits its own time: a start-up slower than the allowance is not cut off
  const second = await refusal(a.request('payment.read', 'http://127.0.0.1:9', {}, {}, 50));
  expect(second.notAsked).toBe(false);
  expect(second.message).toMatch(
    /^no answer to request 2 \(payment\.read\) within 50 ms; .*answered no request yet.*flush/,
  );
  const later = await refusal(a.request('payment.form', 'http://127.0.0.1:9', {}, {}, 600_000));
  expect(later.notAsked).toBe(true);
  expect(later.message).toMatch(
    /has still answered nothing since it started \(request 1, status\.get, had no answer within 50 ms, nor request 2, payment\.read, within 50 ms\).*answered no request yet.*flush/,
  );
  expect(a.exited).toBe(false);
});

test('an adapter starting slower than its start-up allowance answers the next request (not rejected unsent)', async () => {
  // "starts" only when its second request arrives (a JVM SDK ready at 125 s of a 120 s allowance): then
  // answers all it was asked, the first one late
  const a = adapter(
    `globalThis.ids = [...(globalThis.ids ?? []), id]; if (id >= 2) for (const i of globalThis.ids.splice(0)) process.stdout.write(JSON.stringify({ id: i, ok: true, output: {} }) + '\\n');`,
    50,
  );
  const first = await refusal(ask(a, 50));
  expect(first.message).toMatch(/no answer to request 1 \(status\.get\) within 50 ms/);
  expect((await ask(a)).ok).toBe(true);
  expect((await ask(a)).ok).toBe(true);
});

test('an adapter that closes its stdout and runs on ends the pending request at once, and is ended', async () => {
  const a = adapter(`require('node:fs').closeSync(1); setInterval(() => {}, 1e9);`);
  const e = await refusal(ask(a));
  expect(e.message).toMatch(/^the adapter closed its standard output .* during status\.get \(request 1\)$/);
  expect(a.exited).toBe(true);
  expect((await refusal(ask(a))).message).toMatch(/^the adapter had closed its standard output/);
});

test('a second answer to an answered request is noted (the same, or a different one), not judged', async () => {
  const a = adapter(
    `const ok = JSON.stringify({ id, ok: true, output: {} }); process.stdout.write(ok + '\\n' + (id === 1 ? ok : JSON.stringify({ id, ok: false, error: { kind: 'rejected' } })) + '\\n');`,
  );
  expect((await ask(a)).ok).toBe(true);
  expect((await ask(a)).ok).toBe(true);
  await new Promise((r) => setImmediate(r));
  const notes = a.takeNotes();
  expect(notes[0]).toMatch(/answered request 1 \(status\.get\) a second time \(the same answer\)/);
  expect(notes[1]).toMatch(/answered request 2 \(status\.get\) a second time, differently: .*rejected.*only its first/);
  expect(a.takeNotes()).toEqual([]);
});

test('an answer with bytes that are not UTF-8 is read as decoded, with a note naming them', async () => {
  // "Заказ" in cp1251
  const a = adapter(
    `process.stdout.write(Buffer.concat([Buffer.from('{"id":' + id + ',"ok":true,"output":{"message":"'), Buffer.from([0xc7, 0xe0, 0xea, 0xe0, 0xe7]), Buffer.from('"}}\\n')]));`,
  );
  const answer = await ask(a);
  expect(answer.ok && answer.output.message).toBe('\uFFFD'.repeat(5));
  expect(a.takeNotes()).toEqual([
    expect.stringMatching(/request 1 \(status\.get\) had bytes that are not UTF-8, read as U\+FFFD/),
  ]);
});

test('the U+FFFD note is cut from the redacted line: a secret at the edge of its window shows no part', async () => {
  const secret = 'Zq7sEcReT9xLmP4wAbCdEfGh';
  registerSecret(secret);
  // the secret ends 29 characters before the bad byte: a window of 40 cut before redaction kept its last
  // 11 characters, under the redactor's 12-character part minimum
  const a = adapter(
    `process.stdout.write(Buffer.concat([Buffer.from('{"id":' + id + ',"ok":true,"output":{"message":"${secret} ${'p'.repeat(28)}'), Buffer.from([0xc7]), Buffer.from('"}}\\n')]));`,
  );
  expect((await ask(a)).ok).toBe(true);
  const [note] = a.takeNotes();
  expect(note).toMatch(/had bytes that are not UTF-8, read as U\+FFFD: .*p\uFFFD/);
  for (let i = 0; i + 4 <= secret.length; i++) expect(note).not.toContain(secret.slice(i, i + 4));
});

test('an adapter that closes its stdout and exits while paycert is busy over a second is named by its exit code', async () => {
  const a = adapter(`require('node:fs').closeSync(1); setTimeout(() => process.exit(1), 50);`);
  const child = (a as unknown as { child: import('node:child_process').ChildProcess }).child;
  // the worker's event loop blocked after the end of stdout until the adapter has exited (a zombie, not
  // yet reaped) and the one-second timer is due: timers run before the exit is read
  child.stdout!.once('end', () => {
    const from = Date.now();
    const zombie = () => {
      try {
        return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${child.pid}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    while (Date.now() - from < 1_100 || !zombie()) {
      // busy: a large redaction, a loaded machine
    }
  });
  const e = await refusal(ask(a));
  expect(e.message).toMatch(/^the adapter exited \(code 1\) during status\.get \(request 1\)$/);
});

test("a second answer arriving after its check closed is not shown in the next check's notes", async () => {
  // answers each request; before answering request n > 1, answers request n - 1 again
  const a = adapter(
    `const ok = (i) => JSON.stringify({ id: i, ok: true, output: {} }) + '\\n'; process.stdout.write((id > 1 ? ok(id - 1) : '') + ok(id));`,
  );
  const checkA = { open: true };
  const checkB = { open: true };
  const askAs = (owner: { open: boolean }) =>
    a.request('status.get', 'http://127.0.0.1:9', {}, {}, 600_000, undefined, owner);
  expect((await askAs(checkA)).ok).toBe(true);
  // A still open: its note is its own
  expect((await askAs(checkB)).ok).toBe(true);
  expect(a.takeNotes(checkB)).toEqual([]);
  expect(a.takeNotes(checkA)).toEqual([expect.stringMatching(/answered request 1 \(status\.get\) a second time/)]);
  // B closed: the repeat of its request 2, arriving during C's request 3, is dropped
  checkB.open = false;
  const checkC = { open: true };
  expect((await askAs(checkC)).ok).toBe(true);
  expect(a.takeNotes(checkC)).toEqual([]);
  expect(a.takeNotes(checkB)).toEqual([]);
});

test('a script without its x bit is named so, with the interpreter to run it through (exit 2)', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'paycert-noexec-')), 'adapter.py');
  writeFileSync(file, '#!/usr/bin/env python3\nprint("hi")\n');
  chmodSync(file, 0o644);
  const { code, line } = await inProcess(['run', '--subject', 'sdk', '--sdk', file, '--profile', 'jysan']);
  expect(code).toBe(2);
  expect(line).toBe(
    `paycert: --sdk: ${file} is not executable (chmod +x, or run it through its interpreter: python3 ${file})`,
  );
});

test('a script without its x bit whose #! line gives env options is named with the interpreter, not the option', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'paycert-noexec-')), 'adapter');
  writeFileSync(file, '#!/usr/bin/env -S python3 -u\nprint("hi")\n');
  chmodSync(file, 0o644);
  const { code, line } = await inProcess(['run', '--subject', 'sdk', '--sdk', file, '--profile', 'jysan']);
  expect(code).toBe(2);
  expect(line).toBe(
    `paycert: --sdk: ${file} is not executable (chmod +x, or run it through its interpreter: python3 ${file})`,
  );
});

test("a line that is not JSON, quoted beside a card number, keeps the protocol's integer id; card data removed", () => {
  registerCardData('243');
  // the answer's card further on (a short number right beside one is removed whatever its name: a CVC)
  const line =
    '{"id": 3, "ok", "note": "x": true, "output": {"status": "cleared", "currency": "KZT", "amount": 500, "pan": "4400440044004440", "cvc": "243"}}';
  const e = (() => {
    try {
      parseAnswer(line);
    } catch (x) {
      return x as Error;
    }
  })();
  const shown = redactText(e!.message);
  expect(shown).toMatch(/^not JSON: \{"id": 3, "ok"/);
  expect(shown).not.toContain('4400440044004440');
  expect(shown).not.toContain('243');
  // an id equal to card data paycert sent stays removed (a text has no protocol to tell them apart)
  const same = (() => {
    try {
      parseAnswer(line.replace('"id": 3', '"id": 243'));
    } catch (x) {
      return (x as Error).message;
    }
  })();
  expect(same).not.toContain('243');
});
