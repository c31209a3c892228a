/** A request as the SDK checks' recording gateway keeps it (src/harness/recorder.ts), for unit tests
 *  of the functions that read what an SDK sent. */
export const recorded = (text: string, contentType: string, path: string) => ({
  at: 0,
  method: 'POST',
  path,
  headers: { 'content-type': contentType },
  body: Buffer.from(text, 'utf8'),
  text,
});
