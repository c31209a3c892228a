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
  /** Forward to `t`, or nowhere if the clock is there already: one read of the time. (A check then a
   *  step, `t > now()` and `advance(t - now())`, read it twice, and real time passing `t` in between
   *  gave a negative step: the clock control answered 500 in a stress run.) */
  advanceTo(t: number): void {
    const d = t - this.now();
    if (d > 0) this.offset += d;
  }
}

interface Job {
  seq: number;
  due: number;
  run: () => Promise<void>;
  /** jobs with the same key run one at a time, in due order (a payment's callback attempts) */
  key?: string;
}

/** Runs jobs when the clock reaches them: on a real-time tick, and at once when the clock is
 *  advanced. Up to `limit` jobs run at a time (a slow merchant must not hold up every other
 *  callback), earliest due first; jobs sharing a key never overlap nor overtake each other. */
export class Scheduler {
  // Jobs not yet due wait in a min-heap by (due, seq); `due` holds the ones whose time has come
  // (usually a handful). A reference keeps one job per payment for the whole run (its expiry), so a
  // scan of every job on each call made a long run quadratic.
  private waiting: Job[] = [];
  private due: Job[] = [];
  private seq = 0;
  private running = 0;
  private readonly busy = new Set<string>();
  private idle: Array<{ key?: string; resolve: () => void }> = [];
  private timer: NodeJS.Timeout;

  constructor(
    readonly clock: Clock,
    tickMs = 50,
    readonly limit = 16,
  ) {
    this.timer = setInterval(() => this.pump(), tickMs);
    this.timer.unref();
  }

  at(due: number, run: () => Promise<void>, key?: string): void {
    heapPush(this.waiting, { seq: this.seq++, due, run, key });
    this.pump();
  }

  after(ms: number, run: () => Promise<void>, key?: string): void {
    this.at(this.clock.now() + ms, run, key);
  }

  /** Advance the clock step by step through every due job, so each runs at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.runDue();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.clock.advanceTo(next.due);
      await this.runDue();
    }
    this.clock.advanceTo(target);
    await this.runDue();
  }

  /** Start every job that is due now; resolves once none is due or running (jobs scheduled while
   *  running are considered too). */
  runDue(): Promise<void> {
    return this.runDueFor(undefined);
  }

  /** Like runDue, for the jobs of one key only (a payment's callbacks): other checks' jobs, a merchant
   *  that takes long to answer, are not waited for. */
  runDueFor(key: string | undefined): Promise<void> {
    this.pump();
    if (this.settled(key)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push({ key, resolve }));
  }

  /** The earliest job not started, due or not. */
  private earliest(): Job | undefined {
    let best = this.waiting[0];
    for (const j of this.due) if (!best || byDue(j, best) < 0) best = j;
    return best;
  }

  /** Move the jobs whose time has come from the heap to `due`. */
  private collect(): void {
    const now = this.clock.now();
    while (this.waiting.length && this.waiting[0]!.due <= now) this.due.push(heapPop(this.waiting)!);
  }

  private settled(key?: string): boolean {
    this.collect();
    if (key === undefined) return this.running === 0 && !this.next();
    return !this.busy.has(key) && !this.due.some((j) => j.key === key);
  }

  /** The earliest due job whose key is not busy (collect first). */
  private next(): Job | undefined {
    let best: Job | undefined;
    for (const j of this.due)
      if (!(j.key !== undefined && this.busy.has(j.key)) && (!best || byDue(j, best) < 0)) best = j;
    return best;
  }

  private pump(): void {
    this.collect();
    for (let job = this.next(); job && this.running < this.limit; job = this.next()) {
      const { key } = job;
      this.due.splice(this.due.indexOf(job), 1);
      this.running++;
      if (key !== undefined) this.busy.add(key);
      void Promise.resolve()
        .then(job.run)
        .catch(() => {
          /* a job reports its own failures */
        })
        .finally(() => {
          this.running--;
          if (key !== undefined) this.busy.delete(key);
          this.pump();
        });
    }
    if (this.idle.length) {
      const done = this.idle.filter((w) => this.settled(w.key));
      if (done.length) {
        this.idle = this.idle.filter((w) => !done.includes(w));
        for (const w of done) w.resolve();
      }
    }
  }

  /** jobs waiting for their time or running */
  pending(): number {
    return this.waiting.length + this.due.length + this.running;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const byDue = (a: Job, b: Job): number => a.due - b.due || a.seq - b.seq;

function heapPush(h: Job[], j: Job): void {
  let i = h.push(j) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (byDue(h[p]!, j) <= 0) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = j;
}

function heapPop(h: Job[]): Job | undefined {
  const top = h[0];
  const last = h.pop();
  if (!h.length || !last) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= h.length) break;
    const c = l + 1 < h.length && byDue(h[l + 1]!, h[l]!) < 0 ? l + 1 : l;
    if (byDue(last, h[c]!) <= 0) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = last;
  return top;
}
