import { normalQuantile } from '@openrgs/numeric';
// Currie, L.A. (1968) "Limits for qualitative detection and quantitative determination", Anal. Chem.
// 40:586–593. Counts, not rates. With B the expected background counts in the counting time:
//   paired blank (background counted for the same time, σ₀ = √(2B)):  L_C = z(1-α)·√(2B)
//   well-known blank (σ₀ = √B):                                      L_C = z(1-α)·√B
//   L_D solves L_D = L_C + z(1-β)·√(L_D + σ₀²) (net signal L_D has variance L_D + σ₀²).
// For α = β = 5 % paired: L_C = 2.33√B and L_D ≈ 2.71 + 4.65√B (Currie 1968, Table I).

export type BlankKind = 'paired' | 'well-known';

export interface CurrieLimits {
  /** Critical level: net counts above which a signal is declared detected (false positive rate alpha). */
  criticalCounts: number;
  /** Detection limit: net counts detected with probability 1 - beta. */
  detectionLimitCounts: number;
}

export function currieLimits(options: {
  backgroundCounts: number;
  alpha: number;
  beta: number;
  blank: BlankKind;
}): CurrieLimits {
  const { backgroundCounts: b, alpha, beta, blank } = options;
  if (!(b >= 0)) throw new RangeError(`background counts must be >= 0, got ${b}`);
  const za = normalQuantile(1 - alpha);
  const zb = normalQuantile(1 - beta);
  const variance0 = blank === 'paired' ? 2 * b : b;
  const criticalCounts = za * Math.sqrt(variance0);
  // u = L_D - L_C solves u² = z_β²·(u + L_C + σ₀²).
  const zb2 = zb * zb;
  const u = (zb2 + Math.sqrt(zb2 * zb2 + 4 * zb2 * (criticalCounts + variance0))) / 2;
  return { criticalCounts, detectionLimitCounts: criticalCounts + u };
}

/**
 * Counting time for which a target at `ratio` times the background rate reaches Currie's detection limit:
 * (ratio - 1)·b·t = L_D(b·t). Solved by bisection (the net signal grows faster than L_D).
 * Research notes §5.3 tabulate the paired 95 %/95 % times (e.g. b = 100 cps, ratio 1.5 → 0.97 s).
 */
export function currieCountSeconds(options: {
  backgroundCps: number;
  ratio: number;
  alpha: number;
  beta: number;
  blank: BlankKind;
}): number {
  const { backgroundCps, ratio, alpha, beta, blank } = options;
  if (!(backgroundCps > 0)) throw new RangeError(`background must be > 0 cps, got ${backgroundCps}`);
  if (!(ratio > 1)) throw new RangeError(`ratio must be > 1, got ${ratio}`);
  const excess = (t: number) =>
    (ratio - 1) * backgroundCps * t -
    currieLimits({ backgroundCounts: backgroundCps * t, alpha, beta, blank }).detectionLimitCounts;
  let lo = 0;
  let hi = 1;
  while (excess(hi) < 0) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (excess(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}
