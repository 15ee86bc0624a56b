// The recommended injection-to-surgery window. Figure of merit: the inverse of the Currie 95 %/95 %
// paired counting time (detection.ts, research notes §5.3), which rewards both count rate and contrast.
// The window is the stretch of time around the optimum where counting takes at most twice as long as at
// the optimum, for the hardest lesion of the plan (the one whose best figure of merit is lowest).
// Activity cancels out of the window (the figure of merit scales with it), geometry and kinetics do not.
import { curriePairedSeconds } from './detection.js';
import type { LesionModel, PlanModel } from './plan.js';

/** Counting may take up to this factor longer than at the optimum inside the window. */
export const WINDOW_TIME_FACTOR = 2;
const GRID_POINTS = 600;

export type WindowRecommendation =
  | {
      ok: true;
      fromHours: number;
      toHours: number;
      optimumHours: number;
      /** Currie paired counting time at the optimum for the basis lesion (s). */
      optimumCountSeconds: number;
      basisLesion: string;
      criterion: string;
    }
  | { ok: false; reason: string };

export function recommendWindow(
  model: PlanModel,
  lesions: readonly LesionModel[],
  horizonHours: number,
): WindowRecommendation {
  const hours: number[] = [];
  for (let i = 1; i <= GRID_POINTS; i++) hours.push((horizonHours * i) / GRID_POINTS);
  let basis: { label: string; merit: number[]; best: number; bestIndex: number } | undefined;
  for (const lesion of lesions) {
    const merit = hours.map((h) => {
      const r = model.ratesAt(lesion, h);
      return 1 / curriePairedSeconds(r.lesionCps / r.backgroundCps, r.backgroundCps);
    });
    let bestIndex = 0;
    merit.forEach((m, i) => {
      if (m > (merit[bestIndex] ?? 0)) bestIndex = i;
    });
    const best = merit[bestIndex] ?? 0;
    if (basis === undefined || best < basis.best)
      basis = { label: lesion.lesion.label, merit, best, bestIndex };
  }
  if (basis === undefined) return { ok: false, reason: 'no lesions' };
  if (!(basis.best > 0)) {
    return {
      ok: false,
      reason: `lesion '${basis.label}' never shows more counts than the tissue around it: no injection time makes it detectable`,
    };
  }
  const threshold = basis.best / WINDOW_TIME_FACTOR;
  let from = basis.bestIndex;
  while (from > 0 && (basis.merit[from - 1] ?? 0) >= threshold) from--;
  let to = basis.bestIndex;
  while (to + 1 < basis.merit.length && (basis.merit[to + 1] ?? 0) >= threshold) to++;
  return {
    ok: true,
    fromHours: hours[from] ?? 0,
    toHours: hours[to] ?? horizonHours,
    optimumHours: hours[basis.bestIndex] ?? 0,
    optimumCountSeconds: 1 / basis.best,
    basisLesion: basis.label,
    criterion: `Counting time (Currie 95 %/95 %, paired) at most ${WINDOW_TIME_FACTOR}× the optimum for the hardest lesion`,
  };
}
