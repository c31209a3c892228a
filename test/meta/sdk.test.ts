import { defectMetaTests } from './support.ts';
import { checks as greenleaves } from '../../suites/greenleaves/index.ts';
import { checks as greenleavesV5 } from '../../suites/greenleaves-v5/index.ts';
import { checks as jysan } from '../../suites/jysan/index.ts';
import { SDK_DEFECTS } from '../../src/sdk-adapter/defects.ts';

// the reference SDK adapter: clean it passes every sdk rule; each defect fails exactly its rules
defectMetaTests('greenleaves', 'sdk', greenleaves, SDK_DEFECTS.greenleaves, { exact: true });
defectMetaTests('greenleaves-v5', 'sdk', greenleavesV5, SDK_DEFECTS['greenleaves-v5'], { exact: true });
defectMetaTests('jysan', 'sdk', jysan, SDK_DEFECTS.jysan, { exact: true });
