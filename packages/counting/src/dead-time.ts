// Dead-time correction of a measured count rate. Knoll, G.F., Radiation Detection and Measurement,
// 4th ed. (2010), §4.VII: non-paralysable n = m / (1 - m·τ); paralysable m = n·e^(-n·τ), solved for
// the true rate n on the branch n·τ < 1 (the physically meant one at the rates a probe sees):
// n = -W₀(-m·τ)/τ with W₀ the principal branch of the Lambert W function.
// Rates in counts per second, τ in seconds.
import { invalid, type Outcome } from '@openrgs/outcome';

export type DeadTimeModel = 'paralysable' | 'non-paralysable';

export interface DeadTime {
  model: DeadTimeModel;
  /** The detector's dead time per event, seconds (> 0). */
  deadTimeSeconds: number;
}

/** The true rate in cps, or one `invalid` issue with code `rate-beyond-dead-time-limit` (@openrgs/outcome). */
export type DeadTimeResult = Outcome<number>;

/** True rate from the measured rate. Fails (as a value) when the measured rate is impossible in the model. */
export function correctDeadTime(measuredRateCps: number, deadTime: DeadTime): DeadTimeResult {
  const m = measuredRateCps;
  const tau = deadTime.deadTimeSeconds;
  if (!(m >= 0) || !Number.isFinite(m)) throw new RangeError(`measured rate must be >= 0, got ${m}`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`dead time must be > 0 s, got ${tau}`);
  const x = m * tau;
  if (deadTime.model === 'non-paralysable') {
    if (x >= 1) {
      return invalid(
        'rate-beyond-dead-time-limit',
        `measured ${m} cps is at or above 1/τ = ${1 / tau} cps, impossible for a non-paralysable detector`,
      );
    }
    return { ok: true, value: m / (1 - x) };
  }
  if (x > Math.exp(-1)) {
    return invalid(
      'rate-beyond-dead-time-limit',
      `measured ${m} cps exceeds the paralysable maximum 1/(e·τ) = ${1 / (Math.E * tau)} cps`,
    );
  }
  return { ok: true, value: -lambertW0(-x) / tau };
}

/** Measured rate a detector shows for a true rate (the forward model). */
export function applyDeadTime(trueRateCps: number, deadTime: DeadTime): number {
  const n = trueRateCps;
  const tau = deadTime.deadTimeSeconds;
  if (deadTime.model === 'non-paralysable') return n / (1 + n * tau);
  return n * Math.exp(-n * tau);
}

/**
 * Principal branch W₀(z) for z in [-1/e, ∞): Halley iteration (Corless et al. 1996, Adv Comput Math
 * 5:329, eq. 5.9) from a branch-point series start near -1/e and ln-based start for large z.
 */
export function lambertW0(z: number): number {
  const branchPoint = -Math.exp(-1);
  if (z < branchPoint - 1e-15) throw new RangeError(`W0 needs z >= -1/e, got ${z}`);
  if (z === 0) return 0;
  let w: number;
  if (z < -0.25) {
    const p = Math.sqrt(Math.max(0, 2 * (Math.E * z + 1)));
    w = -1 + p - (p * p) / 3 + (11 / 72) * p * p * p;
  } else if (z < 3) {
    w = Math.log1p(z) * 0.8;
  } else {
    const l = Math.log(z);
    w = l - Math.log(l);
  }
  for (let i = 0; i < 50; i++) {
    const e = Math.exp(w);
    const f = w * e - z;
    if (f === 0) return w;
    const wp1 = w + 1;
    if (wp1 === 0) return w;
    const step = f / (e * wp1 - ((w + 2) * f) / (2 * wp1));
    w -= step;
    if (Math.abs(step) <= 1e-15 * (1 + Math.abs(w))) break;
  }
  return w;
}
