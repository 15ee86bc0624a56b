// Physical plausibility of stored values, applied where old rows are read back. A row written before the
// edge refused implausible values (a 1e-310 s count, a rate of Infinity) must never stop a case: it is
// left out of derivations, named in the warnings, and can be retracted.
import { DEFAULT_MAX_RATE_CPS } from '@openrgs/counting';

/** The shortest count a measurement may have (the API refuses shorter ones; frames are ≥ 0.01 s). */
export const MIN_COUNT_SECONDS = 0.01;

/**
 * Decay correction is refused beyond this many half-lives between the count and its reference: after 30
 * half-lives 2^-30 ≈ 1e-9 of the activity is left, so the count is not a measurement of that tracer (a
 * wrong administration time or decay reference), and the correction factor 2^30 would only amplify noise.
 */
export const MAX_HALF_LIVES = 30;

export interface CountLike {
  siteLabel: string;
  counts: number;
  durationSeconds: number;
}

export function plausibleCount(m: CountLike): boolean {
  return (
    Number.isFinite(m.counts) &&
    m.counts >= 0 &&
    Number.isFinite(m.durationSeconds) &&
    m.durationSeconds >= MIN_COUNT_SECONDS &&
    Number.isFinite(m.counts / m.durationSeconds)
  );
}

/** Stored background sites split into those a model may use and warnings naming those it may not. */
export function usableBackground<T extends CountLike>(rows: T[]): { sites: T[]; warnings: string[] } {
  const sites: T[] = [];
  const warnings: string[] = [];
  for (const row of rows) {
    if (!plausibleCount(row)) {
      warnings.push(
        `background site '${row.siteLabel}' left out: its stored count (${row.counts} in ${row.durationSeconds} s) is not a plausible measurement; retract it`,
      );
    } else if (row.counts / row.durationSeconds > DEFAULT_MAX_RATE_CPS) {
      // The same limit as for frames (counting frame-check.ts): no probe counts that fast.
      warnings.push(
        `background site '${row.siteLabel}' left out: ${(row.counts / row.durationSeconds).toExponential(2)} cps is above the plausible ${DEFAULT_MAX_RATE_CPS.toExponential(1)} cps of a probe; retract it`,
      );
    } else sites.push(row);
  }
  return { sites, warnings };
}
