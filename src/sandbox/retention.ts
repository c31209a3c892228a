/** How long a reference gateway remembers finished things, on the sandbox clock, and how many
 *  entries it keeps at most. PAYCERT_SANDBOX_RETENTION_HOURS and PAYCERT_SANDBOX_MAX_ENTRIES
 *  override the defaults. */
export interface Retention {
  retentionMs: number;
  maxEntries: number;
  /** the newest entries are never aged out, whatever the clock says: checks running side by side
   *  share one sandbox clock, and one of them may move it days ahead of the others' payments */
  keepRecent: number;
}

export function defaultRetention(env: NodeJS.ProcessEnv = process.env): Retention {
  const hours = Number(env.PAYCERT_SANDBOX_RETENTION_HOURS);
  const max = Number(env.PAYCERT_SANDBOX_MAX_ENTRIES);
  return {
    retentionMs: (hours > 0 ? hours : 24) * 3_600_000,
    maxEntries: Number.isInteger(max) && max > 0 ? max : 20_000,
    keepRecent: 1_000,
  };
}

export interface Lifecycle<V> {
  /** nothing more will happen to it unless someone asks (a terminal state, an abandoned page) */
  finished(v: V, now: number): boolean;
  /** its last activity on the sandbox clock */
  at(v: V): number;
  /** must stay whatever its age (e.g. callbacks still being retried) */
  pinned?(v: V, now: number): boolean;
}

const SWEEP_EVERY = 256;

/** A Map that forgets finished entries once they are `retentionMs` old on the sandbox clock, and
 *  holds at most `maxEntries`: past that, the oldest finished go first, then the oldest of the
 *  rest that are not pinned. Insertion order is creation order. */
export class BoundedMap<K, V> extends Map<K, V> {
  private sets = 0;

  constructor(
    private readonly now: () => number,
    private readonly life: Lifecycle<V>,
    private readonly limits: Retention = defaultRetention(),
    /** told of every entry the map forgets (to clean an index) */
    private readonly evicted?: (key: K, value: V) => void,
  ) {
    super();
  }

  private evict(key: K, value: V): void {
    this.delete(key);
    this.evicted?.(key, value);
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    // Map's constructor calls set before the fields exist
    if (this.life && (++this.sets % SWEEP_EVERY === 0 || this.size > this.limits.maxEntries)) this.sweep();
    return this;
  }

  /** Forget what is due; returns how many entries went. */
  sweep(now = this.now()): number {
    const before = this.size;
    const { finished, at, pinned } = this.life;
    const may = (v: V) => !pinned?.(v, now);
    let old = this.size - this.limits.keepRecent;
    for (const [k, v] of this) {
      if (old-- <= 0) break;
      if (finished(v, now) && now - at(v) > this.limits.retentionMs && may(v)) this.evict(k, v);
    }
    // over the cap: make room for a tenth more, so that a full map is not swept on every insert
    const target = Math.floor(this.limits.maxEntries * 0.9);
    if (this.size > this.limits.maxEntries) {
      for (const [k, v] of this) {
        if (this.size <= target) break;
        if (finished(v, now) && may(v)) this.evict(k, v);
      }
      for (const [k, v] of this) {
        if (this.size <= target) break;
        if (may(v)) this.evict(k, v);
      }
    }
    return before - this.size;
  }
}

/** A BoundedMap of records that are complete when stored (replies kept for replays): each is aged
 *  from the moment it was set. */
export class TimedMap<K, V extends object> extends BoundedMap<K, V> {
  constructor(now: () => number, retention: Retention = defaultRetention(), stamps = new WeakMap<object, number>()) {
    super(now, { finished: () => true, at: (v) => stamps.get(v) ?? 0 }, retention);
    this.stamp = (v) => stamps.set(v, now());
  }

  private stamp?: (v: V) => void;

  override set(key: K, value: V): this {
    this.stamp?.(value);
    return super.set(key, value);
  }
}
