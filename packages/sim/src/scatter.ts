// Scattered photons that still fall in the energy window, as a linear build-up factor.
//
// Model (stated assumption, checked against this package's own Monte Carlo in monte-carlo.test.ts):
//   B(μL) = 1 + f_w · μL,   f_w = (μ_incoh · F_KN(θ_max) + μ_coh) / μ_total
// where L is the tissue path, μ the total linear attenuation coefficient of the tissue, θ_max the largest
// Compton angle whose scattered photon keeps an energy ≥ the window's lower threshold
// (E' = E / (1 + (E/m_e c²)(1 − cos θ)), Compton 1923), and F_KN(θ_max) the fraction of the Klein–Nishina
// cross-section (Klein & Nishina 1929) scattered into angles below θ_max. Coherent scattering keeps the
// energy and is counted as in-window. In the straight-ahead approximation photons scattered through small
// angles keep travelling towards the probe, so each unit of path "returns" f_w·μ of the removed flux:
// the first-order (linear) build-up form (Attix, Introduction to Radiological Physics and Radiation
// Dosimetry, §3; Berger form with D = 0). Multiple scatter and the collimator's rejection of obliquely
// arriving scatter are not modelled separately; the Monte Carlo comparison says how far this holds.

export const ELECTRON_REST_ENERGY_KEV = 510.99895; // CODATA 2018 m_e c²

/** Energy of a photon of energy E after Compton scattering through angle θ (cos θ given), keV. */
export function comptonScatteredEnergyKeV(energyKeV: number, cosTheta: number): number {
  return energyKeV / (1 + (energyKeV / ELECTRON_REST_ENERGY_KEV) * (1 - cosTheta));
}

/** Klein–Nishina differential cross-section per unit solid angle, up to the constant r_e²/2. */
export function kleinNishinaShape(energyKeV: number, cosTheta: number): number {
  const p = 1 / (1 + (energyKeV / ELECTRON_REST_ENERGY_KEV) * (1 - cosTheta));
  const sin2 = 1 - cosTheta * cosTheta;
  return p * p * (p + 1 / p - sin2);
}

/** Fraction of the Klein–Nishina cross-section scattered into θ < θ_max (given as cos θ_max). */
export function kleinNishinaFractionBelow(energyKeV: number, cosThetaMax: number): number {
  // Simpson's rule in cos θ over [−1, 1]; the integrand is smooth, 2000 intervals give < 1e-10.
  const n = 2000;
  const integrate = (lo: number, hi: number): number => {
    if (hi <= lo) return 0;
    const h = (hi - lo) / n;
    let s = kleinNishinaShape(energyKeV, lo) + kleinNishinaShape(energyKeV, hi);
    for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * kleinNishinaShape(energyKeV, lo + i * h);
    return (s * h) / 3;
  };
  const total = integrate(-1, 1);
  return integrate(Math.max(-1, Math.min(1, cosThetaMax)), 1) / total;
}

/** cos θ_max: the widest Compton angle that leaves the photon at or above `lowerKeV`. */
export function cosThetaMaxForThreshold(energyKeV: number, lowerKeV: number): number {
  if (lowerKeV >= energyKeV) return 1;
  const cos = 1 - (ELECTRON_REST_ENERGY_KEV * (energyKeV / lowerKeV - 1)) / energyKeV;
  return Math.max(-1, cos);
}

export interface ScatterInputs {
  energyKeV: number;
  windowLowerKeV: number;
  incoherentPerCm: number;
  coherentPerCm: number;
  totalPerCm: number;
}

/** The in-window build-up slope f_w (dimensionless, 0..1). */
export function inWindowScatterFraction(s: ScatterInputs): number {
  const cosMax = cosThetaMaxForThreshold(s.energyKeV, s.windowLowerKeV);
  const compton = cosMax >= 1 ? 0 : kleinNishinaFractionBelow(s.energyKeV, cosMax);
  return (s.incoherentPerCm * compton + s.coherentPerCm) / s.totalPerCm;
}

/**
 * One Compton scatter sampled from the Klein–Nishina distribution by Kahn's rejection method (Kahn 1956;
 * as in Lux & Koblinger, Monte Carlo Particle Transport Methods, 1991): returns E/E′ (≥ 1).
 * The scattered photon keeps E′ = E/ratio; the recoil electron gets E − E′.
 */
export function sampleKleinNishinaRatio(energyKeV: number, nextFloat: () => number): number {
  const alpha = energyKeV / ELECTRON_REST_ENERGY_KEV;
  for (;;) {
    const r1 = nextFloat();
    const r2 = nextFloat();
    const r3 = nextFloat();
    if (r1 <= (1 + 2 * alpha) / (9 + 2 * alpha)) {
      const x = 1 + 2 * alpha * r2;
      if (r3 <= 4 * (1 / x - 1 / (x * x))) return x;
    } else {
      const x = (1 + 2 * alpha) / (1 + 2 * alpha * r2);
      const c = 1 - (x - 1) / alpha;
      if (r3 <= 0.5 * (c * c + 1 / x)) return x;
    }
  }
}
