#!/usr/bin/env node
// A hostile payment gateway for paycert's gateway subject (role p5): every request of the profile gets
// the answer MODE dictates. node gateway.mjs PORT PROFILE MODE
//   PROFILE: greenleaves | greenleaves-v5 | jysan
//   MODE:    see MODES below (`none` answers like a plausible, signed, but refusing gateway).
// Credentials come from the same variables paycert reads (defaults: the sandbox values), so the
// answers that are meant to be signed verify with paycert's key.
import crypto from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';

const [port, profile, mode] = [Number(process.argv[2]), process.argv[3], process.argv[4] ?? 'none'];
const env = process.env;
const G2G_SECRET = env.PAYCERT_GREENLEAVES_SECRET_KEY ?? 's3cr3tKey';
const V5_AUTH = env.PAYCERT_GREENLEAVES_V5_AUTH_ID ?? '123456';
const V5_SECRET = env.PAYCERT_GREENLEAVES_V5_SECRET_KEY ?? 'v5-sandbox-secret-key';
const JY_SECRET = env.PAYCERT_JYSAN_SHARED_SECRET ?? '01234567890123456789012';
const PAN = '4400444400004440';

if (!['greenleaves', 'greenleaves-v5', 'jysan'].includes(profile)) {
  console.error(`gateway.mjs: unknown profile ${profile}`);
  process.exit(2);
}

// ---------- the profile's own formats (from the seeds) ----------

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const scriptName = (path) => path.split('?')[0].split('/').pop();

