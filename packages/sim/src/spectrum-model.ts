// What a scintillation spectrometer (the Open Gamma Detector: NaI(Tl) + SiPM) records of a nuclide: pulse
// heights. Pure: the random source is an argument. Each detected photon is, in order:
//
// 1. A line of the nuclide, picked by photons per decay (physics package, LNHB/DDEP nuclide data:
//    Tc-99m 140.511 keV; In-111 171.28 and 245.35 keV; Ga-68 511 keV annihilation and 1077 keV).
// 2. Scattered once in tissue before reaching the detector with probability `scatterFraction` (an input:
//    how much scatter reaches the probe depends on depth and geometry). The angle follows the
//    Klein–Nishina distribution (sampled by Kahn's method, scatter.ts), i.e. forward-peaked, and the photon
//    keeps E′ = E / (1 + (E/mₑc²)(1 − cos θ)). Assumed: one scatter, no angular selection by the probe.
// 3. Absorbed in the crystal in one interaction (stated simplification): photoelectric with probability
//    τ/μ of the crystal material at E′ (NIST XAAMDI total, Compton part by Klein–Nishina × electron
//    density, physics-adapter.ts) → the full energy; otherwise one Compton scatter whose photon escapes →
//    the recoil electron's energy, Klein–Nishina distributed between 0 and the Compton edge (the
//    continuum below the edge, Knoll, Radiation Detection and Measurement, 4th ed., §10.I.B, Fig. 10.4).
//    Real crystals put multiply-scattered photons back into the peak, so this continuum is an upper bound
//    (for NaI at 140 keV τ/μ ≈ 0.8; at 511 keV ≈ 0.24, well below a 2″ crystal's peak-to-total).
// 4. Smeared by the energy resolution: Gaussian, FWHM/E scaling as 1/√E (photon statistics; Knoll §10.III.B),
//    from the figure at 662 keV: FWHM(E) = r₆₆₂ · √(662 keV · E). The Open Gamma Detector's README states
//    "Energy resolution of ~8% @ 662 keV possible" (OpenGammaProject/Open-Gamma-Detector README.md line 35,
//    hardware revision 4.0) for NaI(Tl) + MicroFC SiPM: OGD_FWHM_AT_662.
import { physics } from './physics-adapter.js';
import { sampleKleinNishinaRatio } from './scatter.js';
import type { SimMaterial } from './sim-physics.js';

/** Open Gamma Detector, NaI(Tl) + SiPM: FWHM/E at 662 keV (its README.md line 35, "~8% @ 662 keV"). */
export const OGD_FWHM_AT_662 = 0.08;

export interface SpectrumLine {
  energyKeV: number;
  /** Relative intensity (photons per decay). */
  weight: number;
}

export interface SpectrumModel {
  /** Photopeak energies and their relative intensities (e.g. In-111: 171.28 and 245.35 keV). */
  lines: readonly SpectrumLine[];
  /** Detector energy resolution, FWHM / E at 662 keV (0.08 for the Open Gamma Detector). */
  fwhmFractionAt662: number;
  /** Fraction of detected photons that scattered once in tissue before reaching the detector, 0..1. */
  scatterFraction: number;
  /**
   * Crystal material for the in-crystal Compton continuum (step 3). Absent: every photon deposits its
   * full energy (a perfect absorber, to look at the tissue scatter alone).
   */
  crystal?: SimMaterial;
}

export const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));

export function fwhmKeV(energyKeV: number, fwhmFractionAt662: number): number {
  return fwhmFractionAt662 * Math.sqrt(662 * energyKeV);
}

/**
 * The lines a spectrometer sees of `nuclide`: gamma and annihilation photons of at least `minEnergyKeV`
 * (default 50: X-rays are below the OGD's ~30 keV threshold or the window) and `minYieldPerDecay`
 * (default 0.01), from the physics package. Throws for an unknown nuclide or one without such lines.
 */
export function spectrumLinesOf(
  nuclide: string,
  options: { minEnergyKeV?: number; minYieldPerDecay?: number } = {},
): SpectrumLine[] {
  const minEnergy = options.minEnergyKeV ?? 50;
  const minYield = options.minYieldPerDecay ?? 0.01;
  const lines = physics
    .photonLines(nuclide)
    .filter((l) => l.energyKeV >= minEnergy && l.photonsPerDecay >= minYield)
    .map((l) => ({ energyKeV: l.energyKeV, weight: l.photonsPerDecay }))
    .sort((a, b) => a.energyKeV - b.energyKeV);
  if (lines.length === 0)
    throw new Error(`${nuclide} has no gamma line ≥ ${minEnergy} keV with ≥ ${minYield} photons per decay`);
  return lines;
}

/** Probability that a photon of `energyKeV` interacting in `crystal` is absorbed photoelectrically (τ/μ). */
export function photoelectricFraction(crystal: SimMaterial, energyKeV: number): number {
  const parts = physics.attenuation(crystal, energyKeV);
  return parts.photoelectricPerCm / parts.totalPerCm;
}

/** One detected energy, keV (may be ≤ 0 for noise near zero; the caller's ADC clamps). */
export function sampleDetectedEnergyKeV(model: SpectrumModel, random: () => number): number {
  const totalWeight = model.lines.reduce((s, l) => s + l.weight, 0);
  let pick = random() * totalWeight;
  let line = model.lines[0]?.energyKeV ?? 0;
  for (const l of model.lines) {
    pick -= l.weight;
    line = l.energyKeV;
    if (pick <= 0) break;
  }
  let energy = line;
  if (random() < model.scatterFraction) energy /= sampleKleinNishinaRatio(energy, random);
  let deposited = energy;
  if (model.crystal !== undefined && random() >= photoelectricFraction(model.crystal, energy))
    deposited = energy - energy / sampleKleinNishinaRatio(energy, random);
  const sigma = fwhmKeV(deposited, model.fwhmFractionAt662) * FWHM_TO_SIGMA;
  return deposited + sigma * gaussian(random);
}

/** Box–Muller standard normal. */
function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
