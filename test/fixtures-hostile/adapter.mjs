#!/usr/bin/env node
// A hostile SDK adapter for paycert's sdk subject (docs/sdk-adapter.md). It runs paycert's reference
// adapter (`paycert sdk-adapter --profile P`) behind it and spoils its answers the way MODE says.
// node adapter.mjs PROFILE MODE
import { spawn, fork } from 'node:child_process';

// on a grandchild's command line, so that a test can look for what is left of its own run in `ps`
const GRANDCHILD_MARK = ['hostile-grandchild', process.env.PAYCERT_HOSTILE_MARK ?? ''];
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [profile, mode] = process.argv.slice(2);
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bin/paycert.mjs');
let secret = '';
let count = 0;
/** each request's op, by id */
const ops = new Map();

const ref = spawn(process.execPath, [bin, 'sdk-adapter', '--profile', profile], { stdio: ['pipe', 'pipe', 'inherit'] });
const out = (s) => process.stdout.write(s + '\n');

function spoil(line) {
  const a = JSON.parse(line);
  switch (mode) {
    case 'twice':
      out(line);
      return out(line);
    case 'secret':
      // the secret in stdout (inside a reply field), stderr, and error messages
      process.stderr.write(`debug: secret key is ${secret}, card 4405639704015096\n`);
      // and the card number in the shapes a log line takes: glued to a word or an expiry, in groups, in base64
      process.stderr.write(
        `debug: PAN4405639704015096 exp=44056397040150961230 card=4405-6397-0401-5096 ` +
          `data=${Buffer.from(JSON.stringify({ pan: '4405639704015096', cvc: '123' })).toString('base64')}\n`,
      );
      if (a.ok && a.output) a.output.debug = { secret, pan: '4405639704015096', cvc: '123' };
      if (!a.ok && a.error) a.error.message += ` (key ${secret}, card=PAN4405639704015096)`;
      return out(JSON.stringify(a));
    case 'proto':
      if (a.ok && a.output) {
        const o = JSON.stringify(a.output);
        return out(
          `{"id":${a.id},"ok":true,"__proto__":{"ok":false},"constructor":{"prototype":{"x":1}},"output":${o.replace(/^\{/, '{"__proto__":{"fields":{"pg_status":"ok"}},')}}`,
        );
      }
      return out(
        `{"id":${a.id},"ok":false,"error":{"__proto__":{"kind":"unsupported"},"kind":${JSON.stringify(a.error.kind)},"message":"m"}}`,
      );
    case 'numbers': {
      const numify = (v) =>
        typeof v === 'string' && v !== ''
          ? /^\d+$/.test(v)
            ? Number(v)
            : v.length % 2
              ? [v]
              : { v }
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numify(x)]))
            : v;
      if (a.ok) a.output = numify(a.output);
      else a.error = { kind: 7, code: 1100, message: { m: 1 } };
      return out(JSON.stringify(a));
    }
    case 'notices':
      // php-cli without a php.ini (display_errors on: its notices on stdout, each after a blank line, as
      // PHP 8.2 prints them) and a JVM's warning, before every answer
      process.stdout.write(
        '\nDeprecated: Creation of dynamic property Sdk\\Client::$signer is deprecated in /app/vendor/sdk/src/Client.php on line 41\n' +
          '\nWarning: Undefined array key "pg_sig" in /app/vendor/sdk/src/Client.php on line 88\n' +
          'OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes because bootstrap classpath has been appended\n' +
          '[0.021s][warning][cds] Archived non-system classes are disabled because the java.system.class.loader property is specified\n',
      );
      return out(line);
    case 'verify-all':
      // an SDK whose BACKREF check reports every redirect as genuine, its sign right or not
      if (ops.get(a.id) === 'backref.verify')
        return out(JSON.stringify({ id: a.id, ok: true, output: { verified: true, paid: true, ...(a.output ?? {}) } }));
      return out(line);
    default:
      return out(line);
  }
}

readline.createInterface({ input: ref.stdout }).on('line', (line) => {
  try {
    spoil(line);
  } catch {
    out(line);
  }
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  count++;
  let req;
  try {
    req = JSON.parse(line);
    ops.set(req.id, req.op);
    secret = req.credentials?.secretKey ?? req.credentials?.sharedSecret ?? JSON.stringify(req.credentials ?? {});
  } catch {}
  switch (mode) {
    case 'garbage':
      return out('\u0000\u00ff not json {{{ ' + '\ud800'.repeat(3));
    case 'hugeline':
      // a 100 MB line, then nothing
      for (let i = 0; i < 100; i++) process.stdout.write('x'.repeat(1 << 20));
      return out('');
    case 'silent':
      return;
    case 'exitmid':
      if (count === 3) process.exit(3);
      break;
    case 'fork':
      if (count === 2) {
        // a child that keeps stdout/stderr open, then the adapter itself dies
        spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9)', ...GRANDCHILD_MARK], {
          stdio: ['ignore', 'inherit', 'inherit'],
          detached: false,
        });
        process.exit(1);
      }
      break;
    case 'stderr':
      if (count === 1) {
        const chunk = 'log line ' + 'y'.repeat(1000) + '\n';
        const flood = () => {
          while (process.stderr.write(chunk));
          process.stderr.once('drain', flood);
        };
        flood();
      }
      break;
  }
  ref.stdin.write(line + '\n');
});
if (mode === 'stubborn') {
  // ignores SIGTERM and the end of its stdin, and forks a grandchild that keeps stdout and stderr
  // open and ignores SIGTERM too: only its process group's SIGKILL ends them
  process.on('SIGTERM', () => {});
  spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1e9)', ...GRANDCHILD_MARK], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  setInterval(() => {}, 1e9);
} else {
  process.stdin.on('end', () => ref.stdin.end());
  ref.on('exit', () => process.exit(0));
}
