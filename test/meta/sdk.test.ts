import { defectMetaTests } from './support.ts';
import { PROFILES } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SDK_DEFECTS } from '../../src/sdk-adapter/defects.ts';

// the reference SDK adapter: clean it passes every sdk rule; each defect fails exactly its rules
for (const p of PROFILES) defectMetaTests(p, 'sdk', CHECKS[p], SDK_DEFECTS[p], { exact: true, serial: true });
