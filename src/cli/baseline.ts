import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { baselineFrom } from '../report/baseline.ts';
import { writeOutFile } from './out-file.ts';
import { RunFileError, readCertificate } from '../report/read-run.ts';

export const BASELINE_HELP = `paycert baseline --from CERT [--out FILE] — known failures from a run

  --from CERT   a run's certificate.json (or its --out directory)
  --out FILE    where to write the baseline (default: standard output); not a file of a
                report directory (certificate.json, results.ndjson, …)

Every failed or warned rule of the run becomes an entry (rule, profile, subject, verdict, reason).
Add a "ticket" and an "expires" date (YYYY-MM-DD) to each, then give the file to
paycert run --baseline FILE. Schema: specs/_meta/baseline.schema.json.`;

export function baselineCommand(argv: string[]): number {
  const { values, positionals } = parse(
    argv,
    { from: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'baseline',
  );
  if (values.help) {
    console.log(BASELINE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`baseline: unexpected argument "${positionals[0]}" (see paycert baseline --help)`);
  if (values.from === undefined) throw new UsageError("baseline needs --from CERT (a run's certificate.json)");
  let path = String(values.from);
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'certificate.json');
  let cert: ReturnType<typeof readCertificate>;
  try {
    cert = readCertificate(path);
  } catch (e) {
    if (e instanceof RunFileError) throw new UsageError(`baseline: --from ${e.message}`);
    throw e;
  }
  if (cert.complete === false) throw new UsageError(`baseline: ${path} is from a run that did not finish`);
  const b = baselineFrom(cert);
  if (values.out === undefined) {
    console.log(JSON.stringify(b, null, 2));
  } else {
    writeOutFile(String(values.out), b, 'baseline: --out');
    console.error(`paycert: ${b.entries.length} known failure(s) written to ${String(values.out)}`);
  }
  return EXIT.ok;
}
