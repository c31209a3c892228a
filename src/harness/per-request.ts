// What a shop renders afresh for every request (an order's id or UUID in a path, a CSRF token or a
// nonce in a page) says nothing about its verdict: two answers that differ only there are one answer.

/** A run of 16 or more letters, digits and `chars` holding both a letter and a digit: a token, a
 *  UUID, a session id. One greedy class: linear on hostile text. */
const token = (chars: string) => new RegExp(`[A-Za-z0-9${chars}]{16,}`, 'g');
const TEXT_TOKEN = token('_+/=-');
const PATH_TOKEN = token('_+=-');
const tokenAs = (mark: string) => (run: string) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? mark : run);

/** A run of 6 or more hex digits standing alone (no letter or digit either side): a request id
 *  (`bin2hex(random_bytes(6))`) when it holds both a letter and a digit. A word of hex letters alone
 *  ("decade") or a number stays. */
const HEX_ID = /(?<![\p{L}\p{N}])[0-9A-Fa-f]{6,}(?![\p{L}\p{N}])/gu;

/** A page's text with every per-request token as `~`. */
export function withoutTokens(text: string): string {
  return text.replace(TEXT_TOKEN, tokenAs('~')).replace(HEX_ID, tokenAs('~'));
}

/** The place a path names, one for every order: tokens and UUIDs in a segment as `~`, runs of four or
 *  more digits as `#` (/orders/4911834/thanks and /orders/4911835/thanks are one place); at most 200
 *  characters. */
export function placeOf(pathname: string): string {
  return pathname
    .replace(PATH_TOKEN, tokenAs('~'))
    .replace(/[0-9]{4,}/g, '#')
    .slice(0, 200);
}