// g2g pg_sig: MD5(script;values sorted by name (nested recursively, repeats in document order);secret)
function g2gSig(script, pairs) {
  const values = [];
  const walk = (list) => {
    const sorted = list
      .map((p, i) => [p, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
    for (const [[k, v]] of sorted) {
      if (k === 'pg_sig') continue;
      if (Array.isArray(v)) walk(v);
      else values.push(String(v));
    }
  };
  walk(pairs);
  return crypto
    .createHash('md5')
    .update([script, ...values, G2G_SECRET].join(';'))
    .digest('hex');
}
function xmlOf(pairs) {
  return pairs.map(([k, v]) => `<${k}>${Array.isArray(v) ? xmlOf(v) : esc(v)}</${k}>`).join('');
}
function g2gResponse(path, pairs) {
  const all = [...pairs, ['pg_salt', crypto.randomBytes(6).toString('hex')]];
  all.push(['pg_sig', g2gSig(scriptName(path), all)]);
  return `<?xml version="1.0" encoding="utf-8"?><response>${xmlOf(all)}</response>`;
}

// v5 detached JWS (HS256) over the raw body; header as in the seed, uri = the path called
const b64u = (b) => Buffer.from(b).toString('base64url');
function v5Jws(path, body) {
  const h = b64u(
    JSON.stringify({ uri: path.split('?')[0], auth_id: V5_AUTH, method: 'POST', params: '', alg: 'HS256' }),
  );
  return `${h}..${crypto
    .createHmac('sha256', V5_SECRET)
    .update(`${h}.${b64u(body)}`)
    .digest('base64url')}`;
}

// the plausible answer each profile gives: a refusal (nothing here is a real bank)
function normal(req, fields) {
  const path = req.url;
  if (profile === 'greenleaves') {
    return {
      type: 'application/xml; charset=utf-8',
      body: g2gResponse(path, [
        ['pg_status', 'error'],
        ['pg_error_code', '9999'],
        ['pg_error_description', 'Hostile test gateway'],
      ]),
    };
  }
  if (profile === 'greenleaves-v5') {
    const body = JSON.stringify({ status: 'error', error_code: 9999, error_description: 'Hostile test gateway' });
    return { type: 'application/json', body, headers: v5Headers(req, body) };
  }
  const order = fields.ORDER ?? '';
  return {
    type: 'application/xml; charset=UTF-8',
    body: `<?xml version="1.0" encoding="UTF-8"?><result><code>99</code><description>Hostile test gateway ${esc(order)}</description></result>`,
  };
}
function v5Headers(req, body) {
  return {
    'x-request-id': req.headers['x-request-id'] ?? crypto.randomUUID(),
    'x-datetime': new Date().toISOString(),
    'x-request-status': 'error',
    'x-jws-signature': v5Jws(req.url, body),
  };
}

function readBody(req) {
  return new Promise((resolve) => {
    const parts = [];
    let n = 0;
    req.on('data', (c) => {
      n += c.length;
      if (n < 4 << 20) parts.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', () => resolve(Buffer.concat(parts)));
  });
}
function fieldsOf(req, raw) {
  const out = Object.create(null);
  const q = new URL(req.url, 'http://x').searchParams;
  for (const [k, v] of q) out[k] = v;
  const type = String(req.headers['content-type'] ?? '');
  const text = raw.toString('utf8');
  if (type.includes('json')) {
    try {
      const j = JSON.parse(text);
      if (j && typeof j === 'object')
        for (const k of Object.keys(j)) out[k] = typeof j[k] === 'string' ? j[k] : JSON.stringify(j[k]);
    } catch {}
  } else if (type.includes('multipart')) {
    for (const m of text.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) out[m[1]] = m[2];
  } else {
    for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  }
  return out;
}

// raw bytes straight onto the socket (for what node:http refuses to write)
function raw(req, bytes, end = true) {
  req.socket.write(bytes);
  if (end) req.socket.end();
}

// a 100 MB run of zeros, gzipped once (~100 KB): sent 100 times it inflates to 10 GB
let bombMember;
const bomb = () => (bombMember ??= zlib.gzipSync(Buffer.alloc(100 << 20), { level: 9 }));

const MODES = {
  // a plausible refusing gateway, nothing hostile
  none(req, res, f) {
    const n = normal(req, f);
    res.writeHead(200, { 'content-type': n.type, ...n.headers });
    res.end(n.body);
  },
  // "billion laughs": 10 levels of 10 references, 10^10 "lol" if expanded
  laughs(req, res, f) {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i <= 10; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    xmlWithDoctype(req, res, f, `<!DOCTYPE response [${dtd}]>`, '&lol10;');
  },
  // external entity: the gateway's reply asks the reader to include /etc/passwd
  xxe(req, res, f) {
    xmlWithDoctype(req, res, f, '<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;');
  },
  // 10^6 nested elements (XML profiles) or arrays (v5); the same 2–7 MB for every request, built once
  deep(req, res) {
    const n = 1_000_000;
    if (profile === 'greenleaves-v5') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end((deepBody ??= Buffer.from(`{"status":${'['.repeat(n)}${']'.repeat(n)}}`)));
    } else {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        (deepBody ??= Buffer.from(`<?xml version="1.0"?><${root()}>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</${root()}>`)),
      );
    }
  },
  // __proto__ / constructor / hasOwnProperty as element names or keys, in a signed answer
  proto(req, res, f) {
    if (profile === 'greenleaves') {
      const body = g2gResponse(req.url, [
        ['__proto__', [['pg_status', 'ok']]],
        ['constructor', 'x'],
        ['hasOwnProperty', 'x'],
        ['pg_status', 'error'],
        ['pg_error_code', '9999'],
        ['toString', 'x'],
      ]);
      return send(res, 'application/xml', body);
    }
    if (profile === 'greenleaves-v5') {
      const body =
        '{"__proto__":{"status":"success","polluted":1},"constructor":{"prototype":{"polluted":1}},' +
        '"hasOwnProperty":"x","toString":"x","status":"error","error_code":9999}';
      res.writeHead(200, { 'content-type': 'application/json', ...v5Headers(req, body) });
      return res.end(body);
    }
    send(
      res,
      'application/xml',
      `<?xml version="1.0"?><result><__proto__><code>0</code></__proto__><constructor>x</constructor><hasOwnProperty>x</hasOwnProperty><code>99</code><description>x</description></result>`,
    );
  },
  // the same field twice, with different values (first says ok / success / 0)
  dup(req, res, f) {
    if (profile === 'greenleaves') {
      const body = g2gResponse(req.url, [
        ['pg_status', 'ok'],
        ['pg_status', 'error'],
        ['pg_error_code', '9999'],
      ]);
      return send(res, 'application/xml', body);
    }
    if (profile === 'greenleaves-v5') {
      const body = '{"status":"success","status":"error","error_code":9999,"error_code":0}';
      res.writeHead(200, { 'content-type': 'application/json', ...v5Headers(req, body) });
      return res.end(body);
    }
    send(
      res,
      'application/xml',
      '<?xml version="1.0"?><result><code>0</code><code>99</code><description>x</description></result>',
    );
  },
  // Content-Encoding: gzip inflating to 10 GB (10 MB on the wire)
  gzipbomb(req, res) {
    const member = bomb();
    res.writeHead(200, { 'content-type': ctype(), 'content-encoding': 'gzip' });
    let n = 0;
    const write = () => {
      while (n < 100) {
        n++;
        if (!res.write(member)) return res.once('drain', write);
      }
      res.end();
    };
    res.on('close', () => (n = 100));
    write();
  },
  // one gzip member, 100 KB on the wire, 100 MB inflated (under the wire bound, over any sane reply)
  gzipsmall(req, res) {
    res.writeHead(200, { 'content-type': ctype(), 'content-encoding': 'gzip' });
    res.end(bomb());
  },
  // says gzip, is plain
  gziplie(req, res, f) {
    const n = normal(req, f);
    res.writeHead(200, { 'content-type': n.type, 'content-encoding': 'gzip', ...n.headers });
    res.end(n.body);
  },
  // two different Content-Length headers
  twocl(req, res, f) {
    const n = normal(req, f);
    const len = Buffer.byteLength(n.body);
    raw(
      req,
      `HTTP/1.1 200 OK\r\nContent-Type: ${n.type}\r\nContent-Length: ${len}\r\nContent-Length: ${len + 10}\r\nConnection: close\r\n\r\n${n.body}`,
    );
  },
  // Content-Length larger than the body, then the connection closes
  shortcl(req, res, f) {
    const n = normal(req, f);
    raw(
      req,
      `HTTP/1.1 200 OK\r\nContent-Type: ${n.type}\r\nContent-Length: ${Buffer.byteLength(n.body) + 1000}\r\n\r\n${n.body}`,
    );
  },
  // a byte a second, forever
  trickle(req, res) {
    res.writeHead(200, { 'content-type': ctype() });
    const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('<')), 1000);
    res.on('close', () => clearInterval(t));
  },
  // headers, then silence (the connection stays open)
  stall(req, res) {
    res.writeHead(200, { 'content-type': ctype(), 'content-length': '100' });
    res.flushHeaders();
  },
  // a chunked body that never ends
  endless(req, res) {
    res.writeHead(200, { 'content-type': ctype() });
    const chunk = Buffer.alloc(64 * 1024, profile === 'greenleaves-v5' ? ' ' : '<a>');
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', write);
    };
    write();
  },
  offhost(req, res) {
    res.writeHead(302, { location: 'http://203.0.113.7/g2g/payment' });
    res.end();
  },
  // Jysan: every request redirected to a page that is neither the card page nor an error nor a
  // result: a WAF challenge on the gateway's own host (a bot check the payer's browser would run)
  elsewhere(req, res) {
    if (req.url.startsWith('/waf/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><head><title>Just a moment...</title></head><body><h1>Checking your browser before accessing the site.</h1><script>setTimeout(function(){location.reload()},5000)</script></body></html>',
      );
      return;
    }
    res.writeHead(302, { location: `/waf/challenge?ray=${crypto.randomBytes(4).toString('hex')}` });
    res.end();
  },
  // Jysan: every request redirected to a card page on another path (as a bank whose card page is on
  // another host): the payer lands on a card form, whatever the request was (no signature checked)
  cardelsewhere(req, res) {
    if (req.url.startsWith('/pay/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><body><form method="post" action="/pay/submit"><input name="card_pan"><input name="card_exp"><input name="card_cvc"><button>Pay</button></form></body></html>',
      );
      return;
    }
    res.writeHead(302, { location: `/pay/${crypto.randomBytes(4).toString('hex')}` });
    res.end();
  },
  fileurl(req, res) {
    res.writeHead(302, { location: 'file:///etc/passwd' });
    res.end();
  },
  loop(req, res) {
    res.writeHead(302, { location: req.url });
    res.end();
  },
  // 100,000 interim "102 Processing" answers, then never a final one
  info(req) {
    const one = 'HTTP/1.1 102 Processing\r\n\r\n';
    let n = 0;
    const write = () => {
      while (n < 100_000 && !req.socket.destroyed) {
        n++;
        if (!req.socket.write(one)) return req.socket.once('drain', write);
      }
    };
    write();
  },
  // everything received comes back: fields, headers (Authorization, signature), a PAN, the secret
  echo(req, res, f, rawBody) {
    const secret = profile === 'greenleaves' ? G2G_SECRET : profile === 'greenleaves-v5' ? V5_SECRET : JY_SECRET;
    const headers = JSON.stringify(req.headers);
    const dump = `${rawBody.toString('utf8')} ${headers} secret=${secret} pan=${PAN} cvc=123`;
    const h = {
      'x-echo-headers': Buffer.from(headers)
        .toString('latin1')
        .replace(/[^\x20-\x7e]/g, '?'),
      'x-echo-secret': secret,
      'x-echo-authorization': String(req.headers.authorization ?? req.headers['x-jws-signature'] ?? ''),
      'set-cookie': [
        `secret=${secret}`,
        `pan=${PAN}`,
        `body=${encodeURIComponent(rawBody.toString('utf8').slice(0, 2000))}`,
      ],
    };
    let body;
    if (profile === 'greenleaves') {
      const pairs = Object.entries(f).map(([k, v]) => [/^[A-Za-z_][\w.-]*$/.test(k) ? k : 'x', v]);
      body = g2gResponse(req.url, [
        ...pairs.filter(([k]) => k !== 'pg_sig' && k !== 'pg_salt'),
        ['pg_status', 'error'],
        ['echo', dump],
        ['pg_card_pan', PAN],
        ['secret_key', secret],
      ]);
    } else if (profile === 'greenleaves-v5') {
      body = JSON.stringify({
        status: 'error',
        error_code: 9999,
        echo: f,
        headers: req.headers,
        secret_key: secret,
        card: { pan: PAN, cvc: '123' },
        dump,
      });
      Object.assign(h, v5Headers(req, body));
    } else {
      body = `<?xml version="1.0"?><result><code>99</code><description>${esc(dump)}</description>${Object.entries(f)
        .filter(([k]) => /^[A-Za-z_][\w.-]*$/.test(k))
        .map(([k, v]) => `<${k}>${esc(v)}</${k}>`)
        .join('')}<card_masked>${PAN}</card_masked><secret>${secret}</secret></result>`;
    }
    res.writeHead(200, { 'content-type': ctype(), ...h });
    res.end(body);
  },
  // 64 KiB of random bytes, typed as the profile's format
  garbage(req, res) {
    send(res, ctype(), crypto.randomBytes(64 * 1024));
  },
  // half an answer, then a TCP reset
  reset(req, res, f) {
    const n = normal(req, f);
    req.socket.write(
      `HTTP/1.1 200 OK\r\nContent-Type: ${n.type}\r\nContent-Length: ${Buffer.byteLength(n.body)}\r\n\r\n${n.body.slice(0, 20)}`,
    );
    setTimeout(() => req.socket.resetAndDestroy(), 20);
  },
  // a TLS record (handshake failure alert + a ServerHello start) on plain HTTP
  tls(req) {
    raw(req, Buffer.from('15030100020228' + '160303004a020000460303' + '00'.repeat(70), 'hex'));
  },
  // Content-Length: 2 GB, no body (connection closed)
  bigcl(req) {
    raw(req, `HTTP/1.1 200 OK\r\nContent-Type: ${ctype()}\r\nContent-Length: 2147483648\r\n\r\n`);
  },
};

