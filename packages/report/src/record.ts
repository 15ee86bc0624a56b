// A closed (or open) case as the report, the FHIR export and the registry read it: one plain snapshot,
// decoupled from storage. The server maps its rows to this shape; tests build it by hand.

export type MeasurementKind = 'background' | 'in-vivo' | 'ex-vivo' | 'tumour-bed' | 'reference-source';
export type Verdict = 'positive' | 'negative' | 'undecided';
export type ImagingStatus = 'seen' | 'indeterminate' | 'not-seen';
export type ResectionStatus = 'R0' | 'R1' | 'R2' | 'pending';
/** Anatomical groups the registry reports on (issue 9). */
export type LesionSite = 'bowel' | 'pancreas' | 'nodes' | 'liver' | 'other';

export interface TracerAdministration {
  /** Canonical display name, e.g. "99mTc-EDDA/HYNIC-TOC" (or the text recorded, for an unknown agent). */
  agent: string;
  /** Canonical tracer id (@openrgs/api TRACERS), when known. */
  tracerId?: string;
  /** Nuclide name as the physics package spells it, e.g. "Tc-99m". */
  nuclide: string;
  activityMBq: number;
  /** ISO-8601 with zone. */
  administeredAt: string;
  route?: string;
}

export interface ProbeRecord {
  id: string;
  model: string;
  serial: string;
  detector?: string;
  collimator?: string;
  energyWindow?: string;
  /** QC state when the case started. */
  qc: {
    state: 'pass' | 'warn' | 'fail' | 'none';
    checkedAt?: string;
    overrideReason?: string;
    overrideBy?: string;
  };
}

export interface BackgroundModelRecord {
  meanCps: number;
  sdCps: number;
  sites: number;
  /** The limit normal tissue exceeds with probability alpha in this patient, cps. */
  thresholdCps?: number;
  description?: string;
  /** Decision rule id that used the model (`adaptive`, `k-sigma`, …). */
  rule?: string;
  /** Sites given (flagged and dropped ones included) and the sites needed before verdicts stop being provisional. */
  sitesGiven?: number;
  minimumSites?: number;
  provisional?: boolean;
  /** Background sites the outlier check flagged, with why and the team's decision (issue 12). */
  flagged?: Array<{
    siteLabel: string;
    direction: 'low' | 'high';
    status: 'unconfirmed' | 'kept' | 'dropped';
    reason: string;
  }>;
}

export interface MeasurementRecord {
  id: string;
  kind: MeasurementKind;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  rateCps: number;
  /** ISO-8601 with zone. */
  measuredAt: string;
  /** Rate decay-corrected to this measurement's `decayReferenceTime`. */
  decayCorrectedRateCps?: number;
  /**
   * The time `decayCorrectedRateCps` refers to, as stored with the measurement (ISO-8601 with zone). The
   * case's reference may have changed since; a record without it is read against the case's reference.
   */
  decayReferenceTime?: string;
  /** Exact 95 % Poisson interval of the rate, cps. */
  rateLowCps?: number;
  rateHighCps?: number;
  ratio?: number;
  /** 95 % interval of T/B. */
  ratioLow?: number;
  ratioHigh?: number;
  verdict?: Verdict;
  /** Confidence of the verdict, percent (1 − its error rate). */
  confidencePercent?: number;
  /** The engine called the verdict provisional. */
  provisional?: boolean;
  /** Warnings shown with the verdict. */
  warnings?: string[];
  /** The background model the verdict was made against (as shown when the mark was made). */
  background?: BackgroundModelRecord;
  /** Frames of the live session the measurement sums (sequence numbers, inclusive). */
  fromSeq?: number;
  toSeq?: number;
  evidence?: string;
  lesionId?: string;
  specimenId?: string;
  recordedBy?: string;
}

export interface PathologyRecord {
  netConfirmed: boolean;
  grade?: 'G1' | 'G2' | 'G3' | 'NEC';
  ki67Percent?: number;
  sizeMm?: number;
  margins?: 'clear' | 'involved' | 'close';
}

export interface LesionRecord {
  id: string;
  label: string;
  /** Registry group of the coded site. */
  site: LesionSite;
  /** Coded tissue site and its display name (@openrgs/api LESION_SITES); absent when not coded. */
  siteCode?: string;
  siteDisplay?: string;
  /** Free-text location: a note, never grouped on. */
  location?: string;
  imagingStatus: ImagingStatus;
  rgsResult?: Verdict;
  pathology?: PathologyRecord;
}

export interface SpecimenRecord {
  id: string;
  label: string;
  lesionId?: string;
  excisedAt?: string;
}

export interface FollowUpRecord {
  date: string;
  recurrence: boolean;
  note?: string;
}

export interface StaffDoseRecord {
  role: string;
  doseMicroSv: number;
  source: string;
}

export interface CaseRecord {
  id: string;
  label: string;
  /**
   * Pseudonymous patient identifier: never a name or a hospital number. Absent when no patient is
   * linked to the case: then the FHIR export has no Patient (never a made-up identifier).
   */
  patientPseudonym?: string;
  /** Administrative sex and year of birth of the pseudonymous patient, when recorded. */
  patientSex?: 'female' | 'male' | 'other' | 'unknown';
  patientBirthYear?: number;
  status: 'open' | 'closed';
  createdAt: string;
  surgeryStart?: string;
  tracer?: TracerAdministration;
  probe?: ProbeRecord;
  background?: BackgroundModelRecord;
  /** The time every decay-corrected rate refers to (ISO-8601 with zone). */
  decayReferenceTime?: string;
  measurements: MeasurementRecord[];
  lesions: LesionRecord[];
  specimens: SpecimenRecord[];
  resectionStatus: ResectionStatus;
  followUps: FollowUpRecord[];
  staffDose?: StaffDoseRecord[];
  signOff?: { by: string; role: string; at: string };
  /** True for the generated demo registry: every output says so. */
  synthetic?: boolean;
}
