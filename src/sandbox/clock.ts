/** A clock that follows real time but can be moved forward, so that "retry every 30 minutes for
 *  2 hours" is checked in milliseconds. */
export class Clock {
  private offset = 0;
  constructor(private readonly real: () => number = Date.now) {}
  now(): number {
    return this.real() + this.offset;
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the clock only moves forward');
    this.offset += ms;
  }
}

interface Job {
  seq: number;
  due: number;
  run: () => Promise<void>;
}

/** Runs jobs when the clock reaches them: on a real-time tick, and at once when the clock is
 *  advanced. One job runs at a time, in due order. */
export class Scheduler {
  private jobs: Job[] = [];
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout;

  constructor(
    readonly clock: Clock,
    tickMs = 50,
  ) {
    this.timer = setInterval(() => void this.runDue(), tickMs);
    this.timer.unref();
  }

  at(due: number, run: () => Promise<void>): void {
    this.jobs.push({ seq: this.seq++, due, run });
    void this.runDue();
  }

  after(ms: number, run: () => Promise<void>): void {
    this.at(this.clock.now() + ms, run);
  }

  /** Advance the clock step by step through every due job, so each runs at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.runDue();
    for (;;) {
      const next = this.jobs.filter((j) => j.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      if (next.due > this.clock.now()) this.clock.advance(next.due - this.clock.now());
      await this.runDue();
    }
    if (target > this.clock.now()) this.clock.advance(target - this.clock.now());
    await this.runDue();
  }

  /** Run every job that is due now (jobs scheduled while running are considered too). */
  runDue(): Promise<void> {
    this.chain = this.chain.then(async () => {
      for (;;) {
        const now = this.clock.now();
        const due = this.jobs.filter((j) => j.due <= now).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
        if (!due) return;
        this.jobs = this.jobs.filter((j) => j !== due);
        try {
          await due.run();
        } catch {
          /* a job reports its own failures */
        }
      }
    });
    return this.chain;
  }

  pending(): number {
    return this.jobs.length;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
