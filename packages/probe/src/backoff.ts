// Reconnection delays: exponential, capped, with optional jitter from an injected random source
// (so that many probes unplugged together do not retry in lock-step; tests pass a fixed source).

export interface BackoffOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  /** Fraction of the delay to randomise, 0…1 (0 = deterministic). */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly factor: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.factor = options.factor ?? 2;
    this.maxMs = options.maxMs ?? 8000;
    this.jitter = options.jitter ?? 0;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.factor >= 1) || !(this.maxMs >= this.initialMs)) {
      throw new Error('backoff: need initialMs > 0, factor >= 1, maxMs >= initialMs');
    }
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new Error('backoff: jitter must be in [0, 1]');
  }

  /** The delay before the next attempt; each call doubles the next one up to the cap. */
  nextDelayMs(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    if (this.jitter === 0) return base;
    return base * (1 - this.jitter + this.jitter * this.random());
  }

  /** Back to the initial delay (after a connection that delivered data). */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
