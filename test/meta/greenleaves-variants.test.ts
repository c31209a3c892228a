import { toleranceMetaTests } from './support.ts';
import { checks } from '../../suites/greenleaves/index.ts';
import { GREENLEAVES_VARIANTS } from '../../src/sandbox/greenleaves/defects.ts';

// traced: a variant's patch reaches about a third of the 71 checks judged as a real target
// (docs/architecture.md, thirteenth and fourteenth passes)
toleranceMetaTests('greenleaves', 'gateway', checks, GREENLEAVES_VARIANTS, { traced: true });
