// The floor of an sdk-family case: what its process crossings cost with no work in them, against the
// bench's loopback baseline in the same run. `node --import tsx bench/sdk-floor.ts [n] [rounds]`
// A g2g or v5 sdk case is a request line to the adapter, the SDK's POST to the recording gateway,
// the recorder's request to the reference gateway (undici), both replies and the answer line. Here
// the same pieces (AdapterProcess, RecordingGateway, a node:http client in the child) carry a fixed
// form and a fixed XML reply: no generation, signing, parsing, validation or judging. CPU per case
// of this process and the adapter child (/proc), wall, and each as a multiple of one loopback request.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { AdapterProcess } from '../src/sdk-adapter/protocol.ts';
import { RecordingGateway } from '../src/harness/recorder.ts';
import { EvidenceLog } from '../src/harness/evidence.ts';

const n = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 3);
const XML =
  '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_payment_id>12345</pg_payment_id><pg_salt>abcdef</pg_salt><pg_sig>0123456789abcdef0123456789abcdef</pg_sig></response>';

const drain = (req: IncomingMessage) =>
  new Promise<void>((r) => {
    req.resume();
    req.on('end', () => r());
  });
const upstream = createServer((req, res) => {
  void drain(req).then(() => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(XML));
});
await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
const origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const dispatcher = new Agent();
const adapter = new AdapterProcess([
  process.execPath,
  fileURLToPath(new URL('./sdk-floor-adapter.mjs', import.meta.url)),
]);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const childMs = () => {
  const f = readFileSync(`/proc/${adapter.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
async function measure(fn: () => Promise<unknown>): Promise<{ wall: number; main: number; child: number }> {
  const [t0, c0, a0] = [performance.now(), cpuMs(), childMs()];
  for (let i = 0; i < n; i++) await fn();
  return { wall: (performance.now() - t0) / n, main: (cpuMs() - c0) / n, child: (childMs() - a0) / n };
}

const loopback = async () => {
  const r = await request(`${origin}/x`, { method: 'POST', body: 'a=1', dispatcher });
  await r.body.arrayBuffer();
};
const gw = await RecordingGateway.open(origin, dispatcher, new EvidenceLog());
const creds = { merchantId: '1', secretKey: 'floor-secret-0123' };
const line = () => adapter.request('noop', gw.url, creds, {});
const sdkCase = () => adapter.request('post', `${gw.url}/g2g/payment`, creds, { fields: { pg_amount: '100' } });
await line(); // the adapter's start-up
await measure(sdkCase); // warm every path once
const us = (ms: number) => `${(1000 * ms).toFixed(0)} µs`;
for (let i = 0; i < rounds; i++) {
  const L = await measure(loopback);
  const P = await measure(line);
  const S = await measure(sdkCase);
  gw.requests.length = 0; // the recorder keeps every request; not this bench's cost
  const row = (name: string, m: typeof L) =>
    `  ${name}: wall ${us(m.wall)} (${(m.wall / L.wall).toFixed(2)}× loopback), CPU ${us(m.main)} + adapter ${us(m.child)} (${((m.main + m.child) / L.main).toFixed(2)}× loopback)`;
  console.log(`round ${i + 1}, ${n} each`);
  console.log(row('loopback request (undici → node server, one process)', L));
  console.log(row('a request line and its answer', P));
  console.log(row('an sdk case with no work (line, SDK POST → recorder → reference, replies, answer)', S));
}
await gw.close();
await adapter.close();
upstream.close();
await dispatcher.close();
