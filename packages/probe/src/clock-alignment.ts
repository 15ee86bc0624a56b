// Maps a device clock onto the host's monotonic clock.
// Each reading says: the device clock showed `deviceSeconds` no later than host time `hostMs`
// (the message took some non-negative latency to arrive). Model: hostMs = offsetMs + deviceMs·(1 + drift).
// Drift: least-squares slope of (hostMs − deviceMs) against deviceMs over a window of readings
// (a crystal is specified to ±20…100 ppm; anything beyond ±1000 ppm is rejected as a fit to noise).
// Offset: the lower envelope, min(hostMs − deviceMs·(1 + drift)) — the reading with the least latency,
// the estimator NTP-style clock filters use (Mills, RFC 5905 §10: the minimum-delay sample is best).
import type { ClockEstimate } from './driver-api.js';

const REFIT_EVERY = 16;

export interface ClockAlignerOptions {
  /** Readings kept (ring buffer). */
  windowSize?: number;
  /** Below this device-time span the drift is taken as 0 (too short to measure), seconds. */
  minSpanForDriftSeconds?: number;
  maxAbsDriftPpm?: number;
}

export class ClockAligner {
  private readonly windowSize: number;
  private readonly minSpanForDriftSeconds: number;
  private readonly maxAbsDriftPpm: number;
  private readonly samples: { deviceMs: number; hostMs: number }[] = [];
  private estimate: ClockEstimate | undefined;
  private sinceRefit = 0;

  constructor(options: ClockAlignerOptions = {}) {
    this.windowSize = options.windowSize ?? 256;
    this.minSpanForDriftSeconds = options.minSpanForDriftSeconds ?? 10;
    this.maxAbsDriftPpm = options.maxAbsDriftPpm ?? 1000;
  }

  reset(): void {
    this.samples.length = 0;
    this.estimate = undefined;
    this.sinceRefit = 0;
  }

  observe(deviceSeconds: number, hostMs: number): void {
    if (!Number.isFinite(deviceSeconds) || !Number.isFinite(hostMs)) return;
    const sample = { deviceMs: deviceSeconds * 1000, hostMs };
    this.samples.push(sample);
    if (this.samples.length > this.windowSize) this.samples.shift();
    const e = this.estimate;
    // A full refit is O(window); between refits (every REFIT_EVERY readings) the drift is kept and the
    // offset can only go down (a less-delayed reading), which is exact for the lower envelope.
    if (e === undefined || ++this.sinceRefit >= REFIT_EVERY) {
      this.sinceRefit = 0;
      this.estimate = this.fit();
    } else {
      const candidate = sample.hostMs - sample.deviceMs * (1 + e.driftPpm / 1e6);
      this.estimate = {
        offsetMs: Math.min(e.offsetMs, candidate),
        driftPpm: e.driftPpm,
        samples: this.samples.length,
      };
    }
  }

  current(): ClockEstimate | undefined {
    return this.estimate;
  }

  /** Host monotonic ms for a device time; undefined before the first reading. */
  toHostMs(deviceSeconds: number): number | undefined {
    const e = this.estimate;
    if (e === undefined) return undefined;
    return e.offsetMs + deviceSeconds * 1000 * (1 + e.driftPpm / 1e6);
  }

  private fit(): ClockEstimate | undefined {
    const n = this.samples.length;
    const first = this.samples[0];
    if (n === 0 || first === undefined) return undefined;
    // Centre on the first sample to keep the sums well conditioned.
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    for (const s of this.samples) {
      const x = s.deviceMs - first.deviceMs;
      const y = s.hostMs - s.deviceMs - (first.hostMs - first.deviceMs);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
    }
    let drift = 0;
    const denominator = n * sxx - sx * sx;
    if (maxX - minX >= this.minSpanForDriftSeconds * 1000 && denominator > 0) {
      const slope = (n * sxy - sx * sy) / denominator;
      if (Math.abs(slope) * 1e6 <= this.maxAbsDriftPpm) drift = slope;
    }
    let offsetMs = Number.POSITIVE_INFINITY;
    for (const s of this.samples) {
      const candidate = s.hostMs - s.deviceMs * (1 + drift);
      if (candidate < offsetMs) offsetMs = candidate;
    }
    return { offsetMs, driftPpm: drift * 1e6, samples: n };
  }
}
