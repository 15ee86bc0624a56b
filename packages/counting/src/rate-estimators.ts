// Rate estimators over a stream of accepted frames: fixed windows (as probe units offer: 1, 2, 5, 10 s)
// and an adaptive, change-point-aware window. Each keeps only sums; the intervals are computed on demand.

/** One accepted frame as the estimators see it: counts in `seconds` of (live) counting time ending at `endSeconds`. */
export interface FrameSample {
  endSeconds: number;
  /** Counting time of the frame (live time when known), seconds. */
  seconds: number;
  counts: number;
}

export interface WindowSums {
  counts: number;
  /** Counting time actually covered by frames (less than the window when there were gaps), seconds. */
  seconds: number;
}

/** A ring of recent frames, growing as needed. */
class FrameRing {
  private ends: Float64Array;
  private secs: Float64Array;
  private cnts: Float64Array;
  private head = 0;
  size = 0;
  constructor(capacity = 256) {
    this.ends = new Float64Array(capacity);
    this.secs = new Float64Array(capacity);
    this.cnts = new Float64Array(capacity);
  }
  push(sample: FrameSample): void {
    if (this.size === this.ends.length) this.grow();
    const i = (this.head + this.size) % this.ends.length;
    this.ends[i] = sample.endSeconds;
    this.secs[i] = sample.seconds;
    this.cnts[i] = sample.counts;
    this.size += 1;
  }
  shift(): void {
    this.head = (this.head + 1) % this.ends.length;
    this.size -= 1;
  }
  /** Index 0 is the oldest. */
  endAt(k: number): number {
    return this.ends[(this.head + k) % this.ends.length]!;
  }
  secondsAt(k: number): number {
    return this.secs[(this.head + k) % this.secs.length]!;
  }
  countsAt(k: number): number {
    return this.cnts[(this.head + k) % this.cnts.length]!;
  }
  clear(): void {
    this.head = 0;
    this.size = 0;
  }
  private grow(): void {
    const n = this.ends.length * 2;
    const ends = new Float64Array(n);
    const secs = new Float64Array(n);
    const cnts = new Float64Array(n);
    for (let k = 0; k < this.size; k++) {
      ends[k] = this.endAt(k);
      secs[k] = this.secondsAt(k);
      cnts[k] = this.countsAt(k);
    }
    this.ends = ends;
    this.secs = secs;
    this.cnts = cnts;
    this.head = 0;
  }
}

/**
 * Sliding fixed-length windows. A frame belongs to the window when it ends within the last
 * `windowSeconds` before the newest frame's end and starts no earlier than that (whole frames only).
 */
export class FixedWindowRate {
  private readonly ring = new FrameRing();
  private counts = 0;
  private seconds = 0;
  constructor(readonly windowSeconds: number) {
    if (!(windowSeconds > 0)) throw new RangeError(`window must be > 0 s, got ${windowSeconds}`);
  }
  push(sample: FrameSample): WindowSums {
    this.ring.push(sample);
    this.counts += sample.counts;
    this.seconds += sample.seconds;
    const windowStart = sample.endSeconds - this.windowSeconds * (1 + 1e-9);
    // Drop frames that began before the window (a frame's start = end - its real duration ≥ end - seconds).
    while (this.ring.size > 1 && this.ring.endAt(0) - this.ring.secondsAt(0) < windowStart) {
      this.counts -= this.ring.countsAt(0);
      this.seconds -= this.ring.secondsAt(0);
      this.ring.shift();
    }
    return this.sums();
  }
  sums(): WindowSums {
    return { counts: Math.round(this.counts), seconds: this.seconds };
  }
  reset(): void {
    this.ring.clear();
    this.counts = 0;
    this.seconds = 0;
  }
}

export interface AdaptiveRateOptions {
  /**
   * Threshold on the generalized log-likelihood ratio of "one rate" against "a step k frames ago":
   * G = Σ c·ln(ĉ_segment / expected). Under no change 2G ~ χ²(1) per split; G = 8 gives a false
   * restart probability of about 6e-5 per split per frame (splits are strongly correlated).
   */
  changeThreshold: number;
  /** Longest window the estimator averages over in steady state, seconds. */
  maxWindowSeconds: number;
}

export const DEFAULT_ADAPTIVE_RATE: AdaptiveRateOptions = { changeThreshold: 8, maxWindowSeconds: 30 };

export interface AdaptiveUpdate extends WindowSums {
  /** True when this frame made the estimator restart its window at a detected step. */
  changed: boolean;
  /** Frames in the window after this update. */
  frames: number;
}

