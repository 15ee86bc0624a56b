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
}

export interface PlanView {
  tracer: { name: string; nuclide: string };
  hoursAfterInjection: { surgeryStart: number; surgeryEnd: number };
  recommendedWindow: { fromHours: number; toHours: number } | null;
  windowUncertainty: { fromHoursLow: number; toHoursHigh: number } | null;
  plannedTimingInWindow: boolean;
  lesions: PlanLesionView[];
  detectabilityMap: { uptakeRatio: number; rows: { depthCm: number; smallestDiameterMm: number | null }[] };
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
