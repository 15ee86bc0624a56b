// Energy windows for a spectroscopic probe: one window per principal photopeak of a nuclide, and the
// kinematics of Compton scattering that says what a window keeps out.
// Windows: symmetric, a given percentage of the photopeak energy wide (a "20 % window" at 140.5 keV is
// 126.5–154.6 keV), the usual way gamma cameras and spectroscopic probes set them. Lines come from the
// nuclide data (LNHB/DDEP, nuclides.json): gamma and annihilation photons above a yield threshold.
// Compton kinematics (any text, e.g. Knoll, Radiation Detection and Measurement, 4th ed., §10.I.B):
//   E' = E / (1 + (E / mₑc²)(1 − cos θ)),  mₑc² = 510.999 keV (CODATA 2018: 0.51099895 MeV).
import { findNuclide, selectEmissions } from './nuclides.js';
import { failure, type PhysicsResult, success } from './result.js';

export const ELECTRON_REST_ENERGY_KEV = 510.99895;

export interface EnergyWindow {
  /** The photopeak the window is centred on, keV. */
  lineKeV: number;
  lowKeV: number;
  highKeV: number;
}

export interface PhotopeakWindowOptions {
  /** Full window width as a percentage of the line energy (e.g. 20 → ±10 %). No default. */
  widthPercent: number;
  /** Lines below this yield per decay get no window (default 0.05: In-111's two lines, not Ga-68's 1077 keV). */
  minYieldPerDecay?: number;
  /** Lines below this energy get no window (X-rays), keV (default 50). */
  minEnergyKeV?: number;
}

/** The windows, ascending in energy, or the one issue why not: `invalid_window` (width), `unknown_nuclide`, `no_photopeak`. */
export type WindowResult = PhysicsResult<EnergyWindow[]>;

/** One window per principal photopeak of `nuclideName`, ascending in energy. */
export function photopeakWindows(nuclideName: string, options: PhotopeakWindowOptions): WindowResult {
  const { widthPercent } = options;
  if (!(Number.isFinite(widthPercent) && widthPercent > 0 && widthPercent < 100))
    return failure('invalid_window', `window width ${widthPercent} % is not within (0, 100)`);
  const found = findNuclide(nuclideName);
  if (!found.ok) return found;
  const nuclide = found.value;
  // Ascending without a sort: a nuclide's emissions are sorted by energy (nuclides.ts, checked in its tests).
  const lines = selectEmissions(nuclide, {
    types: ['gamma', 'annihilation'],
    minYieldPerDecay: options.minYieldPerDecay ?? 0.05,
    minEnergyKeV: options.minEnergyKeV ?? 50,
  }).map((e) => e.energyKeV);
  if (lines.length === 0) return failure('no_photopeak', `${nuclideName} has no photopeak to window`);
  const half = widthPercent / 200;
  return success(
    lines.map((lineKeV) => ({ lineKeV, lowKeV: lineKeV * (1 - half), highKeV: lineKeV * (1 + half) })),
  );
}

/** Energy of a photon of `energyKeV` after Compton scattering through `angleRad`, keV. */
export function comptonScatteredKeV(energyKeV: number, angleRad: number): number {
  return energyKeV / (1 + (energyKeV / ELECTRON_REST_ENERGY_KEV) * (1 - Math.cos(angleRad)));
}

/** Compton edge: the largest energy a single scatter leaves in the detector (θ = 180°), keV. */
export function comptonEdgeKeV(energyKeV: number): number {
  return energyKeV - comptonScatteredKeV(energyKeV, Math.PI);
}
