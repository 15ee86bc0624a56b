// Width of a peaked response profile at a fraction of its maximum: FWHM (1/2) and FWTM (1/10).
// Used for spatial resolution (x in mm), angular resolution (x in degrees) and the photopeak of a
// spectrum (x in keV).
//
// Method (the convention of NEMA NU 1 and NU 2, which NU 3 probe evaluations borrow):
//  1. optionally subtract a background level (a constant, or the mean of the profile's outer samples);
//  2. the peak value is the vertex of the parabola through the maximum sample and its two neighbours
//     (so a peak that falls between samples is not under-estimated);
//  3. walking outwards from the peak on each side, the first pair of samples that brackets the level
//     gives the crossing by linear interpolation.
// Noise can make the profile rise above the level again further out; those re-crossings are counted
// and reported, never silently used. Left and right crossings are reported separately, so an
// asymmetric response (e.g. a collimator with an off-axis hole) is visible.
import { fail, ok, type QcResult } from './result.js';

export interface ProfileSample {
  /** Position of the sample (mm, degrees or keV: the caller's unit). */
  x: number;
  /** Counts (or a count rate: any quantity proportional to counts) at that position. */
  counts: number;
  /** 1-based line of the source file, for error messages. */
  line?: number;
}

export type ProfileBackground =
  | { kind: 'none' }
  /** Subtract a known level, in the same unit as `counts`. */
  | { kind: 'constant'; level: number }
  /** Subtract the mean of the `points` outermost samples on each side. */
  | { kind: 'edges'; points: number };

export interface ProfileOptions {
  background: ProfileBackground;
  /** How the peak value is found: `parabola` (default, NU 1/NU 2) or the largest sample. */
  peak?: 'parabola' | 'max-sample';
}

export interface LevelCrossings {
  /** The fraction of the peak, e.g. 0.5 for FWHM. */
  fraction: number;
  /** The level in the unit of `counts`, after background subtraction. */
  level: number;
  left: number;
  right: number;
  width: number;
  /** Distance from the peak position to the left and right crossings. */
  leftHalfWidth: number;
  rightHalfWidth: number;
  /** How often the profile rises above the level again beyond the first crossing, on each side. */
  leftRecrossings: number;
  rightRecrossings: number;
}

export interface ProfileWidths {
  peakX: number;
  /** Peak value above background. */
  peakCounts: number;
  peakMethod: 'parabola' | 'max-sample';
  backgroundLevel: number;
  sampleCount: number;
  fwhm: LevelCrossings;
  /** Null when the profile does not fall to a tenth of its peak inside the scan (see `warnings`). */
  fwtm: LevelCrossings | null;
  /** (right − left half width) / FWHM: 0 for a symmetric profile. */
  fwhmAsymmetry: number;
  warnings: string[];
}

const MIN_SAMPLES = 5;

function where(s: ProfileSample): string {
  return s.line === undefined ? `at x = ${s.x}` : `line ${s.line}`;
}

/** Vertex of the parabola through three points (any spacing); null if not a maximum. */
export function parabolaVertex(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): { x: number; y: number } | null {
  const denom = (x0 - x1) * (x0 - x2) * (x1 - x2);
  if (denom === 0) return null;
  const a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom;
  const b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom;
  const c = (x1 * x2 * (x1 - x2) * y0 + x2 * x0 * (x2 - x0) * y1 + x0 * x1 * (x0 - x1) * y2) / denom;
  if (!(a < 0)) return null;
  const x = -b / (2 * a);
  if (x < Math.min(x0, x2) || x > Math.max(x0, x2)) return null;
  return { x, y: c - (b * b) / (4 * a) };
}

function crossings(
  xs: readonly number[],
  ys: readonly number[],
  peakIndex: number,
  peakX: number,
  level: number,
  fraction: number,
): QcResult<LevelCrossings> {
  const pct = `${Math.round(fraction * 100)} %`;
  let left: number | undefined;
  let leftIndex = -1;
  for (let j = peakIndex; j > 0; j--) {
    const yHi = ys[j]!;
    const yLo = ys[j - 1]!;
    if (yHi >= level && yLo < level) {
      left = xs[j - 1]! + ((level - yLo) * (xs[j]! - xs[j - 1]!)) / (yHi - yLo);
      leftIndex = j - 1;
      break;
    }
  }
  let right: number | undefined;
  let rightIndex = -1;
  for (let j = peakIndex; j < xs.length - 1; j++) {
    const yHi = ys[j]!;
    const yLo = ys[j + 1]!;
    if (yHi >= level && yLo < level) {
      right = xs[j]! + ((yHi - level) * (xs[j + 1]! - xs[j]!)) / (yHi - yLo);
      rightIndex = j + 1;
      break;
    }
  }
  if (left === undefined)
    return fail(
      'crossing-not-found',
      `the profile does not fall below ${pct} of its peak on the left side (lowest x = ${xs[0]}); extend the scan`,
    );
  if (right === undefined)
    return fail(
      'crossing-not-found',
      `the profile does not fall below ${pct} of its peak on the right side (highest x = ${xs[xs.length - 1]}); extend the scan`,
    );
  let leftRecrossings = 0;
  for (let k = leftIndex; k > 0; k--) if (ys[k]! < level && ys[k - 1]! >= level) leftRecrossings++;
  let rightRecrossings = 0;
  for (let k = rightIndex; k < xs.length - 1; k++)
    if (ys[k]! < level && ys[k + 1]! >= level) rightRecrossings++;
  return ok({
    fraction,
    level,
    left,
    right,
    width: right - left,
    leftHalfWidth: peakX - left,
    rightHalfWidth: right - peakX,
    leftRecrossings,
    rightRecrossings,
  });
}

