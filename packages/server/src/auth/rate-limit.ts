// Login throttling after OWASP ASVS v4 2.2.1 and NIST SP 800-63B §5.2.2 (issue 14 point 10): attempts
// are slowed, never refused for good. Each key — an address with a username, and an address across
// all usernames — gets a number of free failures, then a delay that doubles with every further
// failure (1 s, 2 s, 4 s, … capped), counted from its last failure. A key forgets its failures after
// FORGET_AFTER without one, and a success clears the address+username key. In memory; the per-account
// count across addresses and restarts comes from the audit log (routes/auth.ts).

export interface BackoffRule {
  /** Failures before any delay. */
  free: number;
  /** Delay after the first failure beyond the free ones, ms; doubles with each further failure. */
  baseMs: number;
  /** The longest delay, ms. */
  maxMs: number;
}

/** Delay before the next attempt after `failures` failures, ms (0 = allowed now). */
export function backoffMs(failures: number, rule: BackoffRule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 30));
}

export interface RateLimitOptions {
  perUser: BackoffRule;
  perAddress: BackoffRule;
  /** Failures older than this (since the key's last failure) are forgotten, ms. */
  forgetAfterMs: number;
  now?: () => number;
}

export const DEFAULT_THROTTLE: RateLimitOptions = {
  // 5 free failures per address and username, then 1 s, 2 s, … at most 15 min apart.
  perUser: { free: 5, baseMs: 1000, maxMs: 15 * 60_000 },
  // 20 free failures per address over all usernames (password spraying), then the same.
  perAddress: { free: 20, baseMs: 1000, maxMs: 15 * 60_000 },
  forgetAfterMs: 60 * 60_000,
};

interface KeyState {
  failures: number;
  lastMs: number;
}

/** Most keys kept; past it the oldest are dropped (an attacker's many addresses cannot grow memory). */
const MAX_KEYS = 100_000;

export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();
  /** Addresses that signed in to a username lately: spared the per-account delay (OWASP device trust). */
  private readonly known = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions = DEFAULT_THROTTLE) {
    this.now = options.now ?? Date.now;
  }

  private state(key: string): KeyState | undefined {
    const s = this.keys.get(key);
    if (s !== undefined && this.now() - s.lastMs > this.options.forgetAfterMs) {
      this.keys.delete(key);
      return undefined;
    }
    return s;
  }

  /** Seconds to wait before another attempt from here, or 0 when an attempt is allowed now. */
  retryAfterSeconds(address: string, username: string): number {
    let wait = 0;
    const checks: [string, BackoffRule][] = [
      [`u:${address}|${username}`, this.options.perUser],
      [`a:${address}`, this.options.perAddress],
    ];
    for (const [key, rule] of checks) {
      const s = this.state(key);
      if (s === undefined) continue;
      wait = Math.max(wait, s.lastMs + backoffMs(s.failures, rule) - this.now());
    }
    return Math.max(0, Math.ceil(wait / 1000));
  }

  fail(address: string, username: string): void {
    const t = this.now();
    for (const key of [`u:${address}|${username}`, `a:${address}`]) {
      const s = this.state(key);
      this.keys.delete(key); // re-inserted last: the map stays in order of last failure
      this.keys.set(key, { failures: (s?.failures ?? 0) + 1, lastMs: t });
    }
    for (const oldest of this.keys.keys()) {
      if (this.keys.size <= MAX_KEYS) break;
      this.keys.delete(oldest);
    }
  }

  succeed(address: string, username: string): void {
    this.keys.delete(`u:${address}|${username}`);
    const key = `${username}|${address}`;
    this.known.delete(key);
    this.known.set(key, this.now());
    for (const oldest of this.known.keys()) {
      if (this.known.size <= MAX_KEYS) break;
      this.known.delete(oldest);
    }
  }

  /** Whether this address signed in as this username within the last 30 days (this process). */
  isKnown(address: string, username: string): boolean {
    const at = this.known.get(`${username}|${address}`) ?? Number.NEGATIVE_INFINITY;
    return this.now() - at < 30 * 86_400_000;
  }

  /** An administrator's unlock: every address's failures for this username are forgotten. */
  unlock(username: string): number {
    let cleared = 0;
    for (const key of [...this.keys.keys()]) {
      if (key.startsWith('u:') && key.endsWith(`|${username}`)) {
        this.keys.delete(key);
        cleared += 1;
      }
    }
    return cleared;
  }
}
