import type { Check } from '../../src/harness/check.ts';
import { checks as vectors } from './vectors.checks.ts';
import { checks as signature } from './signature.checks.ts';
import { checks as headers } from './headers.checks.ts';
import { checks as response } from './response.checks.ts';
import { checks as idempotency } from './idempotency.checks.ts';
import { checks as actions } from './actions.checks.ts';
import { checks as bodies } from './bodies.checks.ts';
import { checks as flows } from './flows.checks.ts';
import { checks as format } from './format.checks.ts';
import { checks as sdk } from './sdk/sdk.checks.ts';
import { checks as sdkCallbacks } from './sdk/callbacks.checks.ts';
import { checks as objects } from './objects.checks.ts';
import { checks as callbacks } from './callbacks.checks.ts';
import { checks as merchant } from './merchant/callbacks.checks.ts';

/** Each checks module's checks, by its path from this directory (`paycert run` keeps the suite files
 *  that register a selected check), in the order of `checks`. */
export const byModule: Record<string, Check<'greenleaves-v5'>[]> = {
  './vectors.checks.ts': vectors,
  './signature.checks.ts': signature,
  './headers.checks.ts': headers,
  './response.checks.ts': response,
  './idempotency.checks.ts': idempotency,
  './actions.checks.ts': actions,
  './bodies.checks.ts': bodies,
  './flows.checks.ts': flows,
  './format.checks.ts': format,
  './objects.checks.ts': objects,
  './sdk/sdk.checks.ts': sdk,
  './sdk/callbacks.checks.ts': sdkCallbacks,
  './callbacks.checks.ts': callbacks,
  './merchant/callbacks.checks.ts': merchant,
};

/** Every greenleaves-v5 check (gateway, merchant and sdk subjects). */
export const checks: Check<'greenleaves-v5'>[] = Object.values(byModule).flat();
