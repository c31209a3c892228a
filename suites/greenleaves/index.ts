import type { Check } from '../../src/harness/check.ts';
import { checks as signature } from './signature.checks.ts';
import { checks as transport } from './transport.checks.ts';
import { checks as fields } from './fields.checks.ts';
import { checks as flows } from './flows.checks.ts';
import { checks as callbacks } from './callbacks.checks.ts';
import { checks as recurring } from './recurring.checks.ts';
import { checks as methods } from './methods.checks.ts';
import { checks as returns } from './returns.checks.ts';
import { checks as merchant } from './merchant/callbacks.checks.ts';
import { checks as sdk } from './sdk/sdk.checks.ts';

/** Every greenleaves check (gateway and merchant subjects). */
export const checks: Check<'greenleaves'>[] = [
  ...signature,
  ...transport,
  ...fields,
  ...flows,
  ...callbacks,
  ...recurring,
  ...methods,
  ...returns,
  ...merchant,
  ...sdk,
];
