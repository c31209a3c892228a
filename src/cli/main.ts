import { EXIT, UsageError, die, exitFlushed, tolerateClosedOutput } from './errors.ts';
import { VERSION } from '../version.ts';

// Commands load their modules on demand: `run` pulls in vitest, `sandbox` the reference
// implementations; `sign` and usage errors should not pay for either.

const HELP = `paycert ${VERSION} — conformance suite for Kazakhstan payment APIs

  paycert run        certify a gateway or a merchant (embedded references by default)
  paycert sandbox    serve the reference gateways (optionally with defects)
  paycert merchant   serve the reference merchant
  paycert sdk-adapter  the reference SDK adapter (JSON lines; see docs/sdk-adapter.md)
  paycert merge      combine the report directories of --shard runs into one
  paycert sign       compute pg_sig, P_SIGN or X-JWS-Signature
  paycert list       the rules and the checks that judge them
  paycert verify     check a run's certificate: signature and file digests
  paycert baseline   write a baseline of known failures from a run's certificate
  paycert <command> --help

Exit: 0 no rule failed, 1 a rule failed (or stayed inconclusive where that counts), 2 usage or
configuration error, 3 nothing could be judged, 4 internal error of paycert.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return (await import('./run.ts')).run(rest);
    case 'sandbox':
      return (await import('./serve.ts')).serveCommand(rest, 'gateway');
    case 'merchant':
      return (await import('./serve.ts')).serveCommand(rest, 'merchant');
    case 'sdk-adapter':
      return (await import('./sdk-adapter.ts')).sdkAdapterCommand(rest);
    case 'merge':
      return (await import('./merge.ts')).mergeCommand(rest);
    case 'sign':
      return (await import('./sign.ts')).signCommand(rest);
    case 'verify':
      return (await import('./verify.ts')).verifyCommand(rest);
    case 'baseline':
      return (await import('./baseline.ts')).baselineCommand(rest);
    case 'list':
      return (await import('./list.ts')).listCommand(rest);
    case '--version':
    case '-v':
      console.log(VERSION);
      return EXIT.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(HELP);
      return command ? EXIT.ok : EXIT.usage;
    default:
      throw new UsageError(`unknown command "${command}" (paycert --help lists them)`);
  }
}

// Anything that escapes, even from a callback or a forgotten promise, is one line and exit 4
// (2 or 3 for usage and unreachable), after the run has written what it has.
process.on('uncaughtException', die);
process.on('unhandledRejection', die);
tolerateClosedOutput();
main(process.argv.slice(2)).then(exitFlushed, die);
