import { spawnSync } from 'node:child_process';

/** PHP as the outsiders need it: the binary and the extensions they call (SimpleXML and DOM, which
 *  Debian's php-cli alone lacks: they come with php-xml; iconv and openssl). A machine with a bare
 *  php-cli skips their cases, as one without PHP does, instead of failing them on "Call to undefined
 *  function simplexml_load_string()". */
export const hasPhp =
  spawnSync('php', [
    '-r',
    'exit(function_exists("simplexml_load_string") && class_exists("DOMDocument") && function_exists("iconv") && function_exists("openssl_pkey_get_private") ? 0 : 1);',
  ]).status === 0;