/** FWHM and FWTM of a sampled profile. Samples may come in any order; positions must differ. */
export function profileWidths(
  samples: readonly ProfileSample[],
  options: ProfileOptions,
): QcResult<ProfileWidths> {
  if (samples.length < MIN_SAMPLES)
    return fail('too-few-samples', `a profile needs at least ${MIN_SAMPLES} samples, got ${samples.length}`);
  for (const s of samples) {
    if (!Number.isFinite(s.x))
      return fail('bad-sample', `${where(s)}: position is not a finite number`, s.line);
    if (!Number.isFinite(s.counts) || s.counts < 0)
      return fail('bad-sample', `${where(s)}: counts ${s.counts} must be a finite number ≥ 0`, s.line);
  }
  const sorted = [...samples].sort((a, b) => a.x - b.x);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.x === sorted[i - 1]!.x)
      return fail(
        'duplicate-position',
        `${where(sorted[i]!)}: position ${sorted[i]!.x} appears twice (also ${where(sorted[i - 1]!)})`,
        sorted[i]!.line,
      );
  }
  const xs = sorted.map((s) => s.x);
  const raw = sorted.map((s) => s.counts);
  const warnings: string[] = [];

  let backgroundLevel = 0;
  const bg = options.background;
  if (bg.kind === 'constant') {
    if (!Number.isFinite(bg.level) || bg.level < 0)
      return fail('bad-background', `background level ${bg.level} must be a finite number ≥ 0`);
    backgroundLevel = bg.level;
  } else if (bg.kind === 'edges') {
    if (!Number.isInteger(bg.points) || bg.points < 1 || 2 * bg.points > xs.length - 3)
      return fail(
        'bad-background',
        `edge background needs 1 ≤ points and 2 × points ≤ samples − 3 (points ${bg.points}, samples ${xs.length})`,
      );
    const outer = [...raw.slice(0, bg.points), ...raw.slice(raw.length - bg.points)];
    backgroundLevel = outer.reduce((a, b) => a + b, 0) / outer.length;
  }
  const ys = raw.map((c) => c - backgroundLevel);

  // The maximum; on a flat top (several equal maxima) take the middle of the run.
  let peakIndex = 0;
  for (let i = 1; i < ys.length; i++) if (ys[i]! > ys[peakIndex]!) peakIndex = i;
  let runEnd = peakIndex;
  while (runEnd + 1 < ys.length && ys[runEnd + 1] === ys[peakIndex]) runEnd++;
  peakIndex = Math.floor((peakIndex + runEnd) / 2);
  const maxSample = ys[peakIndex]!;
  if (!(maxSample > 0))
    return fail('no-peak', `no counts above the background level ${backgroundLevel} anywhere in the profile`);
  if (peakIndex === 0 || peakIndex === ys.length - 1)
    return fail(
      'peak-at-edge',
      `the maximum is at the edge of the scan (x = ${xs[peakIndex]}); centre the scan on the source`,
    );

  let peakX = xs[peakIndex]!;
  let peakCounts = maxSample;
  let peakMethod: 'parabola' | 'max-sample' = 'max-sample';
  if ((options.peak ?? 'parabola') === 'parabola') {
    const v = parabolaVertex(
      xs[peakIndex - 1]!,
      ys[peakIndex - 1]!,
      peakX,
      maxSample,
      xs[peakIndex + 1]!,
      ys[peakIndex + 1]!,
    );
    if (v !== null) {
      peakX = v.x;
      peakCounts = v.y;
      peakMethod = 'parabola';
    } else {
      warnings.push('the top of the profile is flat; the largest sample is used as the peak value');
    }
  }

  const half = crossings(xs, ys, peakIndex, peakX, peakCounts / 2, 0.5);
  if (!half.ok) return half;
  const tenthResult = crossings(xs, ys, peakIndex, peakX, peakCounts / 10, 0.1);
  const tenth = tenthResult.ok ? tenthResult.value : null;
  if (!tenthResult.ok) warnings.push(`no FWTM: ${tenthResult.issues[0]?.message ?? 'crossing not found'}`);
  for (const c of tenth === null ? [half.value] : [half.value, tenth]) {
    const pct = `${Math.round(c.fraction * 100)} %`;
    if (c.leftRecrossings > 0 || c.rightRecrossings > 0)
      warnings.push(
        `the profile rises above the ${pct} level again beyond the first crossing (left ${c.leftRecrossings}×, right ${c.rightRecrossings}×): noise or a second source; the innermost crossings are used`,
      );
  }
  const spacing = (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1);
  if (half.value.width < 3 * spacing)
    warnings.push(
      `the FWHM spans fewer than 3 sample spacings (mean spacing ${spacing.toPrecision(3)}); sample more finely for an accurate width`,
    );
  return ok({
    peakX,
    peakCounts,
    peakMethod,
    backgroundLevel,
    sampleCount: xs.length,
    fwhm: half.value,
    fwtm: tenth,
    fwhmAsymmetry: (half.value.rightHalfWidth - half.value.leftHalfWidth) / half.value.width,
    warnings,
  });
}
