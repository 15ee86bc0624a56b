// The recommended injection-to-surgery window, from detectability (issue 12 point 4).
//
// Figure of merit: the probability of a correct verdict — the counting engine calling the lesion positive
// within the counting budget — for the lesions the team expects to find, under the whole model the engine
// works with (verdict-model.ts: contrast over time from the kinetics, the between-site spread of normal
// tissue, the background sites counted, the engine's own decision rule). For the plan it is the mean of
// that probability over the detectable lesions, i.e. the expected share of them that get a correct verdict.
//
//   - A lesion is undetectable when its probability stays below DETECTABLE_FLOOR at every time up to the
//     horizon: it is reported as such (with its best probability and when) and does not set the window —
//     no timing finds it, so it must not drag the window towards the least bad of hopeless times.
//   - The window is the stretch of time around the optimum where the figure of merit stays within
//     WINDOW_TOLERANCE (absolute) of its maximum. Its edges are found on a grid and refined by bisection.
//   - The optimum is the time of the maximum; where the figure of merit is flat at its maximum (within
//     0.001, e.g. every detectable lesion found with certainty), the middle of that flat stretch.
//
// Activity matters: more activity means more counts within the budget, and the probe's own background
// (and dead time) weigh less against the tissue's counts, so the contrast the engine sees rises too.
import { curriePairedSeconds } from './detection.js';
import type { LesionModel, PlanModel } from './plan.js';

/** Below this probability of a correct verdict at every time, a lesion is undetectable in this plan. */
export const DETECTABLE_FLOOR = 0.5;
/** The window keeps the figure of merit within this (absolute) of its maximum. */
export const WINDOW_TOLERANCE = 0.05;
/** Where the figure of merit is flat within this at its maximum, the optimum is the flat stretch's middle. */
const FLAT = 0.001;
/**
 * Grid points up to the horizon. Each point costs the operating-room model for every lesion
 * (verdict-model.ts, tens of ms), so the grid is coarser than the plotted curves (plan.ts
 * TIME_CURVE_POINTS, which read the probability off this grid); the window's edges are refined by bisection.
 */
export const WINDOW_GRID_POINTS = 40;
/** Bisection steps refining each edge: 8 halve a grid step of the nominal window to 1/256 of it. */
const BISECTIONS = 8;

export interface UndetectableLesion {
  label: string;
  /** Best probability of a correct verdict over time, and when (h after injection). */
  bestProbability: number;
  bestAtHours: number;
  reason: string;
}

export interface LesionCurve {
  label: string;
  hours: number[];
  probability: number[];
  bestProbability: number;
  bestAtHours: number;
  detectable: boolean;
}

export type WindowRecommendation =
  | {
      ok: true;
      fromHours: number;
      toHours: number;
      optimumHours: number;
      /** Currie paired counting time at the optimum for the basis lesion (s), for reference. */
      optimumCountSeconds: number;
      /** The limiting detectable lesion: the lowest probability of a correct verdict at the optimum. */
      basisLesion: string;
      criterion: string;
      figureOfMerit: 'correct-verdict-probability';
      /** Figure of merit at the optimum (mean probability of a correct verdict over the basis lesions). */
      optimumProbability: number;
      /** Figure of merit at the window's edges (≥ optimumProbability − tolerance). */
      edgeProbability: number;
      tolerance: number;
      detectableFloor: number;
      /** The detectable lesions the window rests on. */
      basisLesions: string[];
      undetectableLesions: UndetectableLesion[];
    }
  | { ok: false; reason: string; undetectableLesions: UndetectableLesion[] };

export interface WindowEvaluation {
  window: WindowRecommendation;
  curves: LesionCurve[];
}

function fmt(p: number): string {
  return `${(100 * p).toFixed(p >= 0.995 || p < 0.005 ? 1 : 0)} %`;
}

