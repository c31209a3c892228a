#!/usr/bin/env node
// A hostile callback endpoint ("merchant") for paycert's merchant subject: every call gets the answer
// MODE dictates. node merchant.mjs PORT MODE [SECRET]. Modes: see MODES.
import http from 'node:http';

const [port, mode, secret = 's3cr3tKey'] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const xmlOk =
  '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_salt>x</pg_salt><pg_sig>0</pg_sig></response>';

function readBody(req) {
  return new Promise((resolve) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
  });
}

const MODES = {
  // 50 MB of XML-looking text, with a Content-Length
  huge(req, res) {
    const chunk = Buffer.alloc(1 << 20, 'a');
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(50 * chunk.length) });
    let n = 0;
    const write = () => {
      while (n < 50) {
        n++;
        if (!res.write(chunk)) return res.once('drain', write);
      }
      res.end();
    };
    write();
  },
  // chunked body that never ends, as fast as the socket takes it
  endless(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const chunk = Buffer.alloc(64 * 1024, '<a>');
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', write);
    };
    write();
  },
  // one byte a second, forever
  trickle(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('<')), 1000);
    res.on('close', () => clearInterval(t));
  },
  // headers sent, body never
  stall(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '100' });
  },
  // 10,000 headers
  headers(req, res) {
    const h = [];
    for (let i = 0; i < 10000; i++) h.push([`x-h${i}`, String(i)]);
    res.writeHead(200, [...h.flat(), 'content-type', 'text/xml']);
    res.end(xmlOk);
  },
  // deeply nested XML
  deepxml(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end('<?xml version="1.0"?><response>' + '<a>'.repeat(200000) + '</a>'.repeat(200000) + '</response>');
  },
  // deeply nested JSON
  deepjson(req, res) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":' + '['.repeat(500000) + ']'.repeat(500000) + '}');
  },
  // __proto__ / constructor names
  proto(req, res) {
    const url = req.url || '';
    if (/v5/.test(url)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        '{"__proto__":{"status":"ok"},"constructor":{"prototype":{"status":"ok"}},"status":{"__proto__":"ok"}}',
      );
    }
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      '<?xml version="1.0"?><response><__proto__><pg_status>ok</pg_status></__proto__><constructor>ok</constructor><toString>x</toString><pg_status>ok</pg_status><pg_sig>0</pg_sig></response>',
    );
  },
  // invalid UTF-8 declared utf-8
  badutf8(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(
      Buffer.concat([
        Buffer.from('<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_description>'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from('</pg_description></response>'),
      ]),
    );
  },
  // 302 to itself forever
  loop(req, res) {
    res.writeHead(302, { location: req.url });
    res.end();
  },
  // 302 to a host that is not loopback
  offhost(req, res) {
    res.writeHead(302, { location: 'http://203.0.113.7/steal' + req.url });
    res.end();
  },
  // 307 to file://
  fileurl(req, res) {
    res.writeHead(307, { location: 'file:///etc/passwd' });
    res.end();
  },
  // echo everything it got: body, headers, the secret in a header and a JSON/XML field
  async echo(req, res) {
    const body = await readBody(req);
    const text = body.toString('latin1');
    res.writeHead(200, {
      'content-type': 'text/plain',
      'x-secret': secret,
      'x-echo-url': req.url,
      'x-echo-headers': JSON.stringify(req.headers).slice(0, 4000),
      'set-cookie': `s=${secret}`,
    });
    res.end(`secret=${secret}\nPAN=4405639704015096\nurl=${req.url}\n${JSON.stringify(req.headers)}\n${text}`);
  },
  // garbage bytes
  garbage(req, res) {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
  },
  // closes the socket without answering
  reset(req, res) {
    req.socket.destroy();
  },
};

if (!MODES[mode]) {
  console.error(`unknown mode ${mode}; modes: ${Object.keys(MODES).join(' ')}`);
  process.exit(2);
}
const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
  req.on('error', () => {});
  res.on('error', () => {});
  MODES[mode](req, res);
});
// PORT 0: any free port; the line names the port it holds (a test reads it: no port picked before the
// bind that another listener could take, no polling for the listener)
server.listen(port, '127.0.0.1', () => console.log(`hostile merchant ${mode} on ${server.address().port}`));
