import type { Check } from '../../src/harness/check.ts';
import { checks as signature } from './signature.checks.ts';
import { checks as fields } from './fields.checks.ts';
import { checks as errors } from './errors.checks.ts';
import { checks as faults } from './faults.checks.ts';
import { checks as flows } from './flows.checks.ts';
import { checks as threeds } from './threeds.checks.ts';
import { checks as operations } from './operations.checks.ts';
import { checks as merchant } from './merchant/redirect.checks.ts';
import { checks as backref } from './backref.checks.ts';
import { checks as recurring } from './recurring.checks.ts';
import { checks as merchantPost } from './merchant/post.checks.ts';
import { checks as merchantTransport } from './merchant/transport.checks.ts';
import { checks as sdk } from './sdk/sdk.checks.ts';

/** Each checks module's checks, by its path from this directory (`paycert run` keeps the suite files
 *  that register a selected check), in the order of `checks`. */
export const byModule: Record<string, Check<'jysan'>[]> = {
  './signature.checks.ts': signature,
  './fields.checks.ts': fields,
  './errors.checks.ts': errors,
  './faults.checks.ts': faults,
  './flows.checks.ts': flows,
  './threeds.checks.ts': threeds,
  './operations.checks.ts': operations,
  './merchant/redirect.checks.ts': merchant,
  './backref.checks.ts': backref,
  './recurring.checks.ts': recurring,
  './merchant/post.checks.ts': merchantPost,
  './merchant/transport.checks.ts': merchantTransport,
  './sdk/sdk.checks.ts': sdk,
};

/** Every jysan check (gateway and merchant subjects). */
export const checks: Check<'jysan'>[] = Object.values(byModule).flat();
