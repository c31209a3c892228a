// A reverse proxy between `paycert run --target` and a `paycert sandbox` that rewrites the sandbox's
// replies, conformantly or hostilely, to probe paycert's verdicts on real-world gateway replies.
// Not part of npm test. Usage:
//   node --import tsx scripts/probe/proxy.ts --upstream http://127.0.0.1:18101 --port 18201 --mode oneline[,crlf…] [--start N]
// The upstream may as well be a reference merchant (`paycert merchant`): scripts/probe/merchant-run.sh.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { decodeXmlReferences } from '../../src/protocols/common/xml-text.ts';
import { signDetachedRaw, type HmacAlg } from '../../src/protocols/greenleaves-v5/jws.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const upstream = new URL(args.get('upstream')!);
const port = Number(args.get('port'));
const modes = (args.get('mode') ?? 'none').split(',');
const V5_SECRET = process.env.PAYCERT_GREENLEAVES_V5_SECRET_KEY ?? 'v5-sandbox-secret-key';
const SECRETS = ['s3cr3tKey', 'v5-sandbox-secret-key', '01234567890123456789012'];

interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** how to write the body: whole (default), chunked, or broken framing */
  framing?: 'chunked' | 'short-cl' | 'long-cl' | 'truncate' | 'trickle';
}
interface Ctx {
  method: string;
  url: string;
  reqBody: Buffer;
}

const isXml = (r: Reply) => /xml/i.test(header(r, 'content-type') ?? '') && /^\s*</.test(r.body.toString('utf8'));
const isJson = (r: Reply) => /json/i.test(header(r, 'content-type') ?? '');
const header = (r: Reply, name: string) => r.headers.find(([k]) => k.toLowerCase() === name)?.[1];
const setHeader = (r: Reply, name: string, v: string | undefined) => {
  r.headers = r.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
  if (v !== undefined) r.headers.push([name, v]);
};
const xmlText = (r: Reply, f: (s: string) => string) => {
  if (isXml(r)) r.body = Buffer.from(f(r.body.toString('utf8')), 'utf8');
};
/** leaf text nodes: >text</ */
const leaves = (s: string, f: (t: string) => string) => s.replace(/>([^<>]*)<\//g, (_, t: string) => `>${f(t)}</`);
const charref = (t: string, hex: boolean) =>
  t.replace(/&(amp|lt|gt|quot|apos);|[^A-Za-z0-9 ]/gu, (m) =>
    m.startsWith('&') && m.length > 1 ? m : hex ? `&#x${m.codePointAt(0)!.toString(16)};` : `&#${m.codePointAt(0)};`,
  );
const insertAfterRootOpen = (s: string, extra: string) => s.replace(/(<(response|document|[A-Za-z_]+)>)/, `$1${extra}`);
const insertBeforeRoot = (s: string, extra: string) => {
  const m = /^(\uFEFF?<\?xml[^>]*\?>\s*)?/.exec(s)!;
  return m[0] + extra + s.slice(m[0].length);
};
const laughs = () => {
  let d = '<!DOCTYPE response [<!ENTITY l0 "lol">';
  for (let i = 1; i <= 9; i++) d += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return `${d}]>\n`;
};

/** JSON re-serialisation helpers for v5 (the body is re-signed afterwards) */
const jsonText = (r: Reply, f: (v: unknown, s: string) => string) => {
  if (!isJson(r) || r.body.length === 0) return;
  const s = r.body.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return;
  }
  r.body = Buffer.from(f(v, s), 'utf8');
};
const reverseKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reverseKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reverseKeys(x)]),
        )
      : v;
const uEscape = (s: string) =>
  s.replace(/[^\x20-\x7e]|[a-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const uEscapeJson = (s: string) =>
  // escape characters inside strings only (keys and values): every char in a string literal
  s.replace(
    /"((?:[^"\\]|\\.)*)"/g,
    (_, inner: string) => `"${inner.replace(/\\.|[^\\]/g, (c) => (c.length === 2 ? c : uEscape(c)))}"`,
  );

