import { gammaP, gammaQ } from '@openrgs/numeric';
// The matched fixed-time test: the shortest whole number of frames and a critical count such that, by
// exact Poisson probabilities, normal tissue (rate0) reaches the critical count with probability <= alpha
// and tumour (rate1) stays below it with probability <= beta. The comparator for the sequential test.
//
// For X ~ Poisson(μ) and a whole c >= 1: P(X >= c) = P(c, μ) and P(X < c) = Q(c, μ), the regularized
// incomplete gamma functions (Abramowitz & Stegun 1964, 26.4.21 with χ² = 2μ, ν = 2c).
// Frames are scanned from one upward: the achieved β is not monotone in the length (the critical count
// is a whole number), so a search that starts near the normal approximation and stops at the first
// length whose predecessor fails can miss a shorter one (it found a longer test in 34 of 648 settings of a grid of
// rates 1–300 cps, T/B 1.1–5, α and β 1–20 %, frames 0.1 and 0.5 s; e.g. 1 vs 1.5 cps, α 5 %, β 1 %, 0.1-s frames:
// 795 frames, not 810). The critical count only grows
// with the length (P(X >= c) grows with μ), so it is carried from one length to the next.

export interface FixedTimeTest {
  countSeconds: number;
  frames: number;
  /** Positive when counts >= criticalCounts. */
  criticalCounts: number;
  achievedAlpha: number;
  achievedBeta: number;
}

/** Longest test searched, in frames; past it the hypotheses are too close to separate in a procedure. */
const MAX_FRAMES = 1_000_000;

export function matchedFixedTimeTest(options: {
  rate0Cps: number;
  rate1Cps: number;
  alpha: number;
  beta: number;
  frameSeconds: number;
}): FixedTimeTest {
  const { rate0Cps, rate1Cps, alpha, beta, frameSeconds } = options;
  if (!(rate1Cps > rate0Cps && rate0Cps > 0) || !Number.isFinite(rate1Cps))
    throw new RangeError(`need rate1 > rate0 > 0 (finite), got rate0 ${rate0Cps}, rate1 ${rate1Cps} cps`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(beta > 0 && beta < 1)) throw new RangeError(`beta must be in (0, 1), got ${beta}`);
  if (!(frameSeconds > 0) || !Number.isFinite(frameSeconds))
    throw new RangeError(`frameSeconds must be finite and > 0, got ${frameSeconds}`);
  let criticalCounts = 1;
  for (let frames = 1; frames <= MAX_FRAMES; frames++) {
    const countSeconds = frames * frameSeconds;
    while (gammaP(criticalCounts, rate0Cps * countSeconds) > alpha) criticalCounts += 1;
    const achievedBeta = gammaQ(criticalCounts, rate1Cps * countSeconds);
    if (achievedBeta <= beta) {
      return {
        countSeconds,
        frames,
        criticalCounts,
        achievedAlpha: gammaP(criticalCounts, rate0Cps * countSeconds),
        achievedBeta,
      };
    }
  }
  throw new Error(`no fixed-time test within ${MAX_FRAMES} frames of ${frameSeconds} s`);
}
