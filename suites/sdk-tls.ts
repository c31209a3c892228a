import type { CheckContext } from '../src/harness/check.ts';
import { describeAnswer } from './sdk-support.ts';

/** Why a TLS rule is skipped without `paycert run --sdk-tls`. */
export const NO_SDK_TLS =
  "needs paycert run --sdk-tls: without it the SDK's recording gateway is plain http on loopback, and no certificate is presented for the SDK to verify";

/** The shared shape of the TLS rules of the SDK subject (V5-SDK-24, JY-SDK-27; probe 26): with the run's
 *  certificate the SDK sends `op` (the precondition: an SDK that sends nothing refuses nothing), then a
 *  gateway for the same names whose certificate is from another CA gets the same call, and the SDK must
 *  refuse to send it: it answers an error and the gateway records no complete request. Skipped without
 *  --sdk-tls; `unsupported` skips it (SdkSession.call). */
export async function refusesForeignCertificate(
  t: CheckContext,
  rule: string,
  op: string,
  input: () => Record<string, unknown>,
): Promise<void> {
  if (!t.subject.sdk?.tls) t.skip(NO_SDK_TLS);
  const good = await t.sdk();
  const a = await good.call(op, input());
  if (good.gateway.requests.length === 0)
    t.inconclusive(
      `the SDK sent no request for ${op} to the gateway whose certificate the run's CA issued (it answered ${describeAnswer(a)}): that it would refuse one that does not verify cannot be told from its sending nothing`,
    );
  const bad = await t.sdk('foreign');
  const b = await bad.call(op, input());
  const sent = bad.gateway.requests.length;
  t.expect(
    rule,
    !b.ok && sent === 0,
    b.ok
      ? `${op} against ${bad.gateway.url}, whose certificate (for 127.0.0.1 and localhost) is from another CA than the run's, succeeded: the SDK took a certificate that does not verify (answered ${describeAnswer(b)}; ${sent} request(s) reached the gateway)`
      : `${op} against ${bad.gateway.url}, whose certificate is from another CA than the run's, was sent (${sent} request(s) reached the gateway) before the SDK answered ${describeAnswer(b)}: it sent over a connection whose certificate does not verify`,
  );
}
