/** What makes a payment form the SDK built miss the eCom API (JY-SDK-11: seed 002 "методом POST на
 *  адрес https://jpay.jysanbank.kz/ecom/api", the SDK configured with `gateway` for that host);
 *  undefined: nothing. A query string or fragment on the action is not judged; a method the SDK
 *  does not state is not judged (the adapter protocol makes it optional). */
export function formAddressBreak(out: Record<string, unknown>, gateway: string): string | undefined {
  const api = `${gateway.replace(/\/+$/, '')}/ecom/api`;
  const { action, method } = out;
  if (typeof action !== 'string' || action === '') return `the form has no action (it must be ${api})`;
  let u: URL;
  try {
    u = new URL(action);
  } catch {
    return `the action ${JSON.stringify(action)} is not an absolute URL (the payer's browser would post it to the shop's own site, not to ${api})`;
  }
  const want = new URL(api);
  if (u.origin !== want.origin || u.pathname !== want.pathname)
    return `the form's action ${action} is not the eCom API ${api}`;
  if (method !== undefined && (typeof method !== 'string' || method.toUpperCase() !== 'POST'))
    return `the form's method ${JSON.stringify(method)} is not POST`;
  return undefined;
}
