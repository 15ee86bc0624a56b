// The region a surgeon sweeps in a simulator scenario (its target lesions, without an injection depot) and
// the medium below it — shared by `rgs map simulate`, `rgs bench map` and the server's simulated sweeps.
import { type Scenario, type TissueName, tissueAt, trunkWithOpening } from '@openrgs/sim';
import type { OrganTemplates } from './body-basis.js';
import type { Medium } from './medium.js';

export interface ScanRegion {
  centerCm: [number, number];
  halfWidthCm: number;
  halfHeightCm: number;
  surfaceZCm: number;
}

/** A lesion with ≥ 1 MBq of its own activity is an injection depot, not a target. */
export function isInjectionDepot(lesion: Scenario['lesions'][number]): boolean {
  return lesion.uptake.kind === 'activity' && lesion.uptake.activityMBq >= 1;
}

/** The surgeon's target region of a scenario: its lesions, without an injection depot (≥ 1 MBq). */
export function scanRegionOf(scenario: Scenario): ScanRegion {
  const targets = scenario.lesions.filter((l) => !isInjectionDepot(l));
  const xs = targets.map((l) => l.centerCm[0]);
  const ys = targets.map((l) => l.centerCm[1]);
  const x0 = xs.length > 0 ? Math.min(...xs) : scenario.startPose.positionCm[0];
  const x1 = xs.length > 0 ? Math.max(...xs) : scenario.startPose.positionCm[0];
  const y0 = ys.length > 0 ? Math.min(...ys) : scenario.startPose.positionCm[1];
  const y1 = ys.length > 0 ? Math.max(...ys) : scenario.startPose.positionCm[1];
  return {
    centerCm: [(x0 + x1) / 2, (y0 + y1) / 2],
    halfWidthCm: Math.max(3, (x1 - x0) / 2 + 2),
    halfHeightCm: Math.max(3, (y1 - y0) / 2 + 2),
    surfaceZCm: scenario.openAbdomenZCm ?? scenario.surveyPlaneZCm,
  };
}

/** The medium of a scenario: tissue below its surface, or air when there is no patient. */
export function mediumOf(scenario: Scenario): Medium {
  return scenario.patient
    ? { kind: 'tissue-below', surfaceZCm: scanRegionOf(scenario).surfaceZCm }
    : { kind: 'air' };
}

/**
 * Organs that keep their place between the pre-op CT and the operation (solid organs and the great vessels;
 * not the bowel, colon or bladder, which the surgeon moves or drains): their templates as a registered,
 * segmented pre-op CT would give them — here the virtual patient's own geometry, exact, so a bench with them
 * is an upper bound on what a real segmentation and registration would give.
 */
export const FIXED_ORGANS: readonly TissueName[] = [
  'liver',
  'spleen',
  'kidneys',
  'adrenals',
  'pancreas',
  'blood-pool',
];

/** The scenario's fixed organs as templates (null without a patient or a tracer: nothing in them). */
export function organTemplatesOf(scenario: Scenario): OrganTemplates | null {
  if (!scenario.patient || scenario.tracer === null) return null;
  const trunk = trunkWithOpening(scenario.openAbdomenZCm);
  return {
    labels: FIXED_ORGANS,
    organOf: (p) => {
      const tissue = tissueAt(p, trunk);
      return tissue === undefined ? -1 : FIXED_ORGANS.indexOf(tissue);
    },
  };
}
