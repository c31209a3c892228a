// `paycert run` on its own: what src/cli/main.ts does for that command, as the entry of its bundle
// (bin/bundled.mjs). Through tsx each of the run's ~200 modules was a round trip to tsx's loader
// thread; vitest and the suites it runs are not in the bundle (vite transforms those itself).
import { die, exitFlushed, tolerateClosedOutput } from './errors.ts';
import { run } from './run.ts';

process.on('uncaughtException', die);
process.on('unhandledRejection', die);
tolerateClosedOutput();
run(process.argv.slice(3)).then(exitFlushed, die);
