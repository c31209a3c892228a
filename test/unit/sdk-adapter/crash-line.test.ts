import { expect, test } from 'vitest';
import { AdapterProcess, AdapterProtocolError } from '../../../src/sdk-adapter/protocol.ts';
import { registerSecret } from '../../../src/harness/redact.ts';

// Probe 25: a Go adapter panicked, and "the adapter exited (code 2)" quoted the last frames of its stack
// (`main.go:127 +0x545 | main.main.func1() …`) without the `panic: strings: negative Repeat count` line a Go
// user needs. The crash's own line is kept ahead of the last frames, redacted as the rest.
// a key of this file's own (unit files share workers: a secret registered here is one in the others too)
const SECRET = 'Cr4shL1neK3yT9vQm2Wp';
registerSecret(SECRET);
const frames = (n: number, f: (i: number) => string[]) => Array.from({ length: n }, (_, i) => f(i)).flat();

const crashes: Array<[string, string[], string]> = [
  [
    'a Go panic',
    [
      'debug: starting',
      `panic: strings: negative Repeat count (key ${SECRET})`,
      '',
      'goroutine 1 [running]:',
      ...frames(12, (i) => [
        `main.step${i}(0xc000012345, 0x${i}f)`,
        `\t/srv/sdk/cmd/v5adapter/main.go:${100 + i} +0x545`,
      ]),
    ],
    'panic: strings: negative Repeat count (key [secret])',
  ],
  [
    "Java's uncaught exception",
    [
      `Exception in thread "main" java.lang.IllegalStateException: bad key ${SECRET}`,
      ...frames(20, (i) => [`\tat kz.pay.Sdk.step${i}(Sdk.java:${40 + i})`]),
    ],
    'Exception in thread "main" java.lang.IllegalStateException: bad key [secret]',
  ],
  [
    "Node's uncaught error",
    [
      '/srv/sdk/adapter.js:12',
      '  const x = input.body.amount;',
      '                       ^',
      '',
      "TypeError: Cannot read properties of undefined (reading 'amount')",
      ...frames(12, (i) => [`    at step${i} (/srv/sdk/node_modules/kzpay/lib/client.js:${200 + i}:17)`]),
    ],
    "TypeError: Cannot read properties of undefined (reading 'amount')",
  ],
  [
    "Python's traceback (its error line last)",
    [
      'Traceback (most recent call last):',
      ...frames(8, (i) => [`  File "/srv/sdk/glpay/client.py", line ${i + 10}, in step${i}`, `    step${i + 1}()`]),
      "KeyError: 'secretKey'",
    ],
    "KeyError: 'secretKey'",
  ],
];

test.each(crashes)("%s: the reason's log keeps the crash's line, then the last frames", async (_name, log, line) => {
  const text = `${log.join('\n')}\n`;
  const script = `process.stdin.once('data', () => { process.stderr.write(${JSON.stringify(text)}, () => process.exit(2)); });`;
  const a = new AdapterProcess([process.execPath, '-e', script]);
  try {
    const err = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterProtocolError);
    // exited and its stderr read to the end
    await a.done;
    const lastLine = log[log.length - 1]!.trim();
    const tail = a.tail();
    expect(tail).toContain(line);
    expect(tail.endsWith(lastLine)).toBe(true);
    expect(tail).not.toContain(SECRET);
    expect(tail.length).toBeLessThanOrEqual(260);
  } finally {
    await a.close();
  }
});

test('an error line logged while answering an earlier request is no headline for a later failure', async () => {
  const script = `
    const rl = require('node:readline').createInterface({ input: process.stdin });
    let n = 0;
    rl.on('line', (l) => {
      const { id } = JSON.parse(l);
      if (++n === 1) {
        process.stderr.write('Error: the earlier request failed\\n');
        for (let i = 0; i < 12; i++) process.stderr.write('debug: step ' + i + ' of a long and chatty log line\\n');
        process.stdout.write(JSON.stringify({ id, ok: true, output: {} }) + '\\n');
      } else process.stdout.write('not an answer\\n');
    });`;
  const a = new AdapterProcess([process.execPath, '-e', script]);
  try {
    expect((await a.request('payment.create', 'http://127.0.0.1:9', {}, {})).ok).toBe(true);
    const err = await a.request('payment.read', 'http://127.0.0.1:9', {}, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterProtocolError);
    expect(a.tail()).not.toContain('the earlier request failed');
  } finally {
    await a.close();
  }
});
