// Tracer kinetic model: how the activity concentration in normal tissue (background) and in a lesion
// changes between injection and the end of the operation. Pure functions of time; the physical half-life
// is an argument (it comes from @openrgs/physics), everything biological comes from TracerKinetics.
//
// Model (documented in docs/planning.md §2):
//   body retention (biological)   R(t) = f·2^(−t/T_fast) + (1−f)·2^(−t/T_slow)
//   background concentration      C_B(t) = k · (A0 / M) · R(t) · D(t)           D(t) = 2^(−t/T_phys)
//   lesion uptake (biological)    g(t) = (1 − 2^(−t/T_up)) · 2^(−t/T_ret)
//   lesion concentration          C_L(t) = U · C_B(t_m)/D(t_m) · g(t)/g(t_m) · D(t)
// where U is the lesion-to-background concentration ratio measured on pre-op imaging at t_m hours
// after injection, k the background-to-body-average ratio and M the body mass (1 g ≙ 1 mL, soft tissue).
// Hence the tissue ratio T/B(t) = U · [g(t)/g(t_m)] · [R(t_m)/R(t)], independent of decay and activity.

export interface TracerKineticsValues {
  backgroundToBodyRatio: number;
  retentionFastFraction: number;
  retentionFastHalfLifeHours: number;
  retentionSlowHalfLifeHours: number;
  tumourUptakeHalfLifeHours: number;
  tumourRetentionHalfLifeHours: number;
}

const LN2 = Math.LN2;

/** 2^(−t/T) with T in the same unit as t; T = Infinity gives 1. */
function halvings(t: number, halfLife: number): number {
  return Math.exp((-LN2 * t) / halfLife);
}

/** Fraction of the injected activity still in the body (biological only, no decay), t in hours. */
export function bodyRetention(k: TracerKineticsValues, hours: number): number {
  const f = k.retentionFastFraction;
  return (
    f * halvings(hours, k.retentionFastHalfLifeHours) +
    (1 - f) * halvings(hours, k.retentionSlowHalfLifeHours)
  );
}

/** Lesion biological uptake curve g(t) (arbitrary scale, 0 at injection), t in hours. */
export function lesionUptake(k: TracerKineticsValues, hours: number): number {
  if (hours <= 0) return 0;
  return (1 - halvings(hours, k.tumourUptakeHalfLifeHours)) * halvings(hours, k.tumourRetentionHalfLifeHours);
}

/** Physical decay factor D(t) = 2^(−t/T½), t in hours. */
export function decayFactor(physicalHalfLifeHours: number, hours: number): number {
  return halvings(hours, physicalHalfLifeHours);
}

/**
 * Lesion-to-background tissue concentration ratio at `hours` after injection, given the ratio
 * `uptakeRatio` measured at `measuredAtHours` (both after injection of the same tracer).
 */
export function tissueRatioAt(
  k: TracerKineticsValues,
  uptakeRatio: number,
  measuredAtHours: number,
  hours: number,
): number {
  const gm = lesionUptake(k, measuredAtHours);
  if (gm <= 0) throw new Error(`uptake ratio measured at ${measuredAtHours} h: must be after injection`);
  return (
    uptakeRatio *
    (lesionUptake(k, hours) / gm) *
    (bodyRetention(k, measuredAtHours) / bodyRetention(k, hours))
  );
}

export interface ConcentrationInput {
  kinetics: TracerKineticsValues;
  physicalHalfLifeHours: number;
  injectedActivityMBq: number;
  bodyMassKg: number;
}

/** Background (normal soft tissue) activity concentration in kBq/mL at `hours` after injection. */
export function backgroundConcentrationKBqPerMl(input: ConcentrationInput, hours: number): number {
  const averageKBqPerMl = (input.injectedActivityMBq * 1000) / (input.bodyMassKg * 1000);
  return (
    input.kinetics.backgroundToBodyRatio *
    averageKBqPerMl *
    bodyRetention(input.kinetics, hours) *
    decayFactor(input.physicalHalfLifeHours, hours)
  );
}

/** Activity in the patient's body (MBq) at `hours` after injection: decay and excretion. */
export function bodyActivityMBq(input: ConcentrationInput, hours: number): number {
  return (
    input.injectedActivityMBq *
    bodyRetention(input.kinetics, hours) *
    decayFactor(input.physicalHalfLifeHours, hours)
  );
}
