/** UUIDs for X-Request-Id: version 7 (RFC 9562), which the v5 docs name (digest §B2). */
import { randomFillSync } from 'node:crypto';

/** Any RFC 9562 UUID with a version 1–8 and the 10xx variant, either case. */
export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
export const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const isUuid = (s: string): boolean => UUID_RE.test(s);
export const isUuidV7 = (s: string): boolean => UUID_V7_RE.test(s);

/** The Unix time in ms carried by a v7 UUID. */
export function uuidV7Time(id: string): number {
  if (!isUuidV7(id)) throw new Error(`not a lowercase UUID v7: ${id}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

export type RandomFill = (bytes: Uint8Array) => Uint8Array;
// one randomFillSync per 4 KiB, not per id (a call costs far more than the bytes it draws)
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const nodeRandom: RandomFill = (b) => {
  if (b.length > pool.length) return randomFillSync(b);
  if (poolAt + b.length > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  b.set(pool.subarray(poolAt, (poolAt += b.length)));
  return b;
};

function format(b: Uint8Array): string {
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One v7 UUID: 48-bit ms timestamp, version 7, 74 random bits, variant 10. */
export function uuidv7(now: number = Date.now(), random: RandomFill = nodeRandom): string {
  if (!Number.isSafeInteger(now) || now < 0 || now > 0xffff_ffff_ffff)
    throw new RangeError(`uuidv7: timestamp out of range: ${now}`);
  const b = random(new Uint8Array(16));
  let t = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  return format(b);
}

/**
 * A generator whose ids strictly increase even within one millisecond or when the clock steps
 * back: rand_a (12 bits) is a counter seeded low (RFC 9562 §6.2, method 1).
 */
export function uuidv7Monotonic(clock: () => number = Date.now, random: RandomFill = nodeRandom): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = clock();
    if (ms > lastMs) {
      lastMs = ms;
      counter = random(new Uint8Array(1))[0]! & 0x7f;
    } else {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms = ++lastMs;
        counter = 0;
      }
    }
    const id = uuidv7(ms, random);
    const randA = (0x7000 | counter).toString(16);
    return `${id.slice(0, 14)}${randA}${id.slice(18)}`;
  };
}
