import { gammaP, gammaQ, normalQuantile } from '@openrgs/numeric';
// The matched fixed-time test: the shortest whole number of frames and a critical count such that, by
// exact Poisson probabilities, normal tissue (rate0) reaches the critical count with probability <= alpha
// and tumour (rate1) stays below it with probability <= beta. The comparator for the sequential test.

export interface FixedTimeTest {
  countSeconds: number;
  frames: number;
  /** Positive when counts >= criticalCounts. */
  criticalCounts: number;
  achievedAlpha: number;
  achievedBeta: number;
}

/** P(X >= c) for X ~ Poisson(mean): the regularized lower incomplete gamma P(c, mean). */
export function poissonUpperTail(c: number, mean: number): number {
  if (c <= 0) return 1;
  return mean === 0 ? 0 : gammaP(c, mean);
}

/** P(X < c) for X ~ Poisson(mean) = Q(c, mean). */
export function poissonLowerTail(c: number, mean: number): number {
  if (c <= 0) return 0;
  return mean === 0 ? 1 : gammaQ(c, mean);
}

/** Smallest critical count c with P(X >= c | mean0) <= alpha. */
function criticalCount(mean0: number, alpha: number): number {
  let c = Math.max(1, Math.floor(mean0 + Math.sqrt(mean0)));
  while (c > 1 && poissonUpperTail(c - 1, mean0) <= alpha) c -= 1;
  while (poissonUpperTail(c, mean0) > alpha) c += 1;
  return c;
}

export function matchedFixedTimeTest(options: {
  rate0Cps: number;
  rate1Cps: number;
  alpha: number;
  beta: number;
  frameSeconds: number;
}): FixedTimeTest {
  const { rate0Cps, rate1Cps, alpha, beta, frameSeconds } = options;
  if (!(rate1Cps > rate0Cps && rate0Cps > 0)) throw new RangeError('need rate1 > rate0 > 0');
  if (!(frameSeconds > 0)) throw new RangeError(`frameSeconds must be > 0, got ${frameSeconds}`);
  const za = normalQuantile(1 - alpha);
  const zb = normalQuantile(1 - beta);
  const approx = ((za * Math.sqrt(rate0Cps) + zb * Math.sqrt(rate1Cps)) / (rate1Cps - rate0Cps)) ** 2;
  // Start at the normal approximation (usually within a few frames of the exact answer).
  let frames = Math.max(1, Math.floor(approx / frameSeconds));
  // Walk down while the previous length still works, then up until one works.
  const works = (n: number) => {
    const t = n * frameSeconds;
    const c = criticalCount(rate0Cps * t, alpha);
    return { ok: poissonLowerTail(c, rate1Cps * t) <= beta, c, t };
  };
  while (frames > 1 && works(frames - 1).ok) frames -= 1;
  for (let guard = 0; guard < 1_000_000; guard++, frames++) {
    const w = works(frames);
    if (w.ok) {
      return {
        countSeconds: w.t,
        frames,
        criticalCounts: w.c,
        achievedAlpha: poissonUpperTail(w.c, rate0Cps * w.t),
        achievedBeta: poissonLowerTail(w.c, rate1Cps * w.t),
      };
    }
  }
  throw new Error('no fixed-time test found');
}
