// Synthetic (noise-free) measurement profiles for the tests; noise is drawn with @openrgs/numeric's seeded
// generator and samplers, so every run sees the same numbers.

/** Gaussian response sampled at `x` for σ; `peak` counts at the centre `mu`. */
export function gaussianProfile(opts: {
  sigma: number;
  mu: number;
  peak: number;
  from: number;
  to: number;
  step: number;
  background?: number;
}): { x: number; counts: number }[] {
  const out: { x: number; counts: number }[] = [];
  const n = Math.round((opts.to - opts.from) / opts.step);
  for (let i = 0; i <= n; i++) {
    const x = opts.from + i * opts.step;
    const counts =
      opts.peak * Math.exp(-((x - opts.mu) ** 2) / (2 * opts.sigma ** 2)) + (opts.background ?? 0);
    out.push({ x, counts });
  }
  return out;
}

/** Two half-Gaussians joined at the peak: σ_left on the left, σ_right on the right. */
export function splitGaussianProfile(opts: {
  sigmaLeft: number;
  sigmaRight: number;
  mu: number;
  peak: number;
  from: number;
  to: number;
  step: number;
}): { x: number; counts: number }[] {
  const out: { x: number; counts: number }[] = [];
  const n = Math.round((opts.to - opts.from) / opts.step);
  for (let i = 0; i <= n; i++) {
    const x = opts.from + i * opts.step;
    const s = x < opts.mu ? opts.sigmaLeft : opts.sigmaRight;
    out.push({ x, counts: opts.peak * Math.exp(-((x - opts.mu) ** 2) / (2 * s * s)) });
  }
  return out;
}
