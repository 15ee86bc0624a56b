// Dose-rate constants of a bare point source in vacuum, computed from the LNHB photon lines:
//
// • ambient dose equivalent rate constant Γ_H*(10) (µSv·m²/(MBq·h)):
//     Ḣ*(10) at 1 m per MBq = Σᵢ yᵢ · (H*(10)/Φ)(Eᵢ) · 10⁶ s⁻¹ / (4π (100 cm)²) · 3600 s/h · 10⁻⁶ µSv/pSv
//   with H*(10)/Φ from ICRP Publication 74, Table A.21 (pSv·cm², 10 keV – 10 MeV, log-log interpolated);
// • air-kerma rate constant Γ_δ (µGy·m²/(MBq·h)):
//     K̇air at 1 m per MBq = Σᵢ yᵢ · Eᵢ · (μen/ρ)air(Eᵢ) · 10⁶ s⁻¹ / (4π m²)  (Eᵢ in J, μen/ρ in m²/kg)
//   with μen/ρ of dry air from NIST XAAMDI (attenuation.json).
// Only lines with Eᵢ ≥ δ = 10 keV count (the lowest energy of the ICRP 74 table; lower-energy photons
// are stopped in the first millimetres of tissue or air). No air attenuation, no scatter, no patient
// self-attenuation: a patient gives less. Cross-check in the tests: Tc-99m and In-111 air-kerma
// constants against the FDA-label exposure-rate constants (research-notes §4.3).
import icrp74 from '../data/icrp74-h10.json' with { type: 'json' };
import { attenuationAt } from './attenuation.js';
import { interpolateLogLog } from './interpolate.js';
import { findNuclide, type Nuclide } from './nuclides.js';
import { assertNonNegative, assertPositive, failure, type PhysicsResult, success, unwrap } from './result.js';

const JOULE_PER_KEV = 1.602176634e-16;
const SECONDS_PER_HOUR = 3600;
/** Photons per second per unit yield from 1 MBq, through 1 cm² at 1 m: 10⁶ / (4π·100²). */
const FLUENCE_RATE_PER_CM2_AT_1M_PER_MBQ = 1e6 / (4 * Math.PI * 100 * 100);
/** The same per m² at 1 m. */
const FLUENCE_RATE_PER_M2_AT_1M_PER_MBQ = 1e6 / (4 * Math.PI);

/** Lowest photon energy that counts (keV): the start of the ICRP 74 table. */
export const DOSE_RATE_ENERGY_CUTOFF_KEV = 10;

const H10_ENERGIES_KEV = icrp74.table.map((r) => r[0] as number);
const H10_PSV_CM2 = icrp74.table.map((r) => r[1] as number);

export const DOSE_RATE_SOURCE =
  'Computed: LNHB/DDEP photon lines (yield ≥ 0.1 %, E ≥ 10 keV) × ICRP 74 Table A.21 H*(10)/Φ, bare point source in vacuum, inverse square';
export const AIR_KERMA_RATE_SOURCE =
  'Computed: LNHB/DDEP photon lines (yield ≥ 0.1 %, E ≥ 10 keV) × NIST XAAMDI μen/ρ of dry air, bare point source in vacuum';

/** ICRP 74 H*(10)/Φ (pSv·cm²) at `energyKeV`, or undefined outside 10 keV – 10 MeV. */
export function ambientDoseEquivalentPerFluencePSvCm2(energyKeV: number): number | undefined {
  return interpolateLogLog(H10_ENERGIES_KEV, H10_PSV_CM2, energyKeV);
}

export interface DoseRateConstant {
  nuclide: string;
  /** Γ for H*(10): µSv/h at 1 m from 1 MBq (= µSv·m²/(MBq·h)). */
  ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m: number;
  /** Γδ for air kerma: µGy/h at 1 m from 1 MBq (= µGy·m²/(MBq·h)). */
  airKermaRateMicroGyPerHourPerMBqAt1m: number;
  energyCutoffKeV: number;
  /** Lines that contributed (E ≥ cut-off). */
  linesUsed: number;
  quantity: string;
  /** Where Γ_H*(10) comes from (DOSE_RATE_SOURCE). */
  source: string;
  /** Where Γδ comes from (AIR_KERMA_RATE_SOURCE). */
  airKermaSource: string;
}

