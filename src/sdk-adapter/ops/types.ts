import type { Send } from '../../sdk/transport.ts';
import type { AdapterError } from '../protocol.ts';

export interface OpContext<P = unknown> {
  gateway: string;
  credentials: Record<string, string>;
  /** what the adapter does (src/sdk-adapter/policy.ts; a defect patches it) */
  policy: P;
  send: Send;
}

/** An operation of the reference adapter: its output, or a thrown SdkError. */
export type Op<P = unknown> = (ctx: OpContext<P>, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export class SdkError extends Error {
  constructor(readonly error: AdapterError) {
    super(error.message ?? error.kind);
  }
}

export const fail = (kind: AdapterError['kind'], message: string, code?: string): never => {
  throw new SdkError({ kind, message, ...(code !== undefined && { code }) });
};

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') fail('validation', `${what} must be a string`);
  return v as string;
}

export function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('validation', `${what} must be an object`);
  return v as Record<string, unknown>;
}