// ---- hostile shapes: a value of the wrong type or shape where a rule expects text ----
/** counts the gateway's replies, so that the "-one" modes break a different field each time */
let replyNo = Number(args.get('start') ?? 0); // --start N: another field per run
const LEAF = /<([A-Za-z_][\w.:-]*)>([^<>]*)<\/\1>/g;
/** rewrite every leaf element (which = 'all') or the (replyNo mod n)-th one: f(whole, name, text) */
const xmlLeaves = (r: Reply, which: 'all' | 'one', f: (el: string, name: string, t: string) => string) =>
  xmlText(r, (s) => {
    const n = s.match(LEAF)?.length ?? 0;
    let i = 0;
    return s.replace(LEAF, (el, name: string, t: string) =>
      which === 'all' || i++ === replyNo % n ? f(el, name, t) : el,
    );
  });
const nest = (_: string, name: string, t: string) => `<${name}><v>${t}</v></${name}>`;
const dup = (el: string, name: string) => `${el}<${name}><v>x</v></${name}>`;
const emptied = (_: string, name: string) => `<${name}/>`;
const hugeLeaf = (_: string, name: string) => `<${name}>${'9'.repeat(200_000)}</${name}>`;
/** values of every JSON type but the one expected */
const ODD: unknown[] = [123, { v: 'x' }, ['x'], null, true, '', -1.5e300, [], {}, 'x'.repeat(100_000)];
const odd = () => ODD[replyNo % ODD.length];
/** rewrite every JSON leaf (which = 'all') or the (replyNo mod n)-th one, objects and arrays included */
const jsonLeaves = (r: Reply, which: 'all' | 'one', f: (v: unknown) => unknown, containers = false) =>
  jsonText(r, (root) => {
    let i = 0;
    const count = (v: unknown): number =>
      v && typeof v === 'object' ? Object.values(v).reduce((a: number, x) => a + count(x), containers ? 1 : 0) : 1;
    const n = Math.max(1, count(root) - (containers ? 1 : 0));
    const pick = replyNo % n;
    const walk = (v: unknown, top: boolean): unknown => {
      if (v && typeof v === 'object') {
        const hit = containers && !top && (which === 'all' || i++ === pick);
        const inner = Array.isArray(v)
          ? v.map((x) => walk(x, false))
          : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, false)]));
        return hit ? f(inner) : inner;
      }
      if (containers) return v;
      return which === 'all' || i++ === pick ? f(v) : v;
    };
    return JSON.stringify(walk(root, true));
  });
