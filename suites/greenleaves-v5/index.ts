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

/** Every greenleaves-v5 check (gateway, merchant and sdk subjects). */
export const checks: Check<'greenleaves-v5'>[] = [
  ...vectors,
  ...signature,
  ...headers,
  ...response,
  ...idempotency,
  ...actions,
  ...bodies,
  ...flows,
  ...format,
  ...objects,
  ...sdk,
  ...sdkCallbacks,
  ...callbacks,
  ...merchant,
];