let deepBody; // the deep mode's reply
function root() {
  return profile === 'jysan' ? 'result' : 'response';
}
function ctype() {
  return profile === 'greenleaves-v5' ? 'application/json' : 'application/xml; charset=utf-8';
}
function send(res, type, body) {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
}
// an XML answer of the profile with a DOCTYPE, and the entity used where the status/code goes
function xmlWithDoctype(req, res, f, doctype, ref) {
  let body;
  if (profile === 'jysan') {
    body = `<result><code>99</code><description>${ref}</description></result>`;
  } else {
    body = `<response><pg_status>error</pg_status><pg_error_code>9999</pg_error_code><pg_error_description>${ref}</pg_error_description><pg_salt>x</pg_salt><pg_sig>0</pg_sig></response>`;
  }
  send(res, 'application/xml', `<?xml version="1.0" encoding="utf-8"?>${doctype}${body}`);
}

if (mode === 'gzipbomb' || mode === 'gzipsmall') bomb(); // before listening: the first answer is not late

if (!MODES[mode]) {
  console.error(`gateway.mjs: unknown mode ${mode}; modes: ${Object.keys(MODES).join(' ')}`);
  process.exit(2);
}

const server = http.createServer(async (req, res) => {
  const rawBody = await readBody(req);
  const f = fieldsOf(req, rawBody);
  try {
    MODES[mode](req, res, f, rawBody);
  } catch (e) {
    console.error(e);
    req.socket.destroy();
  }
});
server.on('clientError', (e, socket) => socket.destroy());
// PORT 0: any free port; once listening, it prints the port it holds (as merchant.mjs does)
server.listen(port, '127.0.0.1', () => console.log(`hostile gateway ${profile} ${mode} on ${server.address().port}`));
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => process.exit(0));
