import type { HttpClient } from './http.ts';
import { Inconclusive } from './outcome.ts';
import { quote } from './clip.ts';

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
  private holding = false;

  /** `owner` names the check: the reference lets one check at a time move its clock, from its first
   *  advance until it releases the clock (checks in parallel workers share one reference). */
  constructor(
    readonly url: string,
    private readonly http: HttpClient,
    private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2)}`,
  ) {}

  /** Move the subject's clock forward; returns once every job that became due has run. */
  async advance(ms: number): Promise<number> {
    const res = await this.http.send({
      url: `${this.url}/clock`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms, owner: this.owner }),
      note: `advance the subject's clock by ${ms} ms`,
      timeoutMs: 150_000,
    });
    if (res.status !== 200)
      throw new Inconclusive(`clock control answered HTTP ${res.status}: ${quote(res.text, 200)}`);
    this.holding = true;
    return (JSON.parse(res.text) as { now: number }).now;
  }

  /** Returns once every job due on the subject's clock has run (its callbacks delivered and their
   *  answers handled; with `key`, a payment's only), without moving or holding the clock. */
  async idle(key?: string): Promise<void> {
    const res = await this.http.send({
      url: `${this.url}/idle${key === undefined ? '' : `?key=${encodeURIComponent(key)}`}`,
      note: 'wait until the due jobs have run',
      timeoutMs: 150_000,
    });
    if (res.status !== 200) throw new Inconclusive(`control idle answered HTTP ${res.status}: ${quote(res.text, 200)}`);
  }

  /** Let other checks move the clock again (a check's context does this when it ends). */
  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    await this.http
      .send({
        url: `${this.url}/clock/release`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ owner: this.owner }),
        note: 'release the clock',
      })
      .catch(() => {});
  }

  /** A test-only action of the reference (`ControlOptions.actions`), e.g. `recurring/age`. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.http.send({
      url: `${this.url}/${path}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      note: `control ${path}`,
    });
    if (res.status !== 200)
      throw new Inconclusive(`control ${path} answered HTTP ${res.status}: ${quote(res.text, 200)}`);
    return JSON.parse(res.text) as T;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.http.send({ url: `${this.url}/${path}` });
    if (res.status !== 200) throw new Inconclusive(`control ${path} answered HTTP ${res.status}`);
    return JSON.parse(res.text) as T;
  }
}
