// The analytic cross-check (tests only; not exported from the package): physics data from @openrgs/physics
// and the closed-form collimated point response (point-response.ts) with the geometry of a 14 mm hand-held
// probe (10 mm aperture, 15 mm collimator), no probe background, no dead time. Its count rates can be
// worked by hand, so plan.test.ts uses it where a test needs exact arithmetic (rates linear in activity)
// and to show that the published comparisons do not hinge on the probe model. Not a product probe: plans
// use the @openrgs/sim presets (context.ts).

import type { SpreadPrior } from '@openrgs/counting';
import { messagesOf } from '@openrgs/outcome';
import { findNuclide, linearAttenuationPerCm, selectEmissions } from '@openrgs/physics';
import { type PlanningContext, probeRefusal } from './plan.js';
import { collimatedPointResponse } from './point-response.js';

/** Intrinsic peak efficiency in the window: [ESTIMATED] 1 cm CsI(Tl) — 0.8 below 200 keV, 0.5 to 300 keV, 0.2 at 511 keV. */
function intrinsicEfficiency(energyKeV: number): number {
  if (energyKeV < 200) return 0.8;
  if (energyKeV < 300) return 0.5;
  return 0.2;
}

export const closedFormContext: PlanningContext = {
  halfLifeSeconds(nuclide) {
    const found = findNuclide(nuclide);
    return found.ok ? found.value.halfLifeSeconds : undefined;
  },
  probe(probeId, nuclide) {
    if (probeId !== 'closed-form-14mm')
      return probeRefusal('unknown-probe', `'${probeId}' is not a probe preset; one of closed-form-14mm`);
    const found = findNuclide(nuclide);
    if (!found.ok) return probeRefusal('unknown-nuclide', messagesOf(found.issues));
    const lines = selectEmissions(found.value, { minEnergyKeV: 100, minYieldPerDecay: 0.05 }).map((e) => ({
      yieldPerDecay: e.yieldPerDecay,
      intrinsicEfficiency: intrinsicEfficiency(e.energyKeV),
      tissueMuPerCm: linearAttenuationPerCm('soft-tissue', e.energyKeV),
    }));
    return {
      ok: true,
      value: {
        response: collimatedPointResponse({ apertureRadiusCm: 0.5, collimatorLengthCm: 1.5 }, lines),
        probeName: 'closed-form 14 mm probe (tests)',
        basis:
          'point-response.ts closed form; aperture 10 mm, collimator 15 mm; intrinsic efficiency estimated',
        backgroundCps: 0,
        deadTimeSeconds: 0,
      },
    };
  },
};

/**
 * A department with a registry: the between-site spread learnt from its past cases (counting
 * estimateSpreadPrior) at the planned CV 25 %, 30 sites' worth. The published series compared below found
 * their lesions with ratio criteria and a surgeon's judgement; with a learnt spread the engine's limit is
 * tight from three sites, which the plan then assumes (window.test.ts compares both).
 */
export const DEPARTMENT_PRIOR: SpreadPrior = {
  logVariance: Math.log1p(0.25 ** 2),
  degreesOfFreedom: 30,
  cases: 30,
  sites: 120,
  source: 'test: a department registry at CV 25 %',
};
