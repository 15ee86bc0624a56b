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

export const LesionCreate = z.strictObject({
  label: label(80),
  /** Coded tissue site (vocabulary.ts LESION_SITES): what the registry and the report group by. */
  siteCode: LesionSite.nullable().optional(),
  /** Free-text location, a note beside the coded site (e.g. "mesentery, SMA root"); never grouped on. */
  location: label(200).nullable().optional(),
  sizeMm: z.number().positive().max(1000).nullable().optional(),
  preopModality: label(80).nullable().optional(),
  preopImagingStatus: PreopImagingStatus.nullable().optional(),
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
