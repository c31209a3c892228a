// Time parseXml + sign on a reply with many repeated elements (probe: many-xml).
import { parseXml } from '../src/protocols/greenleaves/xml.ts';
import { sign } from '../src/protocols/greenleaves/signature.ts';
const n = Number(process.argv[2] ?? 300000);
const doc = `<?xml version="1.0" encoding="utf-8"?>\n<response><pg_status>ok</pg_status>${'<pg_x>1</pg_x>'.repeat(n)}<pg_salt>a</pg_salt><pg_sig>b</pg_sig></response>`;
let t = Date.now();
const { message } = parseXml(doc);
console.log('parse', Date.now() - t, 'ms');
t = Date.now();
sign('payment', message, 's');
console.log('sign', Date.now() - t, 'ms');
