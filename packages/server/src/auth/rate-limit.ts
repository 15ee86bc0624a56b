// Login throttling: failures per (address, username) and per address within a sliding window.
// In memory: a restart forgets it (documented); a multi-process deployment should front it with a proxy.

export interface RateLimitOptions {
  windowMs: number;
  /** Failures allowed per address+username within the window. */
  maxPerUser: number;
  /** Failures allowed per address within the window (all usernames). */
  maxPerAddress: number;
  now?: () => number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait before another attempt, or 0 when an attempt is allowed. */
  retryAfterSeconds(address: string, username: string): number {
    const checks: [string, number][] = [
      [`u:${address}|${username}`, this.options.maxPerUser],
      [`a:${address}`, this.options.maxPerAddress],
    ];
    let wait = 0;
    for (const [key, max] of checks) {
      const list = this.recent(key);
      if (list.length >= max) {
        const oldest = list[list.length - max]!;
        wait = Math.max(wait, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  fail(address: string, username: string): void {
    const t = this.now();
    for (const key of [`u:${address}|${username}`, `a:${address}`]) {
      const list = this.recent(key);
      list.push(t);
      this.failures.set(key, list);
    }
    if (this.failures.size > 100_000) this.failures.clear();
  }

  succeed(address: string, username: string): void {
    this.failures.delete(`u:${address}|${username}`);
  }
}
