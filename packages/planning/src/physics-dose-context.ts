// DoseContext backed by @openrgs/physics (half-lives, ICRP 74 H*(10) rate constants).
import { doseRateConstant, findNuclide } from '@openrgs/physics';
import type { DoseContext } from './dose-report.js';

export const physicsDoseContext: DoseContext = {
  halfLifeSeconds(nuclide) {
    const n = findNuclide(nuclide);
    return n.ok ? n.value.halfLifeSeconds : undefined;
  },
  doseRateConstant(nuclide) {
    const c = doseRateConstant(nuclide);
    return c.ok
      ? {
          microSvPerHourPerMBqAt1m: c.value.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m,
          source: c.value.source,
        }
      : undefined;
  },
};
