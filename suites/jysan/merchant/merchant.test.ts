import { registerChecks } from '../../../src/harness/vitest.ts';
import { checks as redirect } from './redirect.checks.ts';
import { checks as post } from './post.checks.ts';
import { checks as transport } from './transport.checks.ts';

registerChecks([...redirect, ...post, ...transport]);