export function evaluateWindow(
  model: PlanModel,
  lesions: readonly LesionModel[],
  horizonHours: number,
  gridPoints = WINDOW_GRID_POINTS,
  bisections = BISECTIONS,
): WindowEvaluation {
  const hours: number[] = [];
  for (let i = 1; i <= gridPoints; i++) hours.push((horizonHours * i) / gridPoints);
  const curves: LesionCurve[] = lesions.map((lesion) => {
    const probability = hours.map((h) => model.verdictAt(lesion, h).positive);
    let bestIndex = 0;
    probability.forEach((p, i) => {
      if (p > (probability[bestIndex] ?? 0)) bestIndex = i;
    });
    const bestProbability = probability[bestIndex] ?? 0;
    return {
      label: lesion.lesion.label,
      hours,
      probability,
      bestProbability,
      bestAtHours: hours[bestIndex] ?? 0,
      detectable: bestProbability >= DETECTABLE_FLOOR,
    };
  });
  const rule = model.verdictRule;
  const undetectableLesions: UndetectableLesion[] = curves
    .filter((c) => !c.detectable)
    .map((c) => ({
      label: c.label,
      bestProbability: c.bestProbability,
      bestAtHours: c.bestAtHours,
      reason: `at best ${fmt(c.bestProbability)} probability of a positive verdict within ${rule.countSeconds} s (at ${c.bestAtHours.toFixed(1)} h), below the ${fmt(DETECTABLE_FLOOR)} floor at every time up to ${horizonHours.toFixed(0)} h: no injection time makes it detectable, so it does not set the window`,
    }));
  const basis = lesions.filter((_, i) => curves[i]?.detectable);
  const basisCurves = curves.filter((c) => c.detectable);
  if (basis.length === 0) {
    return {
      curves,
      window: {
        ok: false,
        reason: `no expected lesion reaches a ${fmt(DETECTABLE_FLOOR)} probability of a correct verdict within ${rule.countSeconds} s at any time (${rule.rule} rule, ${rule.backgroundSites} background sites, between-site CV ${(100 * rule.spreadCv).toFixed(0)} %)`,
        undetectableLesions,
      },
    };
  }
  const meritAt = (h: number) => basis.reduce((a, l) => a + model.verdictAt(l, h).positive, 0) / basis.length;
  const merit = hours.map(
    (_, i) => basisCurves.reduce((a, c) => a + (c.probability[i] ?? 0), 0) / basis.length,
  );
  let bestIndex = 0;
  merit.forEach((m, i) => {
    if (m > (merit[bestIndex] ?? 0)) bestIndex = i;
  });
  const best = merit[bestIndex] ?? 0;
  let flatFrom = bestIndex;
  while (flatFrom > 0 && (merit[flatFrom - 1] ?? 0) >= best - FLAT) flatFrom--;
  let flatTo = bestIndex;
  while (flatTo + 1 < merit.length && (merit[flatTo + 1] ?? 0) >= best - FLAT) flatTo++;
  const optimumHours = ((hours[flatFrom] ?? 0) + (hours[flatTo] ?? 0)) / 2;
  const threshold = best - WINDOW_TOLERANCE;
  let from = bestIndex;
  while (from > 0 && (merit[from - 1] ?? 0) >= threshold) from--;
  let to = bestIndex;
  while (to + 1 < merit.length && (merit[to + 1] ?? 0) >= threshold) to++;
  // Refine each edge between the last grid point inside and the first outside (or the grid's ends).
  const refine = (inside: number, outside: number) => {
    let a = inside;
    let b = outside;
    for (let i = 0; i < bisections; i++) {
      const mid = (a + b) / 2;
      if (meritAt(mid) >= threshold) a = mid;
      else b = mid;
    }
    return a;
  };
  const fromHours = from > 0 ? refine(hours[from] ?? 0, hours[from - 1] ?? 0) : refine(hours[0] ?? 0, 1e-6);
  const toHours =
    to + 1 < merit.length ? refine(hours[to] ?? 0, hours[to + 1] ?? 0) : (hours[to] ?? horizonHours);
  const atOptimum = basis.map((l) => ({ l, p: model.verdictAt(l, optimumHours).positive }));
  atOptimum.sort((x, y) => x.p - y.p);
  const limiting = atOptimum[0]?.l ?? basis[0]!;
  const rates = model.ratesAt(limiting, optimumHours);
  const sitesText = `${rule.backgroundSites} background site${rule.backgroundSites === 1 ? '' : 's'} of ${rule.backgroundSiteSeconds} s`;
  return {
    curves,
    window: {
      ok: true,
      fromHours,
      toHours,
      optimumHours,
      optimumCountSeconds: curriePairedSeconds(rates.lesionCps / rates.backgroundCps, rates.backgroundCps),
      basisLesion: limiting.lesion.label,
      criterion: `Probability of a correct (positive) verdict within ${rule.countSeconds} s — ${rule.rule === 'adaptive' ? 'adaptive' : 'plain'} SPRT of the counting engine, alpha ${rule.alpha}, beta ${rule.beta}, T/B ${rule.ratio}, ${sitesText}, between-site CV ${(100 * rule.spreadCv).toFixed(0)} % — averaged over the detectable expected lesions (best ≥ ${fmt(DETECTABLE_FLOOR)}); the window keeps it within ${(100 * WINDOW_TOLERANCE).toFixed(0)} percentage points of its maximum`,
      figureOfMerit: 'correct-verdict-probability',
      optimumProbability: best,
      edgeProbability: threshold,
      tolerance: WINDOW_TOLERANCE,
      detectableFloor: DETECTABLE_FLOOR,
      basisLesions: basis.map((l) => l.lesion.label),
      undetectableLesions,
    },
  };
}

export function recommendWindow(
  model: PlanModel,
  lesions: readonly LesionModel[],
  horizonHours: number,
  gridPoints = WINDOW_GRID_POINTS,
  bisections = BISECTIONS,
): WindowRecommendation {
  return evaluateWindow(model, lesions, horizonHours, gridPoints, bisections).window;
}
