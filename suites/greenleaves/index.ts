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

/** Each checks module's checks, by its path from this directory (`paycert run` keeps the suite files
 *  that register a selected check), in the order of `checks`. */
export const byModule: Record<string, Check<'greenleaves'>[]> = {
  './signature.checks.ts': signature,
  './transport.checks.ts': transport,
  './fields.checks.ts': fields,
  './flows.checks.ts': flows,
  './callbacks.checks.ts': callbacks,
  './recurring.checks.ts': recurring,
  './methods.checks.ts': methods,
  './returns.checks.ts': returns,
  './merchant/callbacks.checks.ts': merchant,
  './sdk/sdk.checks.ts': sdk,
};

/** Every greenleaves check (gateway and merchant subjects). */
export const checks: Check<'greenleaves'>[] = Object.values(byModule).flat();
