import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { parseXml, salt, sign, toForm, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { sign as jysanSign, REDIRECT_SIGNED_FIELDS } from '../../../src/protocols/jysan/signature.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { ROOT } from '../../../src/spec/paths.ts';

const agent = new Agent();
const BIN = join(ROOT, 'bin', 'paycert.mjs');

/** A signed result_url call; the answer as "status|description", or "HTTP <code>" when not 200. */
export async function call(url: string, fields: PgMessage): Promise<string> {
  const m: PgMessage = { ...fields, pg_salt: salt() };
  m.pg_sig = sign('result', m, credentials('greenleaves').secretKey);
  const res = await request(url, {
    method: 'POST',
    body: encodeForm(toForm(m)),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    dispatcher: agent,
  });
  const body = await res.body.text();
  if (res.statusCode !== 200) return `HTTP ${res.statusCode}`;
  const { message } = parseXml(body);
  return `${String(message.pg_status)}|${String(message.pg_description)}`;
}

/** A genuine Jysan BACKREF redirect; the page's HTTP status. */
export async function redirect(backref: string, f: Record<string, string>): Promise<number> {
  const fields = Object.fromEntries(REDIRECT_SIGNED_FIELDS.map((k) => [k, f[k] ?? '']));
  const u = new URL(backref);
  for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
  u.searchParams.set('sign', jysanSign('redirect', fields, credentials('jysan').sharedSecret));
  const res = await request(u, { dispatcher: agent });
  await res.body.dump();
  return res.statusCode;
}

/** `paycert merchant …` until it prints one line per profile. */
export async function serveMerchant(
  args: string[],
  lines: number,
): Promise<{ child: ChildProcess; out: string[]; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'merchant', ...args], { cwd: ROOT });
  const out: string[] = [];
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`paycert merchant ${args.join(' ')}: no output (${err})`)), 30_000);
    child.stdout!.on('data', (b: Buffer) => {
      out.push(...b.toString().split('\n').filter(Boolean));
      if (out.length >= lines) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`paycert merchant exited ${code}: ${err}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, out, stop };
}

export function paycertMerchant(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'merchant', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The value of `key=` in a `paycert merchant` output line. */
export function field(line: string, key: string): string {
  const m = new RegExp(`${key}=(\\S+)`).exec(line);
  if (!m) throw new Error(`no ${key}= in "${line}"`);
  return m[1]!;
}
