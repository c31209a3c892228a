/** Request headers (seed 000 "Introduction"). Names as the seed writes them; HTTP names are case-insensitive. */
import { uuidv7 } from './uuid.ts';

export const JSON_MEDIA_TYPE = 'application/json';

export const H = {
  contentType: 'Content-Type',
  accept: 'Accept',
  action: 'X-Action',
  requestId: 'X-Request-Id',
  acceptLanguage: 'Accept-Language',
  signature: 'X-JWS-Signature',
  datetime: 'X-Datetime',
  requestStatus: 'X-Request-Status',
} as const;

export interface RequestHeaderInput {
  action: string;
  signature: string;
  /** Defaults to a fresh UUID v7. */
  requestId?: string;
  /** "currently not used" by the gateway; sent only when given. */
  acceptLanguage?: string;
}

export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const h: Record<string, string> = {
    [H.contentType]: JSON_MEDIA_TYPE,
    [H.accept]: JSON_MEDIA_TYPE,
    [H.action]: input.action,
    [H.requestId]: input.requestId ?? uuidv7(),
  };
  if (input.acceptLanguage !== undefined) h[H.acceptLanguage] = input.acceptLanguage;
  h[H.signature] = input.signature;
  return h;
}

/** The media type of a Content-Type/Accept value, lowercased, without parameters. */
export function mediaType(value: string | undefined): string | undefined {
  return value?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** A header value from a Node-style (lowercased keys) or any-case record. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === want) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}
