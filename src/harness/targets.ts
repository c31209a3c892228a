import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { SPECS, type ProfileId } from '../spec/paths.ts';
import type { ReferenceInfo } from './control.ts';

const production = (JSON.parse(readFileSync(join(SPECS, 'targets.json'), 'utf8')) as { production: Record<ProfileId, string[]> }).production;

export function isProduction(profile: ProfileId, url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return (production[profile] ?? []).some((h) => host === h || host.endsWith(`.${h}`));
}

export function isLoopback(url: string): boolean {
  const h = new URL(url).hostname;
  return h === '127.0.0.1' || h === 'localhost' || h === '[::1]' || h.startsWith('127.');
}

// fresh connection per probe (reset: true): a probe must not fail on a socket the unknown server closed
const probeAgent = new Agent({ connectTimeout: 3_000 });

/** Can anything be reached at all at this URL's origin? Any HTTP answer counts. */
export async function reachable(url: string): Promise<boolean> {
  try {
    const res = await request(url, { method: 'GET', dispatcher: probeAgent, reset: true, headersTimeout: 5_000, bodyTimeout: 5_000 });
    await res.body.dump();
    return true;
  } catch {
    return false;
  }
}

/** A paycert reference implementation answers `/__paycert/info`; a real system does not. */
export async function discover(url: string): Promise<ReferenceInfo | undefined> {
  try {
    const res = await request(`${new URL(url).origin}/__paycert/info`, { dispatcher: probeAgent, reset: true, headersTimeout: 3_000, bodyTimeout: 3_000 });
    const text = await res.body.text();
    if (res.statusCode !== 200) return undefined;
    const info = JSON.parse(text) as ReferenceInfo;
    return info.implementation === 'paycert-reference' ? info : undefined;
  } catch {
    return undefined;
  }
}
