import { registerChecks } from '../../../src/harness/vitest.ts';
import { checks } from './sdk.checks.ts';
import { checks as callbacks } from './callbacks.checks.ts';

registerChecks([...checks, ...callbacks]);
