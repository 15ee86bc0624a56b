// Cumulative hardware counters wrap (16-bit timers, Rad Pro's 32-bit tube pulse count):
// the increment between two readings is (current - previous) mod 2^bits, which is right as long as
// fewer than 2^bits counts happened in between. A reading that would need more than that, or more than
// the device can physically count in the elapsed time, is a reset (reboot, counter set by the user).

export type CounterBits = 8 | 14 | 16 | 24 | 32;

/** (current - previous) mod 2^bits, for readings in [0, 2^bits). */
export function wrappingDifference(previous: number, current: number, bits: CounterBits): number {
  const modulus = 2 ** bits;
  const difference = (current - previous) % modulus;
  return difference < 0 ? difference + modulus : difference;
}

export type CounterStep =
  | { kind: 'first' }
  | { kind: 'increment'; counts: number; wrapped: boolean }
  | { kind: 'reset'; reason: string };

/**
 * Differences successive readings of one wrapping counter.
 * `maxPlausibleCps` bounds the increment by elapsed time (a wrap-around that would imply a higher
 * rate is taken as a counter reset, and the next interval starts afresh from the new reading).
 */
export class WrappingCounter {
  private previous: { value: number; seconds: number } | undefined;

  constructor(
    private readonly bits: CounterBits,
    private readonly maxPlausibleCps: number,
  ) {
    if (!(maxPlausibleCps > 0)) throw new Error('maxPlausibleCps must be > 0');
  }

  /** Forgets the previous reading (a new connection). */
  reset(): void {
    this.previous = undefined;
  }

  /** Starts from a reading taken earlier (e.g. before a reconnection, when the device kept counting). */
  seed(value: number, seconds: number): void {
    this.previous = { value, seconds };
  }

  /** `value` is the counter reading, `seconds` when it was taken (any monotonic clock). */
  next(value: number, seconds: number): CounterStep {
    const modulus = 2 ** this.bits;
    if (!Number.isInteger(value) || value < 0 || value >= modulus) {
      return { kind: 'reset', reason: `reading ${value} is not an integer in [0, 2^${this.bits})` };
    }
    const previous = this.previous;
    this.previous = { value, seconds };
    if (previous === undefined) return { kind: 'first' };
    const elapsedSeconds = seconds - previous.seconds;
    const counts = wrappingDifference(previous.value, value, this.bits);
    const limit = Math.max(elapsedSeconds, 0) * this.maxPlausibleCps;
    if (counts > limit) {
      return {
        kind: 'reset',
        reason: `counter went from ${previous.value} to ${value} in ${elapsedSeconds.toFixed(3)} s, more than ${this.maxPlausibleCps} cps allows (reset or set)`,
      };
    }
    return { kind: 'increment', counts, wrapped: value < previous.value };
  }
}
