import type { Check } from '../../src/harness/check.ts';
import { checks as signature } from './signature.checks.ts';
import { checks as transport } from './transport.checks.ts';
import { checks as fields } from './fields.checks.ts';
import { checks as flows } from './flows.checks.ts';
import { checks as callbacks } from './callbacks.checks.ts';

/** Every greenleaves check, for the meta-tests and the coverage test. */
export const greenleavesChecks: Check<'greenleaves'>[] = [...signature, ...transport, ...fields, ...flows, ...callbacks];
