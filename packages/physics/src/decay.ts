// Radioactive decay of a single nuclide: A(t) = A0·exp(−λt), λ = ln 2 / T½ (no daughters, no
// ingrowth). Times are numbers: seconds, or epoch milliseconds for instants; the ISO-8601 parsing
// happens at the boundary (see time.ts). Inputs that are NaN/∞ or a non-positive half-life are a
// caller's bug and throw RangeError.
import { assertFinite, assertNonNegative, assertPositive } from './result.js';

const MS_PER_SECOND = 1000;
const SECONDS_PER_HOUR = 3600;

export function decayConstantPerSecond(halfLifeSeconds: number): number {
  assertPositive(halfLifeSeconds, 'halfLifeSeconds');
  return Math.LN2 / halfLifeSeconds;
}

/**
 * Fraction of the activity left after `elapsedSeconds`: exp(−λt) = 2^(−t/T½). A negative elapsed time
 * (going back in time) gives a factor above 1.
 */
export function decayFactor(halfLifeSeconds: number, elapsedSeconds: number): number {
  assertFinite(elapsedSeconds, 'elapsedSeconds');
  return Math.exp(-decayConstantPerSecond(halfLifeSeconds) * elapsedSeconds);
}

export interface ActivityAtOptions {
  halfLifeSeconds: number;
  /** Activity at the reference instant (MBq). */
  activityMBq: number;
  referenceEpochMs: number;
  /** Instant at which the activity is wanted (may be before the reference). */
  atEpochMs: number;
}

export interface ActivityAt {
  activityMBq: number;
  decayFactor: number;
  elapsedSeconds: number;
}

/** Activity at `atEpochMs` of a source that had `activityMBq` at `referenceEpochMs`. */
export function activityAt(options: ActivityAtOptions): ActivityAt {
  assertNonNegative(options.activityMBq, 'activityMBq');
  assertFinite(options.referenceEpochMs, 'referenceEpochMs');
  assertFinite(options.atEpochMs, 'atEpochMs');
  const elapsedSeconds = (options.atEpochMs - options.referenceEpochMs) / MS_PER_SECOND;
  const factor = decayFactor(options.halfLifeSeconds, elapsedSeconds);
  return { activityMBq: options.activityMBq * factor, decayFactor: factor, elapsedSeconds };
}

export interface DecayCorrectRateOptions {
  halfLifeSeconds: number;
  /** Net count rate as measured (counts per second). */
  rateCps: number;
  /** Start of the measurement. */
  measuredAtEpochMs: number;
  /** Instant the rate is corrected to (e.g. the injection time or a protocol reference time). */
  referenceEpochMs: number;
  /**
   * Length of the count (s). When given, the rate is also corrected for decay during the count: the
   * mean rate over [0, Δt] is R0·(1 − e^(−λΔt))/(λΔt), so R0 = R·λΔt/(1 − e^(−λΔt)) (standard
   * counting-statistics result, e.g. Knoll, Radiation Detection and Measurement, ch. 3).
   */
  countDurationSeconds?: number;
}

export interface DecayCorrectedRate {
  /** Rate the same source would have given at the reference instant (cps). */
  rateCps: number;
  /** Multiplier applied to the measured rate (> 1 when the reference is before the measurement). */
  correctionFactor: number;
  elapsedSeconds: number;
}

/** Decay-corrects a measured count rate to a reference instant: R_ref = R·exp(λ(t_meas − t_ref)). */
export function decayCorrectRate(options: DecayCorrectRateOptions): DecayCorrectedRate {
  assertFinite(options.rateCps, 'rateCps');
  assertFinite(options.measuredAtEpochMs, 'measuredAtEpochMs');
  assertFinite(options.referenceEpochMs, 'referenceEpochMs');
  const lambda = decayConstantPerSecond(options.halfLifeSeconds);
  const elapsedSeconds = (options.measuredAtEpochMs - options.referenceEpochMs) / MS_PER_SECOND;
  let correctionFactor = Math.exp(lambda * elapsedSeconds);
  if (options.countDurationSeconds !== undefined) {
    assertPositive(options.countDurationSeconds, 'countDurationSeconds');
    const x = lambda * options.countDurationSeconds;
    // x / (1 − e^−x), written with expm1 so it stays exact as x → 0 (factor → 1).
    correctionFactor *= x / -Math.expm1(-x);
  }
  return { rateCps: options.rateCps * correctionFactor, correctionFactor, elapsedSeconds };
}

export interface CumulatedActivityOptions {
  halfLifeSeconds: number;
  /** Activity at the reference instant (MBq). */
  activityMBq: number;
  referenceEpochMs: number;
  fromEpochMs: number;
  /** End of the interval; must not be before `fromEpochMs`. */
  toEpochMs: number;
}

export interface CumulatedActivity {
  /** ∫ A(t) dt over the interval, in MBq·s (= 10⁶ decays). */
  cumulatedActivityMBqSeconds: number;
  /** The same in MBq·h. */
  cumulatedActivityMBqHours: number;
  /** Number of decays in the interval. */
  decays: number;
}

/**
 * Cumulated activity over [from, to]: ∫ A(t) dt = A(from)·(1 − e^(−λΔt))/λ, physical decay only (no
 * biological clearance; MIRD's Ã for a non-excreting source).
 */
export function cumulatedActivity(options: CumulatedActivityOptions): CumulatedActivity {
  assertNonNegative(options.activityMBq, 'activityMBq');
  assertFinite(options.referenceEpochMs, 'referenceEpochMs');
  assertFinite(options.fromEpochMs, 'fromEpochMs');
  assertFinite(options.toEpochMs, 'toEpochMs');
  if (options.toEpochMs < options.fromEpochMs)
    throw new RangeError(`toEpochMs (${options.toEpochMs}) is before fromEpochMs (${options.fromEpochMs})`);
  const lambda = decayConstantPerSecond(options.halfLifeSeconds);
  const startMBq =
    options.activityMBq *
    Math.exp(-lambda * ((options.fromEpochMs - options.referenceEpochMs) / MS_PER_SECOND));
  const durationSeconds = (options.toEpochMs - options.fromEpochMs) / MS_PER_SECOND;
  const mbqSeconds = (startMBq * -Math.expm1(-lambda * durationSeconds)) / lambda;
  return {
    cumulatedActivityMBqSeconds: mbqSeconds,
    cumulatedActivityMBqHours: mbqSeconds / SECONDS_PER_HOUR,
    decays: mbqSeconds * 1e6,
  };
}

/** Cumulated activity from now to complete decay: A0/λ (MBq·s). */
export function totalCumulatedActivityMBqSeconds(halfLifeSeconds: number, activityMBq: number): number {
  assertNonNegative(activityMBq, 'activityMBq');
  return activityMBq / decayConstantPerSecond(halfLifeSeconds);
}
