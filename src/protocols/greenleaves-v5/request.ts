/** A complete signed request, ready for any HTTP client: the body goes out as the exact bytes signed. */
import { toBytes } from './b64.ts';
import { V5_ACTIONS, type V5Operation } from './endpoints.ts';
import { requestHeaders } from './headers.ts';
import { g2gHeader, signDetached, type Bytes, type HmacAlg, type Secret } from './jws.ts';

export interface SignedRequestInput {
  operation: V5Operation;
  /** Sent and signed as is: a string is its UTF-8 bytes; pass bytes to keep an exact encoding. */
  body: Bytes;
  authId: string;
  secret: Secret;
  requestId?: string;
  acceptLanguage?: string;
  alg?: HmacAlg;
}

export interface SignedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export async function signedRequest(input: SignedRequestInput): Promise<SignedRequest> {
  const spec = V5_ACTIONS[input.operation];
  const body = toBytes(input.body);
  const signature = await signDetached(body, g2gHeader(spec.path, input.authId, input.alg ?? 'HS256'), input.secret);
  const headers = requestHeaders({
    action: spec.action,
    signature,
    ...(input.requestId !== undefined && { requestId: input.requestId }),
    ...(input.acceptLanguage !== undefined && { acceptLanguage: input.acceptLanguage }),
  });
  return { method: 'POST', path: spec.path, headers, body };
}
