// What a scintillation probe sees of a nuclide's photopeak: the line smeared by the detector's energy
// resolution, plus photons scattered once in tissue before reaching it (the continuum an energy window
// rejects). Pure: the random source is an argument.
// Resolution: FWHM/E scales as 1/√E for a scintillator (photon statistics; Knoll, Radiation Detection and
// Measurement, 4th ed., §10.III.B), given at 662 keV. Published figures: NaI(Tl) about 7 % at 662 keV
// (Knoll, same section), CsI(Tl) on SiPM 7–9 %. So FWHM(E) = r₆₆₂ · √(662 keV · E).
// Scatter: a fraction of the detected photons scattered once through θ with cos θ uniform in [−1, 1]
// (a crude isotropic stand-in for the Klein–Nishina distribution; the shape of the continuum below the
// peak, not its detail, is what a window test needs): E' = E / (1 + (E/mₑc²)(1 − cos θ)).
import { comptonScatteredKeV } from '@openrgs/physics';

export interface SpectrumModel {
  /** Photopeak energies and their relative intensities (e.g. In-111: 171.28 and 245.35 keV). */
  lines: readonly { energyKeV: number; weight: number }[];
  /** Detector energy resolution, FWHM / E at 662 keV (0.07 for NaI(Tl)). */
  fwhmFractionAt662: number;
  /** Fraction of detected photons that scattered once before reaching the detector, 0..1. */
  scatterFraction: number;
}

export const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.log(2)));

export function fwhmKeV(energyKeV: number, fwhmFractionAt662: number): number {
  return fwhmFractionAt662 * Math.sqrt(662 * energyKeV);
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
  if (random() < model.scatterFraction) energy = comptonScatteredKeV(line, Math.acos(2 * random() - 1));
  const sigma = fwhmKeV(energy, model.fwhmFractionAt662) * FWHM_TO_SIGMA;
  return energy + sigma * gaussian(random);
}

/** Box–Muller standard normal. */
function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
