/** What a reference client needs from HTTP; the harness passes its evidence-recording client. */
export interface Request {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  form?: Array<[string, string]>;
  note?: string;
  /** the signature base string, for evidence (the secret is redacted where it is recorded); a function
   *  is called only if the exchange is kept and read (see EvidenceLog) */
  signatureBase?: string | (() => string);
  /** longer than the transport's default, for a call the target may rightly hold (a check_url deadline) */
  timeoutMs?: number;
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
  /** a call the harness sent again because an edge answered for the shop (HttpResponse.resentAfter) */
  resentAfter?: { status: number; why: string };
}

export type Send = (req: Request) => Promise<Response>;
