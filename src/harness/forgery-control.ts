import type { CheckContext } from './check.ts';
import type { ProfileId } from '../spec/profiles.ts';

/** What a forgery check's correctly signed control request showed. */
export interface Control {
  accepted: boolean;
  /** the request, as the reason names it ("a create") */
  note: string;
  /** when it was not accepted, what came instead ("was refused too (HTTP 401, …)") */
  said: string;
}

/** A rule "X is refused" (a forged or tampered signature) shows something only when the same gateway,
 *  in the same check, accepted the correctly signed control: a gateway refusing every correct
 *  signature refuses X too, for no reason the rule names. The forgeries run whatever the control's
 *  answer (one accepted fails its rule all the same); after a refused control the check ends
 *  inconclusive with the reason. `what` names the requests whose refusal the control would explain.
 *  Each profile sends its own control (its support.ts `withControl`). */
export async function afterControl<P extends ProfileId>(
  t: CheckContext<P>,
  control: Control,
  what: string,
  forgeries: () => Promise<void>,
): Promise<void> {
  await forgeries();
  if (!control.accepted) t.inconclusive(controlRefusedWhy(control, what));
}

export const controlRefusedWhy = (c: Control, what: string): string =>
  `the correctly signed control request (${c.note}) ${c.said}, so the refusal of ${what} shows nothing`;
