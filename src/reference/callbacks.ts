import { Agent } from 'undici';

/** The dispatcher a reference gateway calls merchants with (result_url, check_url, BACKREF). Each
 *  call also passes `reset: true`: a fresh connection per call, since the merchant's server and its
 *  keep-alive habits are unknown. */
export const callbackAgent = new Agent({ connectTimeout: 3_000, keepAliveTimeout: 500, keepAliveMaxTimeout: 500 });

/** A reference gateway calls back loopback hosts only, so tests never reach the internet. */
export function loopbackUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  } catch {
    return false;
  }
}
