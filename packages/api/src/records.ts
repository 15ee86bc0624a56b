// Cases and what they hold: patients (pseudonymous), tracer administrations, lesions, specimens, notes,
// probes, sign-off. Request bodies are strict (unknown fields are refused).
import { z } from 'zod';
import { freeText, Id, Instant, IsoDate, label, personName } from './text.js';
import { LesionSite, TracerId } from './vocabulary.js';

export const ResectionStatus = z.enum(['pending', 'R0', 'R1', 'R2']);
export const PreopImagingStatus = z.enum(['seen', 'indeterminate', 'not-seen']);
export const RgsResult = z.enum(['positive', 'negative', 'undecided', 'not-measured']);
export const PathologyResult = z.enum(['pending', 'net-confirmed', 'other-tumour', 'no-tumour']);
export const PathologyGrade = z.enum(['G1', 'G2', 'G3']);
export const MarginStatus = z.enum(['clear', 'involved', 'not-assessed']);
export const Sex = z.enum(['female', 'male', 'other', 'unknown']);

export const PatientIdentity = z.strictObject({
  givenName: personName().nullable().optional(),
  familyName: personName().nullable().optional(),
  birthDate: IsoDate.nullable().optional(),
  medicalRecordNumber: label(64).nullable().optional(),
});

export const PatientCreate = z.strictObject({
  pseudonym: label(64),
  sex: Sex.nullable().optional(),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  identity: PatientIdentity.optional(),
});
export const PatientPatch = PatientCreate.omit({ pseudonym: true });

export const CaseCreate = z.strictObject({
  label: label(120),
  patientId: Id.nullable().optional(),
  procedureDate: IsoDate.nullable().optional(),
  indication: freeText(500).nullable().optional(),
  resectionStatus: ResectionStatus.optional(),
  /** Instant to which rates are decay-corrected; default: the (first) tracer administration time. */
  decayReferenceTime: Instant.nullable().optional(),
});
export type CaseCreate = z.infer<typeof CaseCreate>;
export const CasePatch = CaseCreate.partial();

export const SignOff = z.strictObject({
  statement: freeText(2000).pipe(z.string().min(1, 'must not be empty')),
});
export const Reopen = z.strictObject({ reason: freeText(2000).pipe(z.string().min(1, 'must not be empty')) });

export const TracerAdministrationCreate = z.strictObject({
  /**
   * Radiopharmaceutical, e.g. `99mTc-EDDA/HYNIC-TOC`: its display name, canonical id or a known alias
   * (`Tc-99m-EDDA/HYNIC-TOC`, `Tektrotyd`…; vocabulary.ts). Stored as the canonical display name with
   * `tracerId`; an unknown spelling is refused with the list of known tracers.
   */
  agent: label(120),
  /** Canonical tracer id (`tc99m-hynic-toc`, …); must agree with `agent` when both are sent. */
  tracerId: TracerId.optional(),
  /** Nuclide name known to @openrgs/physics (e.g. `Tc-99m`, `In-111`, `Ga-68`). */
  nuclide: label(20),
  /** 0.01 – 100 000 MBq (diagnostic activities are tens to hundreds of MBq). */
  activityMBq: z.number().min(0.01, 'must be at least 0.01 MBq').max(100_000, 'must be at most 100000 MBq'),
  administeredAt: Instant,
  route: label(40).nullable().optional(),
});

/**
 * Largest |coordinate| of a pre-op lesion position, cm. The patient frame's origin is the tracker's
 * reference (fixed to the patient or the table), so no point of the patient lies 2 m from it; a larger
 * figure is a unit slip (mm for cm) or a coordinate from an unregistered image, refused.
 */
export const PREOP_POSITION_LIMIT_CM = 200;
const preopCoordinateCm = (axis: string) => {
  // z.number() refuses non-finite numbers (JSON's 1e999 parses to Infinity) with the type message.
  const outside = `the ${axis} coordinate must be within ±${PREOP_POSITION_LIMIT_CM} cm of the tracker's reference (is it in mm?)`;
  return z
    .number({ error: `the ${axis} coordinate must be a finite number (cm)` })
    .min(-PREOP_POSITION_LIMIT_CM, { error: outside })
    .max(PREOP_POSITION_LIMIT_CM, { error: outside });
};
/**
 * A lesion's position from pre-operative imaging, `[x, y, z]` in cm in the patient frame the 3D map uses:
 * the tracker's reference frame (PlusServer's `Reference` of `ProbeToReference`; for a simulated station
 * the virtual patient's frame), +x patient left, +y head, +z anterior. Enter the CT/PET/SPECT coordinate
 * of the lesion's centre AFTER registering the image to that reference (e.g. the point's coordinate in
 * 3D Slicer once the CT is registered to the tracker), converted to cm — not the scanner's own DICOM
 * coordinates. All three or none; null clears it.
 */
export const PreopPositionCm = z.tuple(
  [preopCoordinateCm('x'), preopCoordinateCm('y'), preopCoordinateCm('z')],
  {
    error: 'must be [x, y, z] in cm (three numbers)',
  },
);

export const LesionCreate = z.strictObject({
  label: label(80),
  /** Coded tissue site (vocabulary.ts LESION_SITES): what the registry and the report group by. */
  siteCode: LesionSite.nullable().optional(),
  /** Free-text location, a note beside the coded site (e.g. "mesentery, SMA root"); never grouped on. */
  location: label(200).nullable().optional(),
  sizeMm: z.number().positive().max(1000).nullable().optional(),
  preopModality: label(80).nullable().optional(),
  preopImagingStatus: PreopImagingStatus.nullable().optional(),
  /** Pre-op position, cm, patient (tracker reference) frame; see PreopPositionCm. */
  preopPositionCm: PreopPositionCm.nullable().optional(),
  rgsResult: RgsResult.optional(),
  pathologyResult: PathologyResult.optional(),
  pathologyGrade: PathologyGrade.nullable().optional(),
  ki67Percent: z.number().min(0).max(100).nullable().optional(),
  marginStatus: MarginStatus.nullable().optional(),
  pathologyNote: freeText(2000).nullable().optional(),
});
export const LesionPatch = LesionCreate.partial();

