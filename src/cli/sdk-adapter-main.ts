// `paycert sdk-adapter` on its own: what src/cli/main.ts does for that command, as the entry of its
// bundle (bin/bundled.mjs), which loads none of the other commands' modules.
import { die, exitFlushed } from './errors.ts';
import { sdkAdapterCommand } from './sdk-adapter.ts';

process.on('uncaughtException', die);
process.on('unhandledRejection', die);
sdkAdapterCommand(process.argv.slice(3)).then(exitFlushed, die);
