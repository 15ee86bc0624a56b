// Decay factor 2^(−t/T½) = exp(−ln 2 · t / T½); t and T½ in seconds.
// Kept as one seam so the QC package uses the same decay law as @openrgs/physics.
export function decayFactorFor(elapsedSeconds: number, halfLifeSeconds: number): number {
  return Math.exp((-Math.LN2 * elapsedSeconds) / halfLifeSeconds);
}