function computeConstant(nuclide: Nuclide): PhysicsResult<DoseRateConstant> {
  let h10PSvCm2PerDecay = 0;
  let kermaJCm2PerGPerDecay = 0;
  let linesUsed = 0;
  for (const e of nuclide.emissions) {
    if (e.energyKeV < DOSE_RATE_ENERGY_CUTOFF_KEV) continue;
    const h = ambientDoseEquivalentPerFluencePSvCm2(e.energyKeV);
    const air = attenuationAt('air', e.energyKeV);
    if (h === undefined || !air.ok)
      return failure(
        'no_dose_rate_constant',
        `${nuclide.name} has a line at ${e.energyKeV} keV, outside the ICRP 74 and NIST tables (10 keV – 10 MeV)`,
      );
    h10PSvCm2PerDecay += e.yieldPerDecay * h;
    kermaJCm2PerGPerDecay +=
      e.yieldPerDecay * e.energyKeV * JOULE_PER_KEV * air.value.massEnergyAbsorptionCm2PerG;
    linesUsed++;
  }
  if (linesUsed === 0)
    return failure('no_dose_rate_constant', `${nuclide.name} has no photon line at or above 10 keV`);
  // pSv/s → µSv/h: × 3600 × 10⁻⁶.
  const h10 = h10PSvCm2PerDecay * FLUENCE_RATE_PER_CM2_AT_1M_PER_MBQ * SECONDS_PER_HOUR * 1e-6;
  // μen/ρ cm²/g → m²/kg is × 0.1; Gy/s → µGy/h is × 3600 × 10⁶.
  const kerma = kermaJCm2PerGPerDecay * 0.1 * FLUENCE_RATE_PER_M2_AT_1M_PER_MBQ * SECONDS_PER_HOUR * 1e6;
  return success({
    nuclide: nuclide.name,
    ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m: h10,
    airKermaRateMicroGyPerHourPerMBqAt1m: kerma,
    energyCutoffKeV: DOSE_RATE_ENERGY_CUTOFF_KEV,
    linesUsed,
    quantity:
      'ambient dose equivalent rate H*(10) (µSv/h) and air kerma rate (µGy/h) at 1 m from 1 MBq, bare point source in vacuum',
    source: DOSE_RATE_SOURCE,
    airKermaSource: AIR_KERMA_RATE_SOURCE,
  });
}

// Keyed by the nuclide object, not its name: a caller's own Nuclide that shares a name with a table
// entry must not get the table entry's constant (or leave its own behind for the next caller).
const CONSTANTS = new WeakMap<Nuclide, PhysicsResult<DoseRateConstant>>();

/** Γ_H*(10) and Γδ of `nuclide` (a table name or a Nuclide object), computed once per nuclide. */
export function doseRateConstant(nuclide: Nuclide | string): PhysicsResult<DoseRateConstant> {
  let n: Nuclide;
  if (typeof nuclide === 'string') {
    const found = findNuclide(nuclide);
    if (!found.ok) return found;
    n = found.value;
  } else {
    n = nuclide;
  }
  let c = CONSTANTS.get(n);
  if (!c) {
    c = computeConstant(n);
    CONSTANTS.set(n, c);
  }
  return c;
}

export interface DoseRateOptions {
  nuclide: Nuclide | string;
  activityMBq: number;
  /** Distance from the point source (m), > 0. */
  distanceM: number;
}

export interface DoseRate {
  nuclide: string;
  activityMBq: number;
  distanceM: number;
  /** Ḣ*(10) (µSv/h) = Γ_H*(10) · A / d². */
  doseRateMicroSvPerHour: number;
  /** Air kerma rate (µGy/h) = Γδ · A / d². */
  airKermaRateMicroGyPerHour: number;
  constant: DoseRateConstant;
  source: string;
}

/** Dose rate at `distanceM` from a bare point source (inverse square, no attenuation). */
export function doseRateAt(options: DoseRateOptions): PhysicsResult<DoseRate> {
  assertNonNegative(options.activityMBq, 'activityMBq');
  assertPositive(options.distanceM, 'distanceM');
  const c = doseRateConstant(options.nuclide);
  if (!c.ok) return c;
  const perSquareMetre = options.activityMBq / (options.distanceM * options.distanceM);
  return success({
    nuclide: c.value.nuclide,
    activityMBq: options.activityMBq,
    distanceM: options.distanceM,
    doseRateMicroSvPerHour: c.value.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m * perSquareMetre,
    airKermaRateMicroGyPerHour: c.value.airKermaRateMicroGyPerHourPerMBqAt1m * perSquareMetre,
    constant: c.value,
    source: c.value.source,
  });
}

/** Throwing variant of doseRateAt. */
export function getDoseRate(options: DoseRateOptions): DoseRate {
  return unwrap(doseRateAt(options));
}