export const SpecimenCreate = z.strictObject({
  label: label(80),
  lesionId: Id.nullable().optional(),
  description: freeText(1000).nullable().optional(),
  excisedAt: Instant.nullable().optional(),
});
export const SpecimenPatch = SpecimenCreate.partial();

export const NoteCreate = z.strictObject({
  text: freeText(4000).pipe(z.string().min(1, 'must not be empty')),
});

export const ProbeCreate = z.strictObject({
  name: label(80),
  detector: z.enum(['gamma', 'beta']),
  manufacturer: label(80).nullable().optional(),
  model: label(80).nullable().optional(),
  serialNumber: label(80).nullable().optional(),
  collimator: label(80).nullable().optional(),
});
export const ProbePatch = ProbeCreate.partial();
/** Setting the QC state needs the `qc:write` permission (physicist, admin). */
export const ProbeQcStatus = z.strictObject({
  qcStatus: z.enum(['unknown', 'pass', 'fail']),
  qcCheckedAt: Instant,
});

export const CaseListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const AuditQuery = z.strictObject({
  caseId: Id.optional(),
  entityType: label(40).optional(),
  entityId: Id.optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const AuditRecord = z.object({
  seq: z.number().int(),
  id: Id,
  at: Instant,
  actor: z.object({ userId: Id.nullable(), username: z.string() }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  caseId: Id.nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

// ---------------------------------------------------------------------------------------------------------
// Responses: what the server answers for these records (the store's records, field for field — pinned by
// packages/server/src/wire-contract.test.ts, and checked at run time on every answer under test by the
// server's route helper). The console parses its answers with these same schemas.

export const ProbeRecord = z.object({
  id: z.string(),
  name: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string().nullable(),
  detector: z.enum(['gamma', 'beta']),
  collimator: z.string().nullable(),
  qcStatus: z.enum(['unknown', 'pass', 'fail']),
  qcCheckedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProbeRecord = z.infer<typeof ProbeRecord>;

export const TracerAdministrationRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  /** The tracer's canonical display name (vocabulary.ts). */
  agent: z.string(),
  /** Canonical tracer id; null for an administration recorded before tracers were coded. */
  tracerId: z.string().nullable(),
  nuclide: z.string(),
  activityMBq: z.number(),
  administeredAt: z.string(),
  route: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type TracerAdministrationRecord = z.infer<typeof TracerAdministrationRecord>;

export const LesionRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  label: z.string(),
  /** Coded tissue site (LESION_SITES); null for a lesion recorded before sites were coded. */
  siteCode: z.string().nullable(),
  location: z.string().nullable(),
  sizeMm: z.number().nullable(),
  preopModality: z.string().nullable(),
  preopImagingStatus: PreopImagingStatus.nullable(),
  /** `[x, y, z]`, cm, in the patient (tracker reference) frame of the 3D map; null when not entered. */
  preopPositionCm: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  rgsResult: RgsResult,
  pathologyResult: PathologyResult,
  pathologyGrade: PathologyGrade.nullable(),
  ki67Percent: z.number().nullable(),
  marginStatus: MarginStatus.nullable(),
  pathologyNote: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LesionRecord = z.infer<typeof LesionRecord>;

export const SpecimenRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  lesionId: z.string().nullable(),
  label: z.string(),
  description: z.string().nullable(),
  excisedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SpecimenRecord = z.infer<typeof SpecimenRecord>;

export const NoteRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  text: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type NoteRecord = z.infer<typeof NoteRecord>;

export const CaseSummaryRecord = z.object({
  id: z.string(),
  label: z.string(),
  /** The linked patient by pseudonym only; null when none is linked. */
  patient: z.object({ id: z.string(), pseudonym: z.string() }).nullable(),
  procedureDate: z.string().nullable(),
  indication: z.string().nullable(),
  resectionStatus: ResectionStatus,
  decayReferenceTime: z.string().nullable(),
  signOff: z.object({ at: z.string(), byUserId: z.string(), statement: z.string() }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type CaseSummaryRecord = z.infer<typeof CaseSummaryRecord>;

export const CaseDetailRecord = CaseSummaryRecord.extend({
  tracerAdministrations: z.array(TracerAdministrationRecord),
  lesions: z.array(LesionRecord),
  specimens: z.array(SpecimenRecord),
  notes: z.array(NoteRecord),
  measurementCount: z.number().int(),
});
export type CaseDetailRecord = z.infer<typeof CaseDetailRecord>;

export const PatientIdentityRecord = z.object({
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  birthDate: z.string().nullable(),
  medicalRecordNumber: z.string().nullable(),
});

/** A patient: pseudonym, sex and birth year; `identity` only for roles that may read it and asked for it. */
export const PatientRecord = z.object({
  id: z.string(),
  pseudonym: z.string(),
  sex: Sex.nullable(),
  birthYear: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  identity: PatientIdentityRecord.nullable().optional(),
});
export type PatientRecord = z.infer<typeof PatientRecord>;

export const FollowUpRecord = z.object({
  id: z.string(),
  caseId: z.string(),
  date: z.string(),
  recurrence: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type FollowUpRecord = z.infer<typeof FollowUpRecord>;
