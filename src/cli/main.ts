import { run, RUN_HELP } from './run.ts';
import { serveCommand } from './serve.ts';
import { signCommand } from './sign.ts';
import { EXIT, UnreachableError, UsageError } from './errors.ts';
import { VERSION } from '../sandbox/control.ts';

const HELP = `paycert ${VERSION} — conformance suite for Kazakhstan payment APIs

  paycert run        certify a gateway or a merchant (embedded references by default)
  paycert sandbox    serve the reference gateways (optionally with defects)
  paycert merchant   serve the reference merchant
  paycert sign       compute pg_sig, P_SIGN or X-JWS-Signature
  paycert <command> --help

${RUN_HELP.split('\n').slice(-1)[0]}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': return run(rest);
    case 'sandbox': return serveCommand(rest, 'gateway');
    case 'merchant': return serveCommand(rest, 'merchant');
    case 'sign': return signCommand(rest);
    case '--version': case '-v': console.log(VERSION); return EXIT.ok;
    case undefined: case '--help': case '-h': case 'help': console.log(HELP); return command ? EXIT.ok : EXIT.usage;
    default: throw new UsageError(`unknown command "${command}" (paycert --help lists them)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`paycert: ${e.message}`);
      process.exit(EXIT.usage);
    }
    if (e instanceof UnreachableError) {
      console.error(`paycert: ${e.message}`);
      process.exit(EXIT.unreachable);
    }
    // Anything else is a paycert bug: still one line, plus where to look.
    console.error(`paycert: internal error: ${(e as Error)?.message ?? String(e)} (set PAYCERT_DEBUG=1 for the stack)`);
    if (process.env.PAYCERT_DEBUG) console.error((e as Error)?.stack);
    process.exit(EXIT.failed);
  },
);