/**
 * Expanding window that restarts at a detected change point. After each frame, the window is split at
 * k = 1, 2, 3, 4, 6, 8, 11, … frames (about √2 apart) from its end and the two-sample Poisson GLR statistic (Lorden 1971, Ann Math
 * Stat 42:1897; for Poisson counts e.g. Siegmund & Venkatraman 1995) is computed for each split; when
 * the largest exceeds the threshold the window restarts at that split. In steady state the window keeps
 * growing (to maxWindowSeconds), so the estimate is calm; after a step it holds only post-step frames.
 */
export class AdaptiveRate {
  private readonly ring = new FrameRing();
  // Prefix sums over the window: cumCounts[k] = counts of the first k frames (k = 0..size).
  private cumCounts: number[] = [0];
  private cumSeconds: number[] = [0];
  private offset = 0; // index in cum arrays of the window's first frame
  constructor(readonly options: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE) {
    if (!(options.changeThreshold >= 0))
      throw new RangeError(`change threshold must be >= 0, got ${options.changeThreshold}`);
    if (!(options.maxWindowSeconds > 0))
      throw new RangeError(`longest window must be > 0 s, got ${options.maxWindowSeconds}`);
  }

  push(sample: FrameSample): AdaptiveUpdate {
    this.ring.push(sample);
    this.cumCounts.push(this.cumCounts[this.cumCounts.length - 1]! + sample.counts);
    this.cumSeconds.push(this.cumSeconds[this.cumSeconds.length - 1]! + sample.seconds);
    const changed = this.detectChange();
    while (
      this.ring.size > 1 &&
      this.windowSeconds() - this.ring.secondsAt(0) >= this.options.maxWindowSeconds
    ) {
      this.dropOldest();
    }
    this.compact();
    return { ...this.sums(), changed, frames: this.ring.size };
  }

  /** Calls `fn` for each frame in the current window, oldest first. */
  forEachFrame(fn: (counts: number, seconds: number) => void): void {
    for (let k = 0; k < this.ring.size; k++) fn(this.ring.countsAt(k), this.ring.secondsAt(k));
  }

  sums(): WindowSums {
    const last = this.cumCounts.length - 1;
    return {
      counts: Math.round(this.cumCounts[last]! - this.cumCounts[this.offset]!),
      seconds: this.windowSeconds(),
    };
  }

  reset(): void {
    this.ring.clear();
    this.cumCounts = [0];
    this.cumSeconds = [0];
    this.offset = 0;
  }

  private windowSeconds(): number {
    return this.cumSeconds[this.cumSeconds.length - 1]! - this.cumSeconds[this.offset]!;
  }

  private detectChange(): boolean {
    const n = this.ring.size;
    if (n < 2) return false;
    const last = this.cumCounts.length - 1;
    const totalCounts = this.cumCounts[last]! - this.cumCounts[this.offset]!;
    const totalSeconds = this.windowSeconds();
    const pooledRate = totalCounts / totalSeconds;
    let best = 0;
    let bestK = 0;
    for (let step = 0; step < LOOKBACKS.length; step++) {
      const k = LOOKBACKS[step]!;
      if (k >= n) break;
      const c2 = this.cumCounts[last]! - this.cumCounts[last - k]!;
      const t2 = this.cumSeconds[last]! - this.cumSeconds[last - k]!;
      const c1 = totalCounts - c2;
      const t1 = totalSeconds - t2;
      const g = xLogRatio(c1, pooledRate * t1) + xLogRatio(c2, pooledRate * t2);
      if (g > best) {
        best = g;
        bestK = k;
      }
    }
    if (best <= this.options.changeThreshold) return false;
    while (this.ring.size > bestK) this.dropOldest();
    return true;
  }

  private dropOldest(): void {
    this.ring.shift();
    this.offset += 1;
  }

  private compact(): void {
    if (this.offset > 1024 && this.offset > this.ring.size) {
      this.cumCounts = this.cumCounts.slice(this.offset);
      this.cumSeconds = this.cumSeconds.slice(this.offset);
      this.offset = 0;
    }
  }
}

/** Split points tried, in frames from the end: about √2 apart, so a step is never far from one. */
const LOOKBACKS: number[] = (() => {
  const out: number[] = [];
  for (let k = 1; k < 1e7; k = Math.max(k + 1, Math.round(k * Math.SQRT2))) out.push(k);
  return out;
})();

/**
 * One segment's term of the Poisson log-likelihood ratio, c·ln(c/e) − (c − e) (e: expected counts at the
 * pooled rate). With no counts it is e (0·ln 0 = 0): the segment's own rate estimate is 0, and the terms
 * must stay comparable with the others' — returning 0 there hid a drop to zero counts (a lifted probe).
 */
function xLogRatio(c: number, expected: number): number {
  if (c === 0) return expected;
  return c * Math.log(c / expected) - (c - expected);
}
