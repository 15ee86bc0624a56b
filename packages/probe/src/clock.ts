// Time and timers are injected so that drivers are testable without sleeps and replayable.

export type TimerHandle = { readonly id: number };

export interface Clock {
  /** Host monotonic time in milliseconds (never goes back). */
  nowMs(): number;
  /** Wall-clock time in epoch milliseconds (only for labels such as a recording's start time). */
  wallMs(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The real clock: performance.now() for monotonic time, setTimeout for timers. */
export function systemClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    nowMs: () => performance.now(),
    wallMs: () => Date.now(),
    setTimer(callback, delayMs) {
      const id = nextId++;
      const timeout = setTimeout(() => {
        timers.delete(id);
        callback();
      }, delayMs);
      timers.set(id, timeout);
      return { id };
    },
    clearTimer(handle) {
      const timeout = timers.get(handle.id);
      if (timeout !== undefined) clearTimeout(timeout);
      timers.delete(handle.id);
    },
  };
}

/**
 * A manual clock for tests and replays: time moves only when `advance` is called, and timers due in
 * that span fire in order. Callbacks that schedule new timers inside the span fire too.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly wallOriginMs: number;
  private timers: { id: number; dueMs: number; callback: () => void }[] = [];
  private nextId = 1;

  constructor(startMs = 0, wallOriginMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
    this.wallOriginMs = wallOriginMs;
  }

  nowMs(): number {
    return this.current;
  }

  wallMs(): number {
    return this.wallOriginMs + this.current;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, dueMs: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers still scheduled. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in time order (ties in scheduling order). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: { id: number; dueMs: number; callback: () => void } | undefined;
      for (const t of this.timers) {
        if (t.dueMs <= target && (next === undefined || t.dueMs < next.dueMs)) next = t;
      }
      if (next === undefined) break;
      const fired = next;
      this.timers = this.timers.filter((t) => t.id !== fired.id);
      this.current = Math.max(this.current, fired.dueMs);
      fired.callback();
    }
    this.current = target;
  }
}
