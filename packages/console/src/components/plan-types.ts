// The parts of the planning server's answers the console shows (docs/planning.md §6–7). Tolerant of added
// fields; the server (@openrgs/planning PlanResult, DoseReport) is the source of truth.

export interface LesionAt {
  expectedRatio: number;
  detectionProbability5s: number;
  expectedSecondsToVerdict: number;
  tissueRatio: number;
}

export interface PlanLesionView extends LesionAt {
  label: string;
  diameterMm: number;
  depthCm: number;
  nearbyOrgan: string;
  expectedRateCps: number;
  expectedBackgroundCps: number;
  likelyFound: boolean;
  reasons: string[];
  atSurgeryEnd: LesionAt;
  /** Probability of a correct verdict by the engine's rule with site spread (issue 12); absent from older servers. */
  correctVerdictProbability?: {
    atSurgeryStart: number;
    atSurgeryEnd: number;
    best: number;
    bestAtHours: number;
  };
  detectable?: boolean;
  /** The best case, with the background known exactly (issue 12); absent from older servers. */
  detectionProbability5sKnownBackground?: number;
  /** Fewest background sites that would make the lesion likely found (null: none up to 20). */
  backgroundSitesForLikelyFound?: number | null;
}

/** How the plan's verdicts are modelled: the engine's rule and the background sites it assumes (issue 12). */
export interface VerdictModelView {
  rule: string;
  alpha: number;
  beta: number;
  ratio: number;
  backgroundSites: number;
  backgroundSiteSeconds: number;
  backgroundSitesBasis: string;
  spreadCv: number;
  spreadCvBasis: string;
  spreadPriorBasis: string;
  engineMinimumSites: number;
}

export interface UndetectableLesionView {
  label: string;
  bestProbability: number;
  bestAtHours: number;
  reason: string;
}

/** The window's basis (issue 12): what it rests on, in words and by lesion. */
export type PlanWindowView =
  | {
      ok: true;
      criterion: string;
      basisLesions: string[];
      basisLesion: string;
      optimumHours: number;
      optimumProbability: number;
      edgeProbability: number;
    }
  | { ok: false; reason: string };

export interface PlanView {
  tracer: { name: string; nuclide: string };
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  recommendedWindow: { fromHours: number; toHours: number } | null;
  windowUncertainty: { fromHoursLow: number; toHoursHigh: number } | null;
  plannedTimingInWindow: boolean;
  window?: PlanWindowView;
  undetectableLesions?: UndetectableLesionView[];
  verdictModel?: VerdictModelView;
  lesions: PlanLesionView[];
  detectabilityMap: {
    uptakeRatio: number;
    /** Judged under the operating room's rule and background sites (as the headline). */
    rows: { depthCm: number; smallestDiameterMm: number | null }[];
    /** The best case: the background known exactly. */
    rowsKnownBackground: { depthCm: number; smallestDiameterMm: number | null }[];
  };
  assumptions: string[];
  probe: { id: string; basis: string };
}

export interface SourcedValueView {
  value: number;
  low: number;
  high: number;
  unit: string;
  basis: string;
  source: string;
}

export interface StaffDoseView {
  role: string;
  distanceCm: number;
  occupancy: number;
  doseMicroSv: number;
  doseRateAtStartMicroSvPerHour: number;
}

export interface DoseView {
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  doseRateConstant: { microSvPerHourPerMBqAt1m: number; quantity: string; source: string };
  selfAttenuation: SourcedValueView;
  sourceDepthCm: SourcedValueView;
  staff: StaffDoseView[];
  ambientDoseRateAt1m: { atSurgeryStartMicroSvPerHour: number; atSurgeryEndMicroSvPerHour: number };
  pregnancy: {
    limitMilliSv: SourcedValueView;
    checks: {
      role: string;
      doseThisOperationMilliSv: number;
      operationsWithinLimit: number | null;
      withinLimit: boolean;
    }[];
  };
  assumptions: string[];
}
