import { readFileSync } from 'node:fs';

/** paycert's version (package.json): the CLI's --version, the certificate, the control API's /info. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
