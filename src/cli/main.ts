import { readFileSync } from 'node:fs';
import { EXIT, UnreachableError, UsageError } from './errors.ts';

// Commands load their modules on demand: `run` pulls in vitest, `sandbox` the reference
// implementations; `sign` and usage errors should not pay for either.
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const HELP = `paycert ${VERSION} — conformance suite for Kazakhstan payment APIs

  paycert run        certify a gateway or a merchant (embedded references by default)
  paycert sandbox    serve the reference gateways (optionally with defects)
  paycert merchant   serve the reference merchant
  paycert sdk-adapter  the reference SDK adapter (JSON lines; see docs/sdk-adapter.md)
  paycert sign       compute pg_sig, P_SIGN or X-JWS-Signature
  paycert <command> --help

Exit: 0 no rule failed, 1 a rule failed, 2 usage or configuration error, 3 target unreachable.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': return (await import('./run.ts')).run(rest);
    case 'sandbox': return (await import('./serve.ts')).serveCommand(rest, 'gateway');
    case 'merchant': return (await import('./serve.ts')).serveCommand(rest, 'merchant');
    case 'sdk-adapter': return (await import('./sdk-adapter.ts')).sdkAdapterCommand(rest);
    case 'sign': return (await import('./sign.ts')).signCommand(rest);
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
