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

/** Every jysan check (gateway and merchant subjects). */
export const checks: Check<'jysan'>[] = [
  ...signature,
  ...fields,
  ...errors,
  ...faults,
  ...flows,
  ...threeds,
  ...operations,
  ...merchant,
  ...backref,
  ...recurring,
  ...merchantPost,
  ...merchantTransport,
  ...sdk,
];