/** HTML pages (Jysan): forms whose inputs or action are broken, one kind per reply */
const HTML_BREAKS: Array<(s: string) => string> = [
  (s) => s.replace(/<input\b([^>]*)>/gi, '<input$1><input$1>'), // every input twice
  (s) => s.replace(/(<input\b[^>]*?)\svalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1'), // no value
  (s) => s.replace(/(<input\b[^>]*?\svalue\s*=\s*")[^"]*"/gi, `$1${'9'.repeat(100_000)}"`), // huge values
  (s) => s.replace(/(<form\b[^>]*?\saction\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1"http://[::1"'), // bad URL
  (s) => s.replace(/(<form\b[^>]*?\saction\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1""'), // empty action
  (s) => s.replace(/<form\b[\s\S]*?<\/form>/gi, ''), // no form
  (s) => s.replace(/(<a\b[^>]*?\shref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1"http://[::1"'), // bad link
  (s) => s.replace(/(<input\b[^>]*?\sname\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/gi, '$1"__proto__"'), // __proto__ names
];
const isHtml = (r: Reply) => /html/i.test(header(r, 'content-type') ?? '');
const htmlText = (r: Reply, f: (s: string) => string) => {
  if (isHtml(r)) r.body = Buffer.from(f(r.body.toString('utf8')), 'utf8');
};
const locBreak = (r: Reply) => {
  const loc = header(r, 'location');
  if (loc !== undefined)
    setHeader(
      r,
      'Location',
      ['http://[::1', '', '%%', 'javascript:x', `${loc}&${loc.split('?')[1] ?? ''}`][replyNo % 5],
    );
};

const TRANSFORMS: Record<string, (r: Reply, c: Ctx) => void> = {
  none: () => {},
  // ---- conformant g2g / jysan XML ----
  oneline: (r) => xmlText(r, (s) => s.replace(/>\s+</g, '><').trim()),
  crlf: (r) => xmlText(r, (s) => s.replace(/\r?\n/g, '\r\n')),
  nodecl: (r) => xmlText(r, (s) => s.replace(/^<\?xml[^>]*\?>\s*/, '')),
  declupper: (r) => xmlText(r, (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>')),
  declsingle: (r) =>
    xmlText(r, (s) => s.replace(/^<\?xml[^>]*\?>/, "<?xml version='1.0' encoding='utf-8' standalone='yes'?>")),
  bom: (r) => xmlText(r, (s) => `\uFEFF${s}`),
  cdata: (r) => xmlText(r, (s) => leaves(s, (t) => (t === '' ? t : `<![CDATA[${decodeXmlReferences(t)}]]>`))),
  charref: (r) => xmlText(r, (s) => leaves(s, (t) => charref(t, false))),
  hexref: (r) => xmlText(r, (s) => leaves(s, (t) => charref(t, true))),
  ws: (r) => xmlText(r, (s) => s.replace(/>\s*</g, '>\n\t  \r\n  <')),
  comment: (r) => xmlText(r, (s) => insertAfterRootOpen(s, '<!-- generated by gateway -->')),
  'ct-textxml': (r) => isXml(r) && setHeader(r, 'Content-Type', 'text/xml; charset=UTF-8'),
  'ct-html': (r) => isXml(r) && setHeader(r, 'Content-Type', 'text/html; charset=UTF-8'),
  'ct-html-nocs': (r) => isXml(r) && setHeader(r, 'Content-Type', 'text/html'),
  hdrcase: (r) => (r.headers = r.headers.map(([k, v]) => [k.toUpperCase(), v])),
  hdrtitle: (r) => (r.headers = r.headers.map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), v])),
  chunked: (r) => (r.framing = 'chunked'),
  close: (r) => setHeader(r, 'Connection', 'close'),
  // ---- conformant v5 JSON (re-signed) ----
  'json-reverse': (r) => jsonText(r, (v) => JSON.stringify(reverseKeys(v))),
  'json-pretty': (r) => jsonText(r, (v) => JSON.stringify(v, null, 4).replace(/\n/g, '\r\n')),
  'json-space': (r) => jsonText(r, (v) => ` ${JSON.stringify(v, null, '\t').replace(/\n\t*/g, ' \t ')} `),
  'json-uescape': (r) => jsonText(r, (_, s) => uEscapeJson(s)),
  'json-slash': (r) => jsonText(r, (_, s) => s.replace(/\//g, '\\/')),
  'ct-json-cs': (r) => isJson(r) && setHeader(r, 'Content-Type', 'application/json; charset=utf-8'),
  'ct-json-plain': (r) => isJson(r) && setHeader(r, 'Content-Type', 'application/json'),
  'ct-json-upper': (r) => isJson(r) && setHeader(r, 'Content-Type', 'Application/JSON; Charset=UTF-8'),
  // ---- hostile shapes (XML: g2g, Jysan; JSON: v5 re-signed; HTML: Jysan pages) ----
  nest: (r) => xmlLeaves(r, 'all', nest),
  'nest-one': (r) => xmlLeaves(r, 'one', nest),
  dup: (r) => xmlLeaves(r, 'all', dup),
  'dup-one': (r) => xmlLeaves(r, 'one', dup),
  'empty-one': (r) => xmlLeaves(r, 'one', emptied),
  'huge-one': (r) => xmlLeaves(r, 'one', hugeLeaf),
  jsontype: (r) => jsonLeaves(r, 'all', (v) => (typeof v === 'string' ? odd() : v)),
  'jsontype-one': (r) => jsonLeaves(r, 'one', odd),
  arr: (r) => jsonLeaves(r, 'all', (v) => [v], true),
  'arr-one': (r) => jsonLeaves(r, 'one', (v) => (replyNo % 2 ? [v] : odd()), true),
  'arr-root': (r) => jsonText(r, (v) => JSON.stringify([v])),
  'json-dup': (r) =>
    jsonText(r, (_, s) =>
      s.replace(
        /\}\s*$/,
        `,${s
          .trim()
          .slice(1, -1)
          .replace(/":"[^"]*"/g, '":{"v":1}')}}`,
      ),
    ),
  html: (r) => htmlText(r, HTML_BREAKS[replyNo % HTML_BREAKS.length]!),
  // ---- odd HTTP answers (merchants: only the status and a few headers are read) ----
  status: (r) => (r.status = [204, 301, 302, 304, 401, 407, 418, 500, 599, 999][replyNo % 10]!),
  'hdr-dup': (r) => {
    for (const [k, v] of [...r.headers]) r.headers.push([k, v === '' ? 'x' : `${v}x`]);
    r.headers.push(['WWW-Authenticate', 'Basic realm="a"'], ['WWW-Authenticate', ''], ['Location', 'http://[::1']);
  },
  location: locBreak,
  // ---- hostile XML ----
  laughs: (r) => xmlText(r, (s) => insertAfterRootOpen(insertBeforeRoot(s, laughs()), '<pg_note>&l9;</pg_note>')),
  'laughs-unused': (r) => xmlText(r, (s) => insertBeforeRoot(s, laughs())),
  xxe: (r) =>
    xmlText(r, (s) =>
      insertAfterRootOpen(
        insertBeforeRoot(s, '<!DOCTYPE response [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        '<pg_note>&x;</pg_note>',
      ),
    ),
  'deep-xml': (r) => xmlText(r, (s) => insertAfterRootOpen(s, '<a>'.repeat(20000) + '</a>'.repeat(20000))),
  'proto-xml': (r) =>
    xmlText(r, (s) =>
      insertAfterRootOpen(
        s,
        '<__proto__><polluted>1</polluted></__proto__><constructor><prototype>x</prototype></constructor><toString>x</toString><hasOwnProperty>1</hasOwnProperty>',
      ),
    ),
  'huge-xml': (r) => xmlText(r, (s) => insertAfterRootOpen(s, `<pg_pad>${'x'.repeat(7_500_000)}</pg_pad>`)),
  'many-xml': (r) => xmlText(r, (s) => insertAfterRootOpen(s, '<pg_x>1</pg_x>'.repeat(300_000))),
  // ---- hostile JSON (re-signed) ----
  'deep-json': (r) => jsonText(r, (_, s) => s.replace(/^\{/, `{"deep":${'['.repeat(50000)}${']'.repeat(50000)},`)),
  'deep-json-obj': (r) =>
    jsonText(r, (_, s) => s.replace(/^\{/, `{"deep":${'{"a":'.repeat(50000)}1${'}'.repeat(50000)},`)),
  'proto-json': (r) =>
    jsonText(r, (_, s) =>
      s.replace(/^\{/, '{"__proto__":{"polluted":1,"status":"success"},"constructor":{"prototype":{"polluted":1}},'),
    ),
  'huge-json': (r) => jsonText(r, (_, s) => s.replace(/^\{/, `{"pad":"${'x'.repeat(7_500_000)}",`)),
  toolarge: (r) => (r.body = Buffer.concat([r.body, Buffer.alloc(9 << 20, 32)])),
  // ---- hostile framing ----
  'short-cl': (r) => (r.framing = 'short-cl'),
  'long-cl': (r) => (r.framing = 'long-cl'),
  truncate: (r) => (r.framing = 'truncate'),
  trickle: (r) => (r.framing = 'trickle'), // one byte every TRICKLE_MS (default 5000): never idle long enough to time out
  // ---- echo of the request, secrets included ----
  echo: (r, c) => {
    const echo = `${c.method} ${c.url} ${c.reqBody.toString('utf8')} secrets=${SECRETS.join('|')}`;
    if (isXml(r))
      xmlText(r, (s) =>
        insertAfterRootOpen(s, `<pg_debug>${echo.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pg_debug>`),
      );
    else if (isJson(r))
      jsonText(r, (v) => JSON.stringify(v && typeof v === 'object' && !Array.isArray(v) ? { debug: echo, ...v } : v));
    else r.body = Buffer.concat([r.body, Buffer.from(`\n<!-- ${echo} -->`)]);
  },
  'echo-hdr': (r, c) =>
    r.headers.push([
      'X-Debug-Request',
      encodeURIComponent(c.reqBody.toString('utf8') + SECRETS.join('|')).slice(0, 4000),
    ]),
};

/** v5: the detached JWS covers the body bytes: re-sign with the original protected header. */
function resign(r: Reply, original: Buffer): void {
  const sig = header(r, 'x-jws-signature');
  if (!sig || original.equals(r.body)) return;
  const [h] = sig.split('.');
  const headerText = Buffer.from(h!, 'base64url');
  const alg = (JSON.parse(headerText.toString('utf8')) as { alg: HmacAlg }).alg;
  const name = r.headers.find(([k]) => k.toLowerCase() === 'x-jws-signature')![0];
  setHeader(r, name, signDetachedRaw(headerText, r.body, V5_SECRET, alg));
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const reqBody = Buffer.concat(chunks);
    const up = http.request(
      new URL(req.url!, upstream),
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (ur) => {
        const body: Buffer[] = [];
        ur.on('data', (c: Buffer) => body.push(c));
        ur.on('end', () => {
          const original = Buffer.concat(body);
          const r: Reply = { status: ur.statusCode!, headers: [], body: original };
          for (let i = 0; i < ur.rawHeaders.length; i += 2) {
            const k = ur.rawHeaders[i]!.toLowerCase();
            if (k === 'content-length' || k === 'transfer-encoding' || k === 'connection' || k === 'keep-alive')
              continue;
            r.headers.push([ur.rawHeaders[i]!, ur.rawHeaders[i + 1]!]);
          }
          const ctx = { method: req.method!, url: req.url!, reqBody };
          if (!req.url!.startsWith('/__paycert'))
            for (const m of modes) {
              const t = TRANSFORMS[m];
              if (!t) throw new Error(`unknown mode ${m}`);
              t(r, ctx);
            }
          replyNo++;
          resign(r, original);
          write(res, r);
        });
      },
    );
    up.on('error', (e) => res.writeHead(502).end(String(e)));
    up.end(reqBody);
  });
});

function write(res: http.ServerResponse, r: Reply): void {
  const raw: string[] = r.headers.flat();
  const len = r.body.length;
  if (r.framing === 'chunked') {
    res.writeHead(r.status, [...raw, 'Transfer-Encoding', 'chunked']);
    for (let i = 0; i < len; i += 7) res.write(r.body.subarray(i, i + 7));
    return void res.end();
  }
  if (r.framing === 'trickle') {
    res.writeHead(r.status, [...raw, 'Content-Length', String(len)]);
    let i = 0;
    const step = setInterval(
      () => {
        if (res.destroyed || i >= len) return void (clearInterval(step), res.end());
        res.write(r.body.subarray(i, ++i));
      },
      Number(process.env.TRICKLE_MS ?? 5000),
    );
    return;
  }
  if (r.framing === 'short-cl') {
    // declares fewer bytes than it sends: the rest lands in the socket
    const sock = res.socket!;
    const head = `HTTP/1.1 ${r.status} OK\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}Content-Length: ${Math.floor(len / 2)}\r\n\r\n`;
    sock.write(head);
    sock.write(r.body);
    return;
  }
  if (r.framing === 'long-cl' || r.framing === 'truncate') {
    const sock = res.socket!;
    const head = `HTTP/1.1 ${r.status} OK\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}Content-Length: ${r.framing === 'long-cl' ? len + 100 : len}\r\n\r\n`;
    sock.write(head);
    if (r.framing === 'long-cl') return void sock.write(r.body); // and then never the rest
    sock.write(r.body.subarray(0, Math.floor(len / 2)));
    return void sock.destroy();
  }
  res.writeHead(r.status, [...raw, 'Content-Length', String(len)]);
  res.end(r.body);
}

server.listen(port, '127.0.0.1', () =>
  console.log(`proxy http://127.0.0.1:${port} -> ${upstream} [${modes.join(',')}]`),
);
void createHash;
