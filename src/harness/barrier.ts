/** Opens once `n` parties have arrived (or `ms` passed). The recording gateway holds the replies to
 *  requests an SDK sends at once until all have arrived; the HTTP client holds the last byte of
 *  requests meant to arrive together until each has sent the rest (`HttpRequest.together`). Either way
 *  they are in flight together however the run is scheduled. */
export class Barrier {
  private arrived = 0;
  private open!: () => void;
  readonly opened: Promise<void>;
  constructor(
    private readonly n: number,
    ms: number,
  ) {
    this.opened = new Promise<void>((r) => (this.open = r));
    const t = setTimeout(() => this.open(), ms);
    void this.opened.then(() => clearTimeout(t));
  }
  arrive(): Promise<void> {
    if (++this.arrived >= this.n) this.open();
    return this.opened;
  }
}
