// Synthetic measurement sets for the tests: seeded, so every run sees the same numbers.

/** mulberry32: a small seeded uniform generator on [0, 1) (public-domain algorithm by T. Ettinger). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact Poisson draw: number of unit-rate exponential arrivals before `mean` (O(mean), fine for tests). */
export function poisson(mean: number, uniform: () => number): number {
  let t = 0;
  let n = 0;
  for (;;) {
    t += -Math.log(1 - uniform());
    if (t > mean) return n;
    n++;
  }
}

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
