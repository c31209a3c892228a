import type { HttpClient } from './http.ts';
import { Inconclusive } from './outcome.ts';

/** What a paycert reference implementation says about itself at `/__paycert/info`. */
export interface ReferenceInfo {
  implementation: 'paycert-reference';
  profile: string;
  role: 'gateway' | 'merchant';
  version: string;
  capabilities: string[];
  defects: string[];
}

/** Client of a reference implementation's control API (clock, state). Real targets have none. */
export class ControlClient {
  constructor(
    readonly url: string,
    private readonly http: HttpClient,
  ) {}

  /** Move the subject's clock forward; returns once every job that became due has run. */
  async advance(ms: number): Promise<number> {
    const res = await this.http.send({
      url: `${this.url}/clock`, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }), note: `advance the subject's clock by ${ms} ms`,
    });
    if (res.status !== 200) throw new Inconclusive(`clock control answered HTTP ${res.status}`);
    return (JSON.parse(res.text) as { now: number }).now;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.http.send({ url: `${this.url}/${path}` });
    if (res.status !== 200) throw new Inconclusive(`control ${path} answered HTTP ${res.status}`);
    return JSON.parse(res.text) as T;
  }
}
